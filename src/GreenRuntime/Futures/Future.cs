using System.Diagnostics;
using System.Runtime.ExceptionServices;
using GreenRuntime.Hubs;

namespace GreenRuntime.Futures;

/// <summary>
/// The eventual outcome of a piece of work submitted to an <see cref="IExecutor"/> (Python's
/// <c>concurrent.futures.Future</c>): pending, then running, then finished with a result or an exception — or
/// cancelled before it ran.
/// </summary>
/// <remarks>
/// <para>A future is thread-safe: executors complete it from their worker threads (or greenlets, or the threads that
/// read a worker process's replies), and any thread or greenlet can wait for it.</para>
/// <para><b>Callbacks</b> added with <see cref="AddDoneCallback"/> run in the order they were added, on the thread
/// that finishes or cancels the future — or at once, on the caller's thread, when it is already done. An exception a
/// callback throws is written to standard error and ignored, as Python logs and ignores it.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public partial class Future
{
    // Guards the state and the lists; callbacks and waiters are told outside it, so that they may wait, or touch the
    // future, without deadlocking.
    private protected readonly object _gate = new();
    private FutureState _state;
    private Exception? _exception;
    private List<Action<Future>>? _callbacks;
    private List<IFutureWaiter>? _waiters;
    // Threads blocked in Monitor.Wait on _gate: finishing pulses only when there are some, because a pulse gives the
    // gate a sync block — most futures are finished with nobody waiting, and their gate stays a thin lock.
    private int _blockedThreads;
    // Set (after the state and the outcome, under _gate) once the future is finished or cancelled; from then on
    // nothing of it changes, so Done and the outcome of a finished future are read without the lock.
    private volatile bool _done;

    /// <summary>A pending future; only executors (and tests) create them.</summary>
    internal Future()
    {
    }

    /// <summary>
    /// How a thread that blocks on this future (not on a hub) can fetch the outcome itself, if its executor offers it
    /// (a process pool's call); set by the executor before the future is handed out.
    /// </summary>
    internal IDirectWait? DirectWait { get; set; }

    /// <summary>Whether the future was cancelled (<see cref="Cancel"/> returned true).</summary>
    public bool Cancelled
    {
        get
        {
            lock (_gate)
                return _state == FutureState.Cancelled;
        }
    }

    /// <summary>Whether the work is running now (it can no longer be cancelled).</summary>
    public bool Running
    {
        get
        {
            lock (_gate)
                return _state == FutureState.Running;
        }
    }

    /// <summary>Whether the future is finished (with a result or an exception) or cancelled.</summary>
    public bool Done => _done;

    /// <summary>
    /// Cancels the work if it has not started: returns true if the future is now cancelled (also when it already
    /// was), false if the work is running or finished. Cancelling runs the done callbacks.
    /// </summary>
    public bool Cancel()
    {
        Listeners listeners;
        lock (_gate)
        {
            if (_state is FutureState.Running or FutureState.Finished)
                return false;
            if (_state == FutureState.Cancelled)
                return true;
            _state = FutureState.Cancelled;
            _done = true;
            WakeBlockedThreads();
            listeners = TakeListenersLocked();
        }
        Notify(listeners);
        return true;
    }

    /// <summary>
    /// The exception the work threw, or <see langword="null"/> if it succeeded, waiting up to
    /// <paramref name="timeout"/> (<see langword="null"/>: for ever) for it to finish.
    /// </summary>
    /// <exception cref="TimeoutException">The future did not finish within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException">The future was cancelled.</exception>
    public Exception? Exception(TimeSpan? timeout = null)
    {
        WaitDone(timeout);
        return _exception;
    }

    /// <summary>
    /// Adds <paramref name="fn"/>, called with this future once it is finished or cancelled — at once if it already
    /// is. Callbacks run in the order they were added; an exception one throws is written to standard error and ignored.
    /// </summary>
    public void AddDoneCallback(Action<Future> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        lock (_gate)
        {
            if (_state is not (FutureState.Finished or FutureState.Cancelled))
            {
                (_callbacks ??= []).Add(fn);
                return;
            }
        }
        Invoke(fn);
    }

    /// <summary>
    /// Marks the future running before its work starts (CPython's <c>set_running_or_notify_cancel</c>): false if it
    /// was cancelled (the work must not run), true if it is now running and can no longer be cancelled.
    /// </summary>
    /// <exception cref="InvalidOperationException">The future is already running or finished: an executor bug.</exception>
    internal bool SetRunningOrNotifyCancel()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case FutureState.Pending:
                    _state = FutureState.Running;
                    return true;
                case FutureState.Cancelled:
                    return false;
                default:
                    throw new InvalidOperationException($"The future is already {_state.ToString().ToLowerInvariant()}; its work cannot start again.");
            }
        }
    }

    /// <summary>Finishes a future whose work returns nothing; false if it was already finished or cancelled.</summary>
    internal bool TrySetCompleted() => TryFinish(null);

    /// <summary>Finishes the future with <paramref name="exception"/>; false if it was already finished or cancelled.</summary>
    internal bool TrySetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return TryFinish(exception);
    }

    private bool TryFinish(Exception? exception)
    {
        Listeners listeners;
        lock (_gate)
        {
            if (!TryFinishLocked(exception))
                return false;
            listeners = TakeListenersLocked();
        }
        Notify(listeners);
        return true;
    }

    /// <summary>Whether the future is finished or cancelled; the caller holds <see cref="_gate"/>.</summary>
    private protected bool IsDoneLocked => _state is FutureState.Finished or FutureState.Cancelled;

    /// <summary>
    /// Moves to Finished with <paramref name="exception"/> (null: success) and wakes the blocked threads; false if the
    /// future is already done. The caller holds <see cref="_gate"/>, takes the listeners (<see cref="TakeListenersLocked"/>)
    /// and tells them (<see cref="Notify"/>) after leaving it.
    /// </summary>
    private protected bool TryFinishLocked(Exception? exception)
    {
        if (IsDoneLocked)
            return false;
        _exception = exception;
        _state = FutureState.Finished;
        _done = true;
        WakeBlockedThreads();
        return true;
    }

    /// <summary>Wakes the threads blocked on the future; the caller holds <see cref="_gate"/>.</summary>
    private void WakeBlockedThreads()
    {
        if (_blockedThreads > 0)
            Monitor.PulseAll(_gate);
    }

    /// <summary>
    /// Registers <paramref name="waiter"/> to be told when the future is done: at once, on this thread, if it already
    /// is; otherwise on the thread that finishes or cancels it, outside the future's lock.
    /// </summary>
    internal void AddWaiter(IFutureWaiter waiter)
    {
        lock (_gate)
        {
            if (_state is not (FutureState.Finished or FutureState.Cancelled))
            {
                (_waiters ??= []).Add(waiter);
                return;
            }
        }
        waiter.FutureDone(this);
    }

    /// <summary>Removes a waiter added with <see cref="AddWaiter"/> (a wait that gave up); no effect if it was told already.</summary>
    internal void RemoveWaiter(IFutureWaiter waiter)
    {
        lock (_gate)
            _waiters?.Remove(waiter);
    }

    /// <summary>
    /// Waits until the future is done or <paramref name="timeout"/> passes — running this thread's hub meanwhile when
    /// it can (<see cref="WaitsOnHub"/>), else blocking the thread — then throws what
    /// <see cref="Exception(TimeSpan?)"/> and <c>Result</c> document for a cancelled or unfinished future.
    /// </summary>
    private protected void WaitDone(TimeSpan? timeout)
    {
        if (timeout is { } t && t < TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must not be negative; pass null to wait for ever.");
        if (_done)
        {
            ThrowIfNotFinished(timeout);
            return;
        }
        if (WaitsOnHub(out var hub))
        {
            hub.EnsureCanBlock("Waiting for a future (Result or Exception)");
            hub.Block(WaitOnHub(hub, Hub.DeadlineAfter(timeout)));
            lock (_gate)
                ThrowIfNotFinished(timeout);
            return;
        }
        long deadline = timeout is { } span && span != System.Threading.Timeout.InfiniteTimeSpan
            ? Environment.TickCount64 + (long)Math.Ceiling(span.TotalMilliseconds)
            : long.MaxValue;
        if (DirectWait is { } direct && !Done)
            direct.WaitHere(deadline);
        lock (_gate)
        {
            if (_state is not (FutureState.Finished or FutureState.Cancelled))
            {
                while (_state is not (FutureState.Finished or FutureState.Cancelled))
                {
                    long left = deadline == long.MaxValue ? -1 : deadline - Environment.TickCount64;
                    if (deadline != long.MaxValue && left <= 0)
                        break;
                    _blockedThreads++;
                    try
                    {
                        Monitor.Wait(_gate, left > int.MaxValue ? int.MaxValue : (int)left);
                    }
                    finally
                    {
                        _blockedThreads--;
                    }
                }
            }
            ThrowIfNotFinished(timeout);
        }
    }

    /// <summary>Throws for a cancelled future, or one that is not finished (the wait timed out); the caller holds the lock or has waited.</summary>
    [StackTraceHidden]
    private protected void ThrowIfNotFinished(TimeSpan? timeout)
    {
        if (_state == FutureState.Cancelled)
            throw new OperationCanceledException("The future was cancelled before its work ran.");
        if (_state != FutureState.Finished)
            throw new TimeoutException($"The future did not finish within {timeout}.");
    }

    /// <summary>The exception to rethrow from <c>Result</c>, keeping the work's own stack trace.</summary>
    [StackTraceHidden]
    private protected void RethrowFailure()
    {
        if (_exception is { } failure)
            ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>The waiters and callbacks of a future that just finished, to tell outside its lock.</summary>
    private protected readonly record struct Listeners(List<IFutureWaiter>? Waiters, List<Action<Future>>? Callbacks);

    /// <summary>Takes the waiters and callbacks, leaving none; the caller holds <see cref="_gate"/> and the future is done.</summary>
    private protected Listeners TakeListenersLocked()
    {
        var listeners = new Listeners(_waiters, _callbacks);
        _waiters = null;
        _callbacks = null;
        return listeners;
    }

    /// <summary>Tells the waiters, then runs the callbacks in the order they were added; outside the lock.</summary>
    private protected void Notify(Listeners listeners)
    {
        if (listeners.Waiters is { } waiters)
        {
            foreach (var waiter in waiters)
                waiter.FutureDone(this);
        }
        if (listeners.Callbacks is { } callbacks)
        {
            foreach (var callback in callbacks)
                Invoke(callback);
        }
    }

    private void Invoke(Action<Future> callback)
    {
        try
        {
            callback(this);
        }
        catch (Exception failure)
        {
            // Python logs "exception calling callback for <Future>" and goes on; so do we, where the hub's reports go.
            StandardError.WriteLine(() => $"GreenRuntime: exception calling callback for {this}:{Environment.NewLine}{StandardError.Describe(failure)}");
        }
    }

    /// <summary>The state, and the exception's type once failed: <c>Future (finished: InvalidOperationException)</c>.</summary>
    public override string ToString()
    {
        lock (_gate)
        {
            return _state switch
            {
                FutureState.Finished when _exception is not null => $"Future (finished: {_exception.GetType().Name})",
                FutureState.Finished => "Future (finished)",
                FutureState.Running => "Future (running)",
                FutureState.Cancelled => "Future (cancelled)",
                _ => "Future (pending)",
            };
        }
    }
}

/// <summary>A <see cref="Future"/> whose work returns a <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The work's result type.</typeparam>
public partial class Future<T> : Future
{
    private T? _result;

    /// <summary>A pending future; only executors (and tests) create them.</summary>
    internal Future()
    {
    }

    /// <summary>
    /// Adds <paramref name="fn"/>, called with this future once it is finished or cancelled — at once if it already
    /// is; the typed form of <see cref="Future.AddDoneCallback(Action{Future})"/>, so that a callback such as
    /// <c>static void Parse(Future&lt;string&gt; f)</c> reads <see cref="Result(TimeSpan?)"/> without a cast. Callbacks of both
    /// forms run in the order they were added; an exception one throws is written to standard error and ignored.
    /// </summary>
    public void AddDoneCallback(Action<Future<T>> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        base.AddDoneCallback(future => fn((Future<T>)future));
    }

    /// <summary>
    /// The work's result, waiting up to <paramref name="timeout"/> (<see langword="null"/>: for ever) for it; rethrows
    /// the work's exception with its original stack trace.
    /// </summary>
    /// <exception cref="TimeoutException">The future did not finish within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException">The future was cancelled.</exception>
    public T Result(TimeSpan? timeout = null)
    {
        // Once WaitDone returns the future is finished, and its outcome no longer changes: no lock to read it.
        WaitDone(timeout);
        RethrowFailure();
        return _result!;
    }

    /// <summary>Finishes the future with <paramref name="value"/>; false if it was already finished or cancelled.</summary>
    internal bool TrySetResult(T value)
    {
        Listeners listeners;
        lock (_gate)
        {
            // Stored first: TryFinishLocked publishes the state, and a failed attempt leaves the winner's result alone.
            if (IsDoneLocked)
                return false;
            _result = value;
            TryFinishLocked(null);
            listeners = TakeListenersLocked();
        }
        Notify(listeners);
        return true;
    }
}
