using System.Diagnostics;
namespace GreenRuntime.CompilerServices;

/// <summary>
/// The general leaf wait: park the current greenlet on a token until someone calls
/// <see cref="Hub.Wake"/> for it, or until the deadline.
/// </summary>
/// <remarks>
/// Wakers only signal; the woken greenlet re-checks its condition and its deadline after
/// <see cref="GetResult"/>, so a kill or timeout that wins the race never loses what the waker offered.
/// </remarks>
internal readonly struct WakeAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly Hub _hub;
    private readonly object _token;
    private readonly long _deadline;

    public WakeAwaitable(Hub hub, object token, long deadline)
    {
        _hub = hub;
        _token = token;
        _deadline = deadline;
    }

    public WakeAwaitable GetAwaiter() => this;

    public bool IsCompleted =>
        _hub.CurrentGreenlet.Interruption is not null
        || Hub.DeadlinePassed(_deadline);

    [StackTraceHidden]
    public void GetResult() => Hub.ThrowIfInterrupted(_hub.CurrentGreenlet);

    void IGreenAwaiter.OnCompleted(IResumable continuation) =>
        _hub.ParkUntil(_hub.CurrentGreenlet, continuation, _token, _deadline);

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
}
