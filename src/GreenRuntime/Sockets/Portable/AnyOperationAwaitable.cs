using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets.Portable;

/// <summary>
/// Parks the current greenlet until any of several <see cref="PendingOperation"/>s completes or the deadline
/// passes (<c>Socket.Select</c>, <c>Socket.Poll</c>): one ticket, attached to every operation, posted by the
/// first to complete. <see cref="GetResult"/> releases (and so cancels) the others.
/// </summary>
/// <remarks>The result is whether any operation completed.</remarks>
internal readonly struct AnyOperationAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly Hub _hub;
    private readonly List<PendingOperation> _operations;
    private readonly long _deadline;

    public AnyOperationAwaitable(Hub hub, List<PendingOperation> operations, long deadline)
    {
        _hub = hub;
        _operations = operations;
        _deadline = deadline;
    }

    public AnyOperationAwaitable GetAwaiter() => this;

    public bool IsCompleted => AnyCompleted || _hub.CurrentGreenlet.Interruption is not null || DeadlinePassed;

    private bool AnyCompleted => _operations.Exists(static operation => operation.IsCompleted);

    private bool DeadlinePassed => Hub.DeadlinePassed(_deadline);

    public bool GetResult()
    {
        var greenlet = _hub.CurrentGreenlet;
        bool anyCompleted = AnyCompleted;
        foreach (var operation in _operations)
            operation.Unpark(greenlet);
        Hub.ThrowIfInterrupted(greenlet);
        return anyCompleted;
    }

    void IGreenAwaiter.OnCompleted(IResumable continuation)
    {
        var greenlet = _hub.CurrentGreenlet;
        var ticket = _hub.ParkExternal(greenlet, continuation, new OperationSet(_operations), interruptible: true, _deadline);
        foreach (var operation in _operations)
            operation.Attach(greenlet, ticket);
    }

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));

    /// <summary>What a greenlet parked on several operations waits on, as deadlock reports show it.</summary>
    private sealed class OperationSet(List<PendingOperation> operations)
    {
        public override string ToString() =>
            $"any of {operations.Count} socket waits (Select/Poll): {string.Join(", ", operations)}";
    }
}
