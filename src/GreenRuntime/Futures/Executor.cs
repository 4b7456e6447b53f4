using System.Diagnostics;
using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Templates;

namespace GreenRuntime.Futures;

/// <summary>
/// What <c>ThreadPoolExecutor</c>, <c>ProcessPoolExecutor</c> and <c>GreenletExecutor</c> share (Python's
/// <c>concurrent.futures.Executor</c>): the <c>Submit</c> overloads, <see cref="Map{T, R}"/>, <see cref="Shutdown(bool, bool)"/> and
/// <see cref="Dispose"/>. Only the runtime's executors derive from it; code that takes any executor takes
/// <see cref="IExecutor"/> or <see cref="Executor"/>.
/// </summary>
/// <remarks>
/// <para>Submitting after <see cref="Shutdown(bool, bool)"/> throws <see cref="InvalidOperationException"/>; submitting to a broken
/// executor (a worker's initializer failed, a worker process died) throws its <see cref="BrokenExecutorException"/>.</para>
/// <para>How an executor runs the work is its own: each submit hands it one call (the future, the function, its
/// arguments) through a single hook, and <see cref="Shutdown(bool, bool)"/> asks it to cancel what it has queued and to stop its
/// workers. docs/internals.md, "Executors".</para>
/// </remarks>
#pragma warning disable CS1734 // the Submit family's docs are the overloads', whose fn its start method does not have
public abstract partial class Executor : IExecutor
{
    // Guards the shut-down and broken states, and orders every Schedule before the Shutdown that follows it: a submit
    // either reaches the executor before Shutdown's drain (and is waited for, or cancelled) or throws.
    private readonly object _lifecycle = new();
    private bool _shutdown;
    private Func<BrokenExecutorException>? _refusal;

    /// <summary>Only the runtime's executors derive from this class.</summary>
    private protected Executor()
    {
    }

    /// <summary>
    /// Schedules <paramref name="fn"/> to run on the executor; the future finishes when it returns (its result is what
    /// it returns) or throws (its exception is what it throws).
    /// </summary>
    /// <typeparam name="TCall">The call's type.</typeparam>
    /// <param name="call">The new call of the function with its arguments.</param>
    /// <returns>The future of the work: pending until a worker runs it, cancellable until then.</returns>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    [OverloadFamily("Submit")]
    private protected TCall Submitted<TCall>(TCall call)
        where TCall : FutureCall
    {
        lock (_lifecycle)
        {
            ThrowIfClosed();
            Schedule(call);
        }
        return call;
    }

    /// <summary>
    /// Submits <paramref name="fn"/> for every item at once (in pieces of <paramref name="chunkSize"/> items) and returns
    /// the results in the items' order, each taken from its future when the enumeration reaches it: a result whose work
    /// threw rethrows its exception there, and one not ready by <paramref name="timeout"/> after this call throws
    /// <see cref="TimeoutException"/>. Leaving the enumeration early (<c>break</c>, an exception, <c>Dispose</c>) cancels
    /// the work not started yet. The results can be enumerated once.
    /// </summary>
    /// <typeparam name="T">The items' type.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="fn">The function to call with each item.</param>
    /// <param name="items">The items; read to the end before this method returns.</param>
    /// <param name="timeout">How long after this call every result must be ready; <see langword="null"/>: no limit.</param>
    /// <param name="chunkSize">How many items one piece of work handles (1 or more): larger pieces mean fewer futures,
    /// and for a process executor fewer round trips.</param>
    /// <returns>
    /// The results, in the items' order: a green sequence, so a <c>foreach</c> over it inside a <c>[Greenlet]</c> method
    /// parks the greenlet while the next result is pending (through <see cref="IExecutor"/> or LINQ it is an ordinary loop).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is less than 1, or <paramref name="timeout"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    public GreenEnumerable<R> Map<T, R>(Func<T, R> fn, IEnumerable<T> items, TimeSpan? timeout = null, int chunkSize = 1)
    {
        ArgumentNullException.ThrowIfNull(fn);
        ArgumentNullException.ThrowIfNull(items);
        if (chunkSize < 1)
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "Map's chunkSize is how many items one piece of work handles: pass 1 or more.");
        if (timeout is { } t && t < TimeSpan.Zero && t != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Map's timeout must not be negative; pass null to wait for ever.");
        // The timeout counts from this call, before the submits (CPython's end_time).
        long deadline = timeout is { } span && span != Timeout.InfiniteTimeSpan
            ? Stopwatch.GetTimestamp() + (long)Math.Min(span.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 2)
            : long.MaxValue;
        if (MapOnWorkers(fn, items, chunkSize, deadline) is { } own)
            return own;
        var futures = new List<Future>(items.TryGetNonEnumeratedCount(out int count) ? (count + chunkSize - 1) / chunkSize : 4);
        if (chunkSize == 1)
        {
            foreach (var item in items)
                futures.Add(Submit(fn, item));
            return new MapResults<R>([.. futures], chunked: false, deadline);
        }
        var chunk = new List<T>(chunkSize);
        foreach (var item in items)
        {
            chunk.Add(item);
            if (chunk.Count == chunkSize)
            {
                futures.Add(Submitted(new MapChunkCall<T, R>(fn, [.. chunk])).Future);
                chunk.Clear();
            }
        }
        if (chunk.Count > 0)
            futures.Add(Submitted(new MapChunkCall<T, R>(fn, [.. chunk])).Future);
        return new MapResults<R>([.. futures], chunked: true, deadline);
    }

    /// <summary>
    /// An executor's own way to run a whole <see cref="Map{T, R}"/> (the arguments checked, <paramref name="deadline"/>
    /// its <see cref="Stopwatch"/> deadline, <see cref="long.MaxValue"/> for none), with the same observable behaviour as
    /// a future per piece of work; <see langword="null"/> (the default) for the base's submits. It reads the items,
    /// submits them through <see cref="Admit"/> and returns the results.
    /// </summary>
    private protected virtual GreenEnumerable<R>? MapOnWorkers<T, R>(Func<T, R> fn, IEnumerable<T> items, int chunkSize, long deadline) => null;

    /// <summary>
    /// Runs <paramref name="schedule"/> (which hands work to the executor, as <see cref="Schedule"/> does) under the
    /// lifecycle lock after the shut-down and broken checks, as a submit does.
    /// </summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    private protected void Admit(Action schedule)
    {
        lock (_lifecycle)
        {
            ThrowIfClosed();
            schedule();
        }
    }

    IEnumerable<R> IExecutor.Map<T, R>(Func<T, R> fn, IEnumerable<T> items, TimeSpan? timeout, int chunkSize) =>
        Map(fn, items, timeout, chunkSize);

    /// <summary>
    /// Stops accepting work: a later submit throws <see cref="InvalidOperationException"/>. The work already submitted
    /// still runs (with <paramref name="cancelFutures"/>, what has not started is cancelled instead), then the workers
    /// exit. With <paramref name="wait"/>, returns once they have; without, returns at once. Calling it again is harmless
    /// (and with <paramref name="wait"/> waits for the workers again).
    /// </summary>
    /// <param name="wait">Whether to return only once the submitted work is done and the workers are gone.</param>
    /// <param name="cancelFutures">Whether to cancel every future whose work has not started.</param>
    public void Shutdown(bool wait = true, bool cancelFutures = false)
    {
        StopAccepting(cancelFutures);
        ShutdownWorkers(wait);
    }

    /// <inheritdoc cref="IExecutor.Shutdown(GreenSuspend, bool, bool)"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask Shutdown(GreenSuspend suspend, bool wait = true, bool cancelFutures = false)
    {
        StopAccepting(cancelFutures);
        if (wait)
            return WaitForWorkers(suspend);
        ShutdownWorkers(wait: false);
        return GreenTask.CompletedTask;
    }

    /// <summary><c>Shutdown(wait: true)</c>: <c>using var pool = new ThreadPoolExecutor(4);</c> waits for the work at the end of the scope.</summary>
    public void Dispose()
    {
        Shutdown(wait: true);
        GC.SuppressFinalize(this);
    }

    private void StopAccepting(bool cancelFutures)
    {
        lock (_lifecycle)
            _shutdown = true;
        // No Schedule runs any more (they run under the lock, after the check): what is queued now is all there is.
        if (cancelFutures)
        {
            foreach (var call in TakeQueued())
                call.Future.Cancel();
        }
    }

    /// <summary>Whether <see cref="Shutdown(bool, bool)"/> was called.</summary>
    private protected bool IsShutdown
    {
        get
        {
            lock (_lifecycle)
                return _shutdown;
        }
    }

    /// <summary>
    /// Hands <paramref name="call"/> to the executor, which runs it (<see cref="FutureCall.Run"/>, or its own way) on
    /// a worker later. Called once per submit, under the executor's lifecycle lock, after the shut-down and broken
    /// checks: it must be quick and must not block or call back into this class. It throws <see cref="ArgumentException"/>
    /// for a call this executor cannot run (the process pool's: a target that is not static, an argument it cannot
    /// serialize), which the submit passes on; anything else is an executor bug.
    /// </summary>
    private protected abstract void Schedule(FutureCall call);

    /// <summary>
    /// Removes the calls no worker has started from the executor's queue and returns them (for
    /// <c>Shutdown(cancelFutures: true)</c>, which cancels their futures). Called after no more calls can be scheduled.
    /// </summary>
    private protected abstract IReadOnlyCollection<FutureCall> TakeQueued();

    /// <summary>
    /// No more calls will be scheduled: let the workers finish the queued calls and exit; with <paramref name="wait"/>,
    /// return only when they have. Called by every <see cref="Shutdown(bool, bool)"/>, so it must be harmless a second time.
    /// </summary>
    private protected abstract void ShutdownWorkers(bool wait);

    /// <summary>
    /// <see cref="ShutdownWorkers"/> with a wait for a greenlet to await: by default the blocking wait runs on the offload
    /// pool while the greenlet parks.
    /// </summary>
    private protected virtual GreenTask WaitForWorkers(GreenSuspend suspend) =>
        Green.Offload(suspend, () => ShutdownWorkers(wait: true));

    /// <summary>
    /// Marks the executor broken: every later submit throws what <paramref name="refusal"/> makes (a new exception
    /// each time, so each keeps its own stack trace). The first call wins. Failing the futures already queued is the
    /// executor's part.
    /// </summary>
    private protected void Break(Func<BrokenExecutorException> refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        lock (_lifecycle)
            _refusal ??= refusal;
    }

    /// <summary>Throws for a submit to a broken or shut-down executor; the caller holds <see cref="_lifecycle"/>.</summary>
    [StackTraceHidden]
    private void ThrowIfClosed()
    {
        if (_refusal is { } refusal)
            throw refusal();
        if (_shutdown)
            throw new InvalidOperationException($"Cannot submit work to a {GetType().Name} after its Shutdown.");
    }
}
