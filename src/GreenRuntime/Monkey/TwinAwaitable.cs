using System.ComponentModel;
using System.Diagnostics;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Monkey;

/// <summary>
/// What a twin awaits for an <c>XxxAsync</c> twin returning <see cref="Task"/> or <see cref="ValueTask"/>, and for
/// <c>Task.Wait()</c> and <c>GetAwaiter().GetResult()</c> (<see cref="AsyncTwinPatches"/>): an operation that completed
/// already costs nothing more than awaiting it in plain <c>async</c> code; one that has not parks the greenlet until
/// its completion is posted back to the hub (<see cref="PendingTwin"/>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TwinAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly ValueTask _task;
    private readonly TwinResult _result;
    private readonly bool _lentToken;

    internal TwinAwaitable(ValueTask task, TwinResult result, bool lentToken)
    {
        _task = task;
        _result = result;
        _lentToken = lentToken;
    }

    /// <summary>The awaiter: this value itself.</summary>
    public TwinAwaitable GetAwaiter() => this;

    /// <summary>Whether the operation has completed (then nothing waits).</summary>
    public bool IsCompleted
    {
        [MethodImpl(HotPath.Options)]
        get => _task.IsCompleted;
    }

    /// <summary>The operation's outcome, thrown as the synchronous call would throw it; or the kill or timeout that ended the wait.</summary>
    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    public void GetResult()
    {
        if (PendingTwin.TakeResumed() is { } pending)
        {
            pending.GetResult();
            return;
        }
        if (_result == TwinResult.Aggregated)
            _task.AsTask().Wait();
        else
            _task.GetAwaiter().GetResult();
    }

    void IGreenAwaiter.OnCompleted(IResumable continuation) =>
        PendingTwin.Park(_task.AsTask(), _result, continuation, _lentToken);

    /// <summary>Parks the current greenlet until the operation completes (the twin's builder calls it).</summary>
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <summary>Parks the current greenlet until the operation completes (the twin's builder calls it).</summary>
    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
}

/// <summary>
/// What a twin awaits for an <c>XxxAsync</c> twin returning <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/>,
/// and for <c>Task.Result</c> and <c>GetAwaiter().GetResult()</c> (<see cref="AsyncTwinPatches"/>); see <see cref="TwinAwaitable"/>.
/// </summary>
/// <typeparam name="T">The operation's result.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TwinAwaitable<T> : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly ValueTask<T> _task;
    private readonly TwinResult _result;
    private readonly bool _lentToken;

    internal TwinAwaitable(ValueTask<T> task, TwinResult result, bool lentToken)
    {
        _task = task;
        _result = result;
        _lentToken = lentToken;
    }

    /// <summary>The awaiter: this value itself.</summary>
    public TwinAwaitable<T> GetAwaiter() => this;

    /// <summary>Whether the operation has completed (then nothing waits).</summary>
    public bool IsCompleted
    {
        [MethodImpl(HotPath.Options)]
        get => _task.IsCompleted;
    }

    /// <summary>The operation's result, or its failure thrown as the synchronous call would throw it; or the kill or timeout that ended the wait.</summary>
    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    public T GetResult()
    {
        if (PendingTwin.TakeResumed() is { } pending)
            return ((PendingTwin<T>)pending).GetResult();
        return _result == TwinResult.Aggregated ? _task.AsTask().Result : _task.GetAwaiter().GetResult();
    }

    void IGreenAwaiter.OnCompleted(IResumable continuation) =>
        PendingTwin<T>.Park(_task.AsTask(), _result, continuation, _lentToken);

    /// <summary>Parks the current greenlet until the operation completes (the twin's builder calls it).</summary>
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <summary>Parks the current greenlet until the operation completes (the twin's builder calls it).</summary>
    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
}
