using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets.Portable;

/// <summary>
/// Parks the current greenlet until a <see cref="PendingOperation"/> completes or the deadline passes; a kill
/// or a timeout scope wakes it at once. The operation itself is never abandoned here: its outcome stays in
/// the slot for the next waiter.
/// </summary>
/// <remarks>The result is false only when the deadline passed before the operation completed.</remarks>
internal readonly struct PendingOperationAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly Hub _hub;
    private readonly PendingOperation _operation;
    private readonly long _deadline;

    public PendingOperationAwaitable(Hub hub, PendingOperation operation, long deadline)
    {
        _hub = hub;
        _operation = operation;
        _deadline = deadline;
    }

    public PendingOperationAwaitable GetAwaiter() => this;

    public bool IsCompleted =>
        _operation.IsCompleted || _hub.CurrentGreenlet.Interruption is not null || DeadlinePassed;

    private bool DeadlinePassed => Hub.DeadlinePassed(_deadline);

    public bool GetResult()
    {
        var greenlet = _hub.CurrentGreenlet;
        // Read before Unpark: it cancels an operation the wait gave up on, and .NET may complete it (cancelled) inline.
        bool completed = _operation.IsCompleted;
        _operation.Unpark(greenlet);
        Hub.ThrowIfInterrupted(greenlet);
        return completed;
    }

    void IGreenAwaiter.OnCompleted(IResumable continuation) =>
        _operation.Park(_hub, _hub.CurrentGreenlet, continuation, _deadline);

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
}
