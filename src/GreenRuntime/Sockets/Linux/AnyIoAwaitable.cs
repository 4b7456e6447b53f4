using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets.Linux;

/// <summary>
/// Parks the current greenlet until any of several socket directions it has claimed becomes ready, or the
/// deadline passes (<c>Socket.Select</c>, <c>Socket.Poll</c>): the first registration to fire wakes it, and
/// <see cref="GetResult"/> releases every claim.
/// </summary>
/// <remarks>The result is false only when the deadline has passed.</remarks>
internal readonly struct AnyIoAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly Hub _hub;
    private readonly List<(SocketRegistration Registration, IoDirection Direction)> _claimed;
    private readonly long _deadline;

    public AnyIoAwaitable(Hub hub, List<(SocketRegistration, IoDirection)> claimed, long deadline)
    {
        _hub = hub;
        _claimed = claimed;
        _deadline = deadline;
    }

    public AnyIoAwaitable GetAwaiter() => this;

    public bool IsCompleted => _hub.CurrentGreenlet.Interruption is not null || DeadlinePassed;

    private bool DeadlinePassed => Hub.DeadlinePassed(_deadline);

    public bool GetResult()
    {
        var greenlet = _hub.CurrentGreenlet;
        bool closed = false;
        foreach (var (registration, direction) in _claimed)
        {
            registration.Unpark(greenlet, direction);
            closed |= registration.Closed;
        }
        Hub.ThrowIfInterrupted(greenlet);
        if (closed)
            throw SocketErrors.ClosedWhileWaiting();
        return !DeadlinePassed;
    }

    void IGreenAwaiter.OnCompleted(IResumable continuation) =>
        _hub.ParkUntil(_hub.CurrentGreenlet, continuation, new SocketSet(_claimed), _deadline);

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));

    /// <summary>What a greenlet parked on several sockets waits on, as deadlock reports show it.</summary>
    private sealed class SocketSet(List<(SocketRegistration Registration, IoDirection Direction)> claimed)
    {
        public override string ToString() =>
            $"any of {claimed.Count} socket waits (Select/Poll): " +
            string.Join(", ", claimed.Select(c => $"{(c.Direction == IoDirection.Read ? "read" : "write")} {c.Registration}"));
    }
}
