using System.Diagnostics;
using System.ComponentModel;

namespace GreenRuntime.CompilerServices;

/// <summary>A hub timer (or, for a zero delay, a yield) awaited by a twin.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SleepAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
{
    private static readonly object s_sleeping = new Description("a sleep");

    private readonly Hub _hub;
    private readonly long _deadline;

    internal SleepAwaitable(Hub hub, long deadline)
    {
        _hub = hub;
        _deadline = deadline;
    }

    /// <summary>Gets the awaiter (the awaitable itself).</summary>
    [MethodImpl(HotPath.Options)]
    public SleepAwaitable GetAwaiter() => this;

    /// <summary>Only a pending kill or timeout completes a sleep at once.</summary>
    public bool IsCompleted
    {
        [MethodImpl(HotPath.Options)]
        get => _hub.CurrentGreenlet.Interruption is not null;
    }

    /// <summary>Throws a pending kill or timeout.</summary>
    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    public void GetResult() => Hub.ThrowIfInterrupted(_hub.CurrentGreenlet);

    void IGreenAwaiter.OnCompleted(IResumable continuation) => Register(continuation);

    [MethodImpl(HotPath.Options)]
    internal void Register(IResumable continuation)
    {
        var greenlet = _hub.CurrentGreenlet;
        if (_deadline == 0)
        {
            _hub.Yield(greenlet, continuation);
        }
        else
        {
            _hub.ParkUntil(greenlet, continuation, s_sleeping, _deadline);
        }
    }

    /// <inheritdoc />
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <inheritdoc />
    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
}

/// <summary>A fixed text describing what a parked greenlet waits on.</summary>
internal sealed class Description(string text)
{
    public override string ToString() => text;
}
