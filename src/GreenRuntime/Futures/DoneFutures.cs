using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace GreenRuntime.Futures;

/// <summary>
/// <see cref="Futures.AsCompleted"/>'s enumeration (and the hub side of <see cref="Futures.Wait(IEnumerable{Future}, TimeSpan?, ReturnWhen)"/>):
/// yields each future once as it is done — those done at the start first, in the order given, then in the order they
/// finished. The futures finish on any thread: their waiter records the future and wakes the enumerator on its hub
/// (<see cref="EnumeratorWake"/>).
/// </summary>
/// <remarks>
/// While a future that another thread completes is pending, the hub counts on that completion
/// (<see cref="Hub.ExpectOtherThread"/>), so a greenlet waiting here does not make an idle hub raise
/// <see cref="LoopExitException"/>. Ending the enumeration, however it ends (all yielded, timeout, <c>break</c>, a
/// kill), takes its waiter off every future still pending.
/// </remarks>
internal sealed class DoneFutures : GreenEnumerator<Future>, IFutureWaiter
{
    private readonly Hub _hub;
    private readonly Future[] _futures;
    private readonly bool _throwOnTimeout;
    private readonly Queue<Future> _ready = new();
    private readonly List<Future> _arrived = [];   // told by their completing threads; guarded by itself
    private readonly EnumeratorWake _wake;
    private int _yielded;
    private int _foreignPending;                   // pending futures other threads complete; the hub expects them while > 0
    private bool _watching;

    public DoneFutures(Future[] futures, TimeSpan? timeout, bool throwOnTimeout)
        : base(timeout)
    {
        _hub = Hub.Current;
        _futures = futures;
        _throwOnTimeout = throwOnTimeout;
        _wake = new EnumeratorWake(_hub, Wake);
        List<Future>? pending = null;
        foreach (var future in futures)
        {
            if (future.Done)
            {
                _ready.Enqueue(future);
                continue;
            }
            (pending ??= []).Add(future);
            if (IsForeign(future))
                _foreignPending++;
        }
        if (pending is null)
            return;
        _watching = true;
        if (_foreignPending > 0)
            _hub.ExpectOtherThread();
        // A future that finishes between the check above and here tells this waiter at once: it arrives, once.
        foreach (var future in pending)
            future.AddWaiter(this);
    }

    /// <summary>What is left until <paramref name="deadline"/> (a <see cref="Hub.DeadlineAfter"/> timestamp), never negative; null for none.</summary>
    public static TimeSpan? Remaining(long deadline)
    {
        if (deadline == long.MaxValue)
            return null;
        long left = deadline - Stopwatch.GetTimestamp();
        return left <= 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, left);
    }

    private bool IsForeign(Future future) => !ReferenceEquals(future.CompletingHub, _hub);

    protected override bool TryTakeNext([MaybeNullWhen(false)] out Future item)
    {
        if (_ready.Count == 0)
            TakeArrived();
        if (_ready.TryDequeue(out item))
        {
            _yielded++;
            return true;
        }
        return false;
    }

    protected override bool IsFinished => _yielded == _futures.Length;

    protected override void OnTimeout()
    {
        StopWatching();
        if (_throwOnTimeout)
            throw new TimeoutException($"{_futures.Length - _yielded} (of {_futures.Length}) futures unfinished");
    }

    protected override void OnDispose() => StopWatching();

    // Any thread, outside the future's lock.
    void IFutureWaiter.FutureDone(Future future)
    {
        lock (_arrived)
            _arrived.Add(future);
        _wake.Post();
    }

    private void TakeArrived()
    {
        lock (_arrived)
        {
            foreach (var future in _arrived)
            {
                _ready.Enqueue(future);
                if (IsForeign(future) && --_foreignPending == 0 && _watching)
                    _hub.StopExpectingOtherThread();
            }
            _arrived.Clear();
        }
    }

    private void StopWatching()
    {
        if (!_watching)
            return;
        _watching = false;
        if (_foreignPending > 0)
            _hub.StopExpectingOtherThread();
        // Harmless for the futures that told this waiter already (they dropped it).
        foreach (var future in _futures)
            future.RemoveWaiter(this);
    }

    public override string ToString() => $"Futures.AsCompleted ({_futures.Length - _yielded} of {_futures.Length} futures left)";
}
