using System.Diagnostics.CodeAnalysis;

namespace GreenRuntime.Tests.Enumeration;

/// <summary>
/// A real producer for the tests: items greenlets <see cref="Feed"/> in are handed out, in order, to whichever
/// enumeration asks first; <see cref="Finish"/> ends the sequence, <see cref="Fail"/> makes the next wait throw.
/// Records what its enumerators were disposed after, so tests can pin the <c>foreach</c>'s <c>finally</c>.
/// </summary>
internal sealed class FedSequence<T>(TimeSpan? timeout = null, bool throwOnTimeout = false) : GreenEnumerable<T>
{
    private readonly Queue<T> _items = new(capacity: 16);
    private readonly List<Enumerator> _enumerators = [];
    private bool _finished;
    private Exception? _failure;

    /// <summary>One line per disposal: "disposed after N item(s)".</summary>
    public List<string> Disposals { get; } = [];

    public void Feed(T item)
    {
        _items.Enqueue(item);
        WakeAll();
    }

    public void Finish()
    {
        _finished = true;
        WakeAll();
    }

    public void Fail(Exception failure)
    {
        _failure = failure;
        WakeAll();
    }

    public override GreenEnumerator<T> GetEnumerator()
    {
        var enumerator = new Enumerator(this, timeout, throwOnTimeout);
        _enumerators.Add(enumerator);
        return enumerator;
    }

    private void WakeAll()
    {
        foreach (var enumerator in _enumerators)
            enumerator.ItemsChanged();
    }

    private sealed class Enumerator(FedSequence<T> sequence, TimeSpan? timeout, bool throwOnTimeout) : GreenEnumerator<T>(timeout)
    {
        private int _taken;

        public void ItemsChanged() => Wake();

        protected override bool TryTakeNext([MaybeNullWhen(false)] out T item)
        {
            if (sequence._failure is { } failure)
            {
                sequence._failure = null;
                throw failure;
            }
            if (sequence._items.TryDequeue(out item))
            {
                _taken++;
                return true;
            }
            return false;
        }

        protected override bool IsFinished => sequence._finished;

        protected override void OnDispose()
        {
            sequence._enumerators.Remove(this);
            sequence.Disposals.Add($"disposed after {_taken} item(s)");
        }

        protected override void OnTimeout()
        {
            if (throwOnTimeout)
                throw new TimeoutException("no item within the timeout");
        }

        public override string ToString() => "FedSequence";
    }
}
