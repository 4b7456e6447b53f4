using System.ComponentModel;
using System.Diagnostics;
using GreenRuntime.CompilerServices;
using GreenRuntime.Hubs;

namespace GreenRuntime.Futures;

// Waiting for one future on a hub: the greenlet-parking twins of Result and Exception, and ordinary code's wait when it
// runs its thread's hub (docs/internals.md, "Waiting for futures").
public partial class Future
{
    private Hub? _completingHub;

    /// <summary>
    /// The hub whose greenlets complete this future (a <c>GreenletExecutor</c>'s), or <see langword="null"/> when other
    /// threads do. Set by the executor before the future is handed out. A wait on this hub for such a future is not
    /// counted as cross-thread work (the hub still reports a deadlock), and ordinary code on the hub's thread must run
    /// the hub to get it done.
    /// </summary>
    internal Hub? CompletingHub
    {
        get => Volatile.Read(ref _completingHub);
        set => Volatile.Write(ref _completingHub, value);
    }

    /// <summary>How many waiters are registered (<see cref="AddWaiter"/>) and not told yet: a wait that ended left none.</summary>
    internal int WaiterCount
    {
        get
        {
            lock (_gate)
                return _waiters?.Count ?? 0;
        }
    }

    /// <summary>Whether the future finished with an exception (not cancelled, not pending).</summary>
    internal bool Failed
    {
        get
        {
            lock (_gate)
                return _state == FutureState.Finished && _exception is not null;
        }
    }

    /// <summary>
    /// Whether ordinary code waiting for this future runs this thread's hub (<paramref name="hub"/>) rather than blocking
    /// the thread: when the thread has a hub and is not inside its loop (so its greenlets, timers and
    /// <c>Green.Timeout</c> scopes keep running), and always when that hub completes the future (blocking would wait
    /// for ever; from inside the loop the hub refuses, as for every wait in an ordinary frame).
    /// </summary>
    internal bool WaitsOnHub(out Hub hub)
    {
        var current = Hub.CurrentOrNull;
        hub = current!;
        return current is not null && (!current.Dispatching || ReferenceEquals(CompletingHub, current));
    }

    /// <summary>Ordinary code's wait on <paramref name="hub"/> (which <see cref="Hub.Block(GreenTask)"/> runs).</summary>
    private protected async GreenTask WaitOnHub(Hub hub, long deadline) =>
        await new DoneWait(this, hub, deadline);

    /// <summary>The exception after a wait; throws for a cancelled or unfinished future.</summary>
    private protected Exception? ExceptionAfterWait(TimeSpan? timeout)
    {
        lock (_gate)
        {
            ThrowIfNotFinished(timeout);
            return _exception;
        }
    }

    /// <summary>The resumable twin of <see cref="Exception(TimeSpan?)"/>, used by generated code: parks the greenlet, not the hub.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="timeout">How long to wait; <see langword="null"/>: for ever.</param>
    /// <returns>What the greenlet awaits: the exception, or <see langword="null"/>.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ExceptionAwaitable Exception(GreenSuspend suspend, TimeSpan? timeout = null) =>
        new(new DoneWait(this, Hub.Current, Hub.DeadlineAfter(timeout)), timeout);

    /// <summary>A greenlet's wait for <see cref="Exception(TimeSpan?)"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct ExceptionAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly DoneWait _wait;
        private readonly TimeSpan? _timeout;

        internal ExceptionAwaitable(DoneWait wait, TimeSpan? timeout)
        {
            _wait = wait;
            _timeout = timeout;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public ExceptionAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for: the future is done, the wait timed out or was interrupted.</summary>
        public bool IsCompleted => _wait.IsCompleted;

        /// <summary>The exception (or null); throws <see cref="TimeoutException"/>, <see cref="OperationCanceledException"/>, or a kill or timeout scope.</summary>
        [StackTraceHidden]
        public Exception? GetResult()
        {
            _wait.End();
            return _wait.Future.ExceptionAfterWait(_timeout);
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation) => _wait.Park(continuation);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _wait.Park(new ActionResumable(continuation));
    }
}

public partial class Future<T>
{
    /// <summary>The resumable twin of <see cref="Result(TimeSpan?)"/>, used by generated code: parks the greenlet, not the hub.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="timeout">How long to wait; <see langword="null"/>: for ever.</param>
    /// <returns>What the greenlet awaits: the result.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ResultAwaitable Result(GreenSuspend suspend, TimeSpan? timeout = null) =>
        new(new DoneWait(this, Hub.Current, Hub.DeadlineAfter(timeout)), timeout);

    /// <summary>The result after a wait; rethrows the work's exception, throws for a cancelled or unfinished future.</summary>
    [StackTraceHidden]
    private T ResultAfterWait(TimeSpan? timeout)
    {
        lock (_gate)
        {
            ThrowIfNotFinished(timeout);
            RethrowFailure();
            return _result!;
        }
    }

    /// <summary>A greenlet's wait for <see cref="Result(TimeSpan?)"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct ResultAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly DoneWait _wait;
        private readonly TimeSpan? _timeout;

        internal ResultAwaitable(DoneWait wait, TimeSpan? timeout)
        {
            _wait = wait;
            _timeout = timeout;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public ResultAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for: the future is done, the wait timed out or was interrupted.</summary>
        public bool IsCompleted => _wait.IsCompleted;

        /// <summary>The result; rethrows the work's exception; throws <see cref="TimeoutException"/>, <see cref="OperationCanceledException"/>, or a kill or timeout scope.</summary>
        [StackTraceHidden]
        public T GetResult()
        {
            _wait.End();
            return ((Future<T>)_wait.Future).ResultAfterWait(_timeout);
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation) => _wait.Park(continuation);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _wait.Park(new ActionResumable(continuation));
    }
}

/// <summary>
/// The current greenlet's wait for one future to be done, on <see cref="Hub"/>: it parks interruptibly
/// (<see cref="Hub.ParkExternal"/>, with the deadline) and the future's completion — on whatever thread — posts the
/// wake-up. A kill, a timeout scope or the deadline abandons the wait, which takes its waiter off the future.
/// </summary>
internal readonly struct DoneWait(Future future, Hub hub, long deadline) : ICriticalNotifyCompletion, IGreenAwaiter
{
    public Future Future => future;

    public DoneWait GetAwaiter() => this;

    [StackTraceHidden]
    public void GetResult() => End();

    void IGreenAwaiter.OnCompleted(IResumable continuation) => Park(continuation);

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) => Park(new ActionResumable(continuation));

    public bool IsCompleted => future.Done || hub.CurrentGreenlet.Interruption is not null || Hub.DeadlinePassed(deadline);

    public void Park(IResumable continuation)
    {
        var wake = new FutureWake(future);
        var ticket = hub.ParkExternal(hub.CurrentGreenlet, continuation, wake, interruptible: true, deadline,
            fromOtherThread: !ReferenceEquals(future.CompletingHub, hub));
        wake.Attach(ticket);
    }

    /// <summary>Ends the wait: throws a kill or timeout scope; otherwise the future is done or the deadline passed.</summary>
    [StackTraceHidden]
    public void End() => Hub.ThrowIfInterrupted(hub.CurrentGreenlet);
}

/// <summary>A parked greenlet's waiter on a future: the completion posts its ticket; an abandoned wait removes it.</summary>
internal sealed class FutureWake(Future future) : IFutureWaiter, IExternalOperation
{
    private ExternalWake? _ticket;

    public void Attach(ExternalWake ticket)
    {
        _ticket = ticket;
        ticket.Operation = this;
        // Done meanwhile: told at once, which wakes the greenlet parked just now.
        future.AddWaiter(this);
    }

    void IFutureWaiter.FutureDone(Future done) => _ticket!.Post();

    void IExternalOperation.Abandoned() => future.RemoveWaiter(this);

    void IExternalOperation.Completed()
    {
    }

    /// <summary>What a deadlock report says the greenlet waits on.</summary>
    public override string ToString() => future.ToString();
}
