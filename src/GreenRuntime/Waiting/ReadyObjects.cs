using System.Diagnostics.CodeAnalysis;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Waiting;

/// <summary>
/// <see cref="Green.IWait(IEnumerable{IGreenWaitable}, TimeSpan?, int?)"/>'s enumeration (and so <see cref="Green.Wait(IEnumerable{IGreenWaitable}, TimeSpan?, int?)"/>'s): observes the objects that are not ready
/// yet and yields each object as it becomes ready — those ready at the start first, in the order given, then in the
/// order they became ready — until <c>count</c> were yielded, all were, or the timeout passed (gevent's <c>iwait</c>).
/// Ending the enumeration, however it ends, removes its observers from the objects still pending.
/// </summary>
internal sealed class ReadyObjects : GreenEnumerator<IGreenWaitable>, IWaitObserver
{
    private readonly IWaitable[] _objects;
    private readonly int _wanted;
    private readonly List<IGreenWaitable> _ready = [];
    private int _taken;
    private bool _observing;

    public ReadyObjects(IWaitable[] objects, TimeSpan? timeout, int? count)
        : base(timeout)
    {
        _objects = objects;
        _wanted = Math.Min(count ?? objects.Length, objects.Length);
        foreach (var waitable in objects)
        {
            if (waitable.IsReady)
                _ready.Add(waitable);
        }
        if (_ready.Count < _wanted)
        {
            _observing = true;
            foreach (var waitable in objects)
            {
                if (!waitable.IsReady)
                    waitable.AddObserver(this);
            }
        }
    }

    /// <summary>Checks and copies the objects of a wait: all of this thread's hub.</summary>
    public static IWaitable[] Checked(IEnumerable<IGreenWaitable> objects, int? count)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be zero or positive (or null to wait for all of them).");
        var hub = Hub.Current;
        var waitables = new List<IWaitable>();
        foreach (var item in objects)
        {
            if (item is null)
                throw new ArgumentException("The objects to wait on must not contain null.", nameof(objects));
            var waitable = item.Waitable;
            if (!ReferenceEquals(waitable.Hub, hub))
                waitable.Hub.CheckThread(item);
            waitables.Add(waitable);
        }
        return [.. waitables];
    }

    /// <summary>Waits as <see cref="Green.Wait(IEnumerable{IGreenWaitable}, TimeSpan?, int?)"/> does: the ready objects, in the order they were yielded.</summary>
    public static async GreenTask<IReadOnlyList<IGreenWaitable>> Collect(ReadyObjects enumeration)
    {
        var ready = new List<IGreenWaitable>();
        using (enumeration)
        {
            while (await enumeration.MoveNext(default(GreenSuspend)))
                ready.Add(enumeration.Current);
        }
        return ready;
    }

    protected override bool TryTakeNext([MaybeNullWhen(false)] out IGreenWaitable item)
    {
        if (_taken < _wanted && _taken < _ready.Count)
        {
            item = _ready[_taken++];
            if (_taken == _wanted)
                StopObserving();
            return true;
        }
        item = null;
        return false;
    }

    protected override bool IsFinished => _taken >= _wanted;

    protected override void OnDispose() => StopObserving();

    public void OnSignaled(object source)
    {
        _ready.Add((IGreenWaitable)source);
        Wake();
    }

    private void StopObserving()
    {
        if (!_observing)
            return;
        _observing = false;
        foreach (var waitable in _objects)
        {
            // A source that became ready dropped this observer when it told it; the others still hold it.
            if (!waitable.IsReady)
                waitable.RemoveObserver(this);
        }
    }

    public override string ToString() => "Green.IWait";
}
