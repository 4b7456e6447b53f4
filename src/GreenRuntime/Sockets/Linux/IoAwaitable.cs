using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets.Linux;

/// <summary>Parks the current greenlet until its socket is ready in one direction, or the deadline passes.</summary>
/// <remarks>The result is false only when the deadline has passed; callers retry their non-blocking call otherwise.</remarks>
internal readonly struct IoAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly Hub _hub;
    private readonly SocketRegistration _registration;
    private readonly IoDirection _direction;
    private readonly long _deadline;

    public IoAwaitable(Hub hub, SocketRegistration registration, IoDirection direction, long deadline)
    {
        _hub = hub;
        _registration = registration;
        _direction = direction;
        _deadline = deadline;
    }

    public IoAwaitable GetAwaiter() => this;

    public bool IsCompleted => _hub.CurrentGreenlet.Interruption is not null || DeadlinePassed;

    private bool DeadlinePassed => Hub.DeadlinePassed(_deadline);

    public bool GetResult()
    {
        var greenlet = _hub.CurrentGreenlet;
        _registration.Unpark(greenlet, _direction);
        Hub.ThrowIfInterrupted(greenlet);
        if (_registration.Closed)
            throw SocketErrors.ClosedWhileWaiting();
        return !DeadlinePassed;
    }

    void IGreenAwaiter.OnCompleted(IResumable continuation) =>
        _registration.Park(_hub, _hub.CurrentGreenlet, _direction, continuation, _deadline);

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
}
