using System.Diagnostics;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Waiting;

/// <summary>
/// The leaf wait every primitive's wait is built from: park the current greenlet in a <see cref="WaiterQueue"/> until a
/// wake, a deadline or an interruption. The result says whether a wake of the queue resumed it; it never throws, so the
/// primitive can first give back what it was handed (<see cref="WaiterQueue.EndWait"/>) and then rethrow the
/// interruption with <see cref="Hub.ThrowIfInterrupted"/>.
/// </summary>
/// <remarks>
/// Primitives whose waits must not allocate (queues, locks) wrap the same three steps in an awaitable of their own that
/// also knows their condition; internal waits written as <c>async GreenTask</c> methods await this one directly.
/// </remarks>
internal readonly struct SignalAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly Hub _hub;
    private readonly WaiterQueue _queue;
    private readonly object _waitingOn;
    private readonly long _deadline;

    public SignalAwaitable(Hub hub, WaiterQueue queue, object waitingOn, long deadline)
    {
        _hub = hub;
        _queue = queue;
        _waitingOn = waitingOn;
        _deadline = deadline;
    }

    public SignalAwaitable GetAwaiter() => this;

    /// <summary>Nothing to wait for: interrupted, or the deadline passed (the caller checks its own condition first).</summary>
    public bool IsCompleted =>
        _hub.CurrentGreenlet.Interruption is not null
        || Hub.DeadlinePassed(_deadline);

    /// <summary>Whether a wake of the queue resumed the greenlet (false: deadline, kill, timeout scope, or no wait).</summary>
    [StackTraceHidden]
    public bool GetResult() => WaiterQueue.EndWait(_hub.CurrentGreenlet);

    void IGreenAwaiter.OnCompleted(IResumable continuation) => _queue.Park(_hub, continuation, _waitingOn, _deadline);

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
}
