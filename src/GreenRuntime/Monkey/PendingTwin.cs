using System.Diagnostics;
using GreenRuntime.CompilerServices;
using GreenRuntime.Hubs;

namespace GreenRuntime.Monkey;

/// <summary>
/// An async-twin await that had to wait (<see cref="TwinAwaitable"/>, <see cref="TwinAwaitable{T}"/>): made when the
/// task was not complete, it parks the greenlet interruptibly, posts the completion back to the hub, and holds what the
/// struct awaiter cannot keep across the wait (the awaiter is copied when it parks): the task, the cancellation source
/// the call was given, and how the result is read.
/// </summary>
/// <remarks>
/// A kill or timeout abandons the wait at once and cancels the source (<see cref="IExternalOperation.Abandoned"/>); the operation's late
/// completion is ignored (and a failure of it observed), so it never resumes a dead or re-parked greenlet. The hub
/// resumes the greenlet through <see cref="Resume"/>, which tells the awaiter's <c>GetResult</c> (through
/// <see cref="Hub.ResumedTwin"/>) to read the result from here rather than from its own copy of a value task that
/// this object already consumed.
/// </remarks>
internal class PendingTwin : IResumable, IExternalOperation
{
    private readonly Hub _hub;
    private readonly IResumable _continuation;
    private CancellationTokenSource? _cancellation;
    private bool _abandoned;

    protected PendingTwin(Hub hub, Task task, TwinResult result, IResumable continuation, bool lentToken)
    {
        _hub = hub;
        Task = task;
        ResultKind = result;
        _continuation = continuation;
        var ticket = hub.ParkExternal(hub.CurrentGreenlet, this, this, interruptible: true);
        ticket.Operation = this;
        // The source lent for this call goes with it: a kill cancels it, and nobody else's call shares it meanwhile.
        if (lentToken)
            _cancellation = TwinTokens.Of(hub).Detach();
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(ticket.Post);
    }

    /// <summary>The operation as a task (a value task's own, or <see cref="ValueTask.AsTask"/> of it).</summary>
    protected Task Task { get; }

    /// <summary>How the result is reported.</summary>
    protected TwinResult ResultKind { get; }

    /// <summary>Parks the current greenlet on <paramref name="task"/> (a twin returning <see cref="Task"/> or <see cref="ValueTask"/>).</summary>
    public static void Park(Task task, TwinResult result, IResumable continuation, bool lentToken) =>
        _ = new PendingTwin(Hub.Current, task, result, continuation, lentToken);

    void IResumable.Resume() => Resume();

    /// <summary>Continues the twin at its await; its <c>GetResult</c> takes this wait from the hub.</summary>
    protected void Resume()
    {
        _hub.ResumedTwin = this;
        _continuation.Resume();
    }

    /// <summary>Takes the wait the hub is resuming, if the awaiter's <c>GetResult</c> runs after one (null on the fast path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PendingTwin? TakeResumed()
    {
        var hub = Hub.CurrentOrNull;
        var pending = hub?.ResumedTwin;
        if (pending is not null)
            hub!.ResumedTwin = null;
        return pending;
    }

    /// <summary>
    /// The result of a wait for a <see cref="Task"/>: as the synchronous call would report it (<see cref="TwinResult"/>),
    /// or, when the wait was given up before the operation completed, the kill or timeout.
    /// </summary>
    [StackTraceHidden]
    public void GetResult()
    {
        ThrowIfAbandoned();
        if (ResultKind == TwinResult.Aggregated)
            Task.Wait();
        else
            Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Throws the kill or timeout that gave the wait up (the operation may have ended since, cancelled by it). An
    /// operation whose completion woke the greenlet first is never thrown away: a kill that came after it is thrown
    /// at the greenlet's next suspension point.
    /// </summary>
    [StackTraceHidden]
    protected void ThrowIfAbandoned()
    {
        if (!_abandoned)
            return;
        // Nobody will read the operation's result: observe its failure, so it is not reported as unobserved.
        Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        Hub.ThrowIfInterrupted(_hub.CurrentGreenlet);
        throw new InvalidOperationException("An async twin's wait was given up with no kill or timeout to report.");
    }

    /// <summary>Told by the hub: a kill, timeout or refusal gave up the wait; the operation is cancelled through its token.</summary>
    void IExternalOperation.Abandoned()
    {
        _abandoned = true;
        var cancellation = _cancellation;
        _cancellation = null;
        if (cancellation is null)
            return;
        try
        {
            cancellation.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered by the operation failed while cancelling; the greenlet is going away either way.
        }
    }

    /// <summary>Told by the hub: the operation completed; its source can be lent again.</summary>
    void IExternalOperation.Completed()
    {
        if (_cancellation is { } cancellation)
        {
            _cancellation = null;
            TwinTokens.Of(_hub).Return(cancellation);
        }
    }

    /// <inheritdoc />
    public override string ToString() => "an asynchronous operation (the Async twin of a blocking call)";
}

/// <summary>An async-twin await of a <see cref="Task{TResult}"/> (or a <see cref="ValueTask{TResult}"/>, as its task) that had to wait.</summary>
internal sealed class PendingTwin<T> : PendingTwin
{
    private PendingTwin(Hub hub, Task<T> task, TwinResult result, IResumable continuation, bool lentToken)
        : base(hub, task, result, continuation, lentToken)
    {
    }

    /// <summary>Parks the current greenlet on <paramref name="task"/>.</summary>
    public static void Park(Task<T> task, TwinResult result, IResumable continuation, bool lentToken) =>
        _ = new PendingTwin<T>(Hub.Current, task, result, continuation, lentToken);

    /// <summary>The operation's result as the synchronous call would report it, or the kill or timeout.</summary>
    [StackTraceHidden]
    public new T GetResult()
    {
        ThrowIfAbandoned();
        var task = (Task<T>)Task;
        return ResultKind == TwinResult.Aggregated ? task.Result : task.GetAwaiter().GetResult();
    }
}

/// <summary>How an async-twin await reports the operation's outcome.</summary>
internal enum TwinResult : byte
{
    /// <summary>As <c>GetAwaiter().GetResult()</c> (and the synchronous method) would: the operation's own exception.</summary>
    Unwrapped,

    /// <summary>As <c>Task.Wait()</c> and <c>Task.Result</c> do in synchronous code: wrapped in an <see cref="AggregateException"/>.</summary>
    Aggregated,
}
