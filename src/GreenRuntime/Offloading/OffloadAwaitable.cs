using System.Diagnostics;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Offloading;

/// <summary>
/// The greenlet's wait for an <see cref="OffloadCall{T}"/>: it parks until the pool thread posts the completion; a
/// kill or timeout wakes it at once and abandons the call.
/// </summary>
internal readonly struct OffloadAwaitable<T> : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly Hub _hub;
    private readonly OffloadCall<T> _call;

    public OffloadAwaitable(Hub hub, OffloadCall<T> call)
    {
        _hub = hub;
        _call = call;
    }

    public OffloadAwaitable<T> GetAwaiter() => this;

    public bool IsCompleted => _call.IsFinished || _hub.CurrentGreenlet.Interruption is not null;

    [StackTraceHidden]
    public T GetResult()
    {
        // A call that returned before the kill keeps its result (a taken item is not dropped): the interruption is
        // thrown at the next suspension point.
        if (_call.IsFinished)
            return _call.GetResult();
        _call.Abandon();
        Hub.ThrowIfInterrupted(_hub.CurrentGreenlet);
        throw new InvalidOperationException($"The greenlet resumed before {_call} finished; this is a GreenRuntime bug.");
    }

    void IGreenAwaiter.OnCompleted(IResumable continuation)
    {
        var ticket = _hub.ParkExternal(_hub.CurrentGreenlet, continuation, _call, interruptible: true);
        _call.Attach(ticket);
    }

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
}
