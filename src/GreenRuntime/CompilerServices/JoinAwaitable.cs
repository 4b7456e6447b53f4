using System.Diagnostics;
using System.ComponentModel;
using GreenRuntime.Waiting;

namespace GreenRuntime.CompilerServices;

/// <summary>A twin waiting for a greenlet to finish; the result says whether it did before the deadline.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct JoinAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly Greenlet _target;
    private readonly long _deadline;

    internal JoinAwaitable(Greenlet target, long deadline)
    {
        _target = target;
        _deadline = deadline;
    }

    /// <summary>Gets the awaiter (the awaitable itself).</summary>
    public JoinAwaitable GetAwaiter() => this;

    /// <summary>Whether there is nothing to wait for: finished, or interrupted.</summary>
    /// <remarks>
    /// A deadline that has already passed (<c>Join(TimeSpan.Zero)</c>) still parks: its timer is due at once, so the
    /// hub turns once first and a greenlet that was just spawned gets to run, as gevent's <c>join(0)</c> does.
    /// </remarks>
    public bool IsCompleted =>
        _target.Dead
        || _target.Hub.CurrentGreenlet.Interruption is not null;

    /// <summary>Returns whether the greenlet finished; throws a pending kill or timeout.</summary>
    [StackTraceHidden]
    public bool GetResult()
    {
        var greenlet = _target.Hub.CurrentGreenlet;
        WaiterQueue.EndWait(greenlet);
        Hub.ThrowIfInterrupted(greenlet);
        return _target.Dead;
    }

    void IGreenAwaiter.OnCompleted(IResumable continuation)
    {
        _target.Waiters.Park(_target.Hub, continuation, _target, _deadline);
    }

    /// <inheritdoc />
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <inheritdoc />
    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
}
