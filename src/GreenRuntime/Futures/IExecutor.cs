using System.ComponentModel;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Futures;

/// <summary>
/// Runs submitted work and hands back a <see cref="Future"/> for each piece (Python's <c>concurrent.futures.Executor</c>):
/// the interface of <c>ThreadPoolExecutor</c>, <c>ProcessPoolExecutor</c> and <c>GreenletExecutor</c>.
/// </summary>
/// <remarks>
/// <see cref="IDisposable.Dispose"/> is <c>Shutdown(wait: true)</c>, so <c>using var pool = new ThreadPoolExecutor(4);</c>
/// waits for the work at the end of the scope, as Python's <c>with</c> block does.
/// </remarks>
#pragma warning disable CS1573 // the arguments are documented once, in the summary
public interface IExecutor : IDisposable
{
    /// <summary>Schedules <paramref name="fn"/> to run; the future finishes when it returns or throws.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    Future Submit(Action fn);

    /// <summary>Schedules <paramref name="fn"/> to run with <paramref name="arg1"/>; the future finishes when it returns or throws.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    Future Submit<T1>(Action<T1> fn, T1 arg1);

    /// <summary>Schedules <paramref name="fn"/> to run with <paramref name="arg1"/>, <paramref name="arg2"/>; the future finishes when it returns or throws.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    Future Submit<T1, T2>(Action<T1, T2> fn, T1 arg1, T2 arg2);

    /// <summary>Schedules <paramref name="fn"/> to run with <paramref name="arg1"/>, <paramref name="arg2"/>, <paramref name="arg3"/>; the future finishes when it returns or throws.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    Future Submit<T1, T2, T3>(Action<T1, T2, T3> fn, T1 arg1, T2 arg2, T3 arg3);

    /// <summary>Schedules <paramref name="fn"/> to run with <paramref name="arg1"/>, <paramref name="arg2"/>, <paramref name="arg3"/>, <paramref name="arg4"/>; the future finishes when it returns or throws.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    Future Submit<T1, T2, T3, T4>(Action<T1, T2, T3, T4> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4);

    /// <summary>Schedules <paramref name="fn"/> to run; the future's <see cref="Future{T}.Result(TimeSpan?)"/> is what it returns.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    Future<R> Submit<R>(Func<R> fn);

    /// <summary>Schedules <paramref name="fn"/> to run with <paramref name="arg1"/>; the future's <see cref="Future{T}.Result(TimeSpan?)"/> is what it returns.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    Future<R> Submit<T1, R>(Func<T1, R> fn, T1 arg1);

    /// <summary>Schedules <paramref name="fn"/> to run with <paramref name="arg1"/>, <paramref name="arg2"/>; the future's <see cref="Future{T}.Result(TimeSpan?)"/> is what it returns.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    Future<R> Submit<T1, T2, R>(Func<T1, T2, R> fn, T1 arg1, T2 arg2);

    /// <summary>Schedules <paramref name="fn"/> to run with <paramref name="arg1"/>, <paramref name="arg2"/>, <paramref name="arg3"/>; the future's <see cref="Future{T}.Result(TimeSpan?)"/> is what it returns.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    Future<R> Submit<T1, T2, T3, R>(Func<T1, T2, T3, R> fn, T1 arg1, T2 arg2, T3 arg3);

    /// <summary>Schedules <paramref name="fn"/> to run with <paramref name="arg1"/>, <paramref name="arg2"/>, <paramref name="arg3"/>, <paramref name="arg4"/>; the future's <see cref="Future{T}.Result(TimeSpan?)"/> is what it returns.</summary>
    /// <exception cref="InvalidOperationException">The executor was shut down, or is broken (<see cref="BrokenExecutorException"/>).</exception>
    /// <exception cref="ArgumentException">The executor cannot run this call: a <c>ProcessPoolExecutor</c> needs a static method and arguments it can serialize.</exception>
    Future<R> Submit<T1, T2, T3, T4, R>(Func<T1, T2, T3, T4, R> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4);

    /// <summary>
    /// Submits <paramref name="fn"/> for every item at once (in chunks of <paramref name="chunkSize"/> items per piece
    /// of work) and yields the results in the items' order; a result that throws rethrows its exception when the
    /// enumeration reaches it. <paramref name="timeout"/> counts from this call: reaching a result later than that
    /// throws <see cref="TimeoutException"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is less than 1.</exception>
    IEnumerable<R> Map<T, R>(Func<T, R> fn, IEnumerable<T> items, TimeSpan? timeout = null, int chunkSize = 1);

    /// <summary>
    /// Stops accepting work (a later submit throws <see cref="InvalidOperationException"/>) and frees the executor's
    /// workers once the work already submitted is done; with <paramref name="wait"/>, returns only then. With
    /// <paramref name="cancelFutures"/>, cancels every future that has not started running first. Calling it again is harmless.
    /// </summary>
    void Shutdown(bool wait = true, bool cancelFutures = false);

    /// <summary>
    /// The resumable twin of <see cref="Shutdown(bool, bool)"/>, used by generated code: inside a <c>[Greenlet]</c>
    /// method the wait for the workers parks the greenlet instead of blocking the hub. This default runs the blocking
    /// <see cref="Shutdown(bool, bool)"/> on the offload pool; the runtime's executors wait for their own workers.
    /// </summary>
    /// <param name="suspend">Selects the twin overload.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    GreenTask Shutdown(GreenSuspend suspend, bool wait = true, bool cancelFutures = false)
    {
        if (wait)
            return Green.Offload(suspend, () => Shutdown(wait: true, cancelFutures));
        Shutdown(wait: false, cancelFutures);
        return GreenTask.CompletedTask;
    }
}
