using GreenRuntime.Offloading;

namespace GreenRuntime.Futures;

/// <summary>
/// Runs submitted work on a pool of threads of its own (Python's <c>concurrent.futures.ThreadPoolExecutor</c>): at most
/// <see cref="MaxWorkers"/> at once, started on demand, an idle one reused before a new one starts.
/// </summary>
/// <remarks>
/// <para>The threads are named <c>"{threadNamePrefix}_{n}"</c> (n = 0, 1, ...; without a prefix,
/// <c>"ThreadPoolExecutor-{k}_{n}"</c>, as Python names them). They stay until <see cref="Executor.Shutdown(bool, bool)"/>, and are
/// background threads: work still queued when the process ends does not run, so shut the executor down (or
/// <c>using</c> it) to wait for it.</para>
/// <para>An <c>initializer</c> runs once on each thread, before its first piece of work. If it throws, the executor is
/// broken (Python's <c>BrokenThreadPool</c>): the futures queued fail with <see cref="BrokenThreadPoolException"/>,
/// whose inner exception is the initializer's, and every later submit throws one.</para>
/// </remarks>
public sealed class ThreadPoolExecutor : Executor
{
    // Names the executors made without a prefix, as CPython's "ThreadPoolExecutor-%d" counter does.
    private static int s_unnamed = -1;

    private readonly OffloadPool _pool;

    /// <summary>Creates the executor; no thread starts before the first submit.</summary>
    /// <param name="maxWorkers">The most threads that run work at once (positive); <see langword="null"/>:
    /// <c>min(32, Environment.ProcessorCount + 4)</c>, Python's default.</param>
    /// <param name="threadNamePrefix">What the threads' names start with; empty: <c>"ThreadPoolExecutor-{k}"</c>.</param>
    /// <param name="initializer">Runs once on each new thread before its first work; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWorkers"/> is 0 or less.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="threadNamePrefix"/> is <see langword="null"/>.</exception>
    public ThreadPoolExecutor(int? maxWorkers = null, string threadNamePrefix = "", Action? initializer = null)
    {
        if (maxWorkers is <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxWorkers), maxWorkers, "A ThreadPoolExecutor needs at least one worker: pass 1 or more, or null for the default.");
        ArgumentNullException.ThrowIfNull(threadNamePrefix);
        MaxWorkers = maxWorkers ?? DefaultMaxWorkers;
        string prefix = threadNamePrefix.Length > 0 ? threadNamePrefix : $"ThreadPoolExecutor-{Interlocked.Increment(ref s_unnamed)}";
        _pool = new OffloadPool(
            MaxWorkers,
            prefix,
            initializer,
            Timeout.InfiniteTimeSpan,
            threadName: n => $"{prefix}_{n}",
            broke: failure => Break(() => Broken(failure)),
            brokenFailure: Broken);
    }

    /// <summary>Python's default for <c>max_workers</c>: <c>min(32, cores + 4)</c> — enough for I/O-bound work, bounded on big machines.</summary>
    internal static int DefaultMaxWorkers => Math.Min(32, Environment.ProcessorCount + 4);

    /// <summary>The most threads that run work at once.</summary>
    public int MaxWorkers { get; }

    /// <summary>The threads started and not gone yet (working or idle).</summary>
    internal int ThreadCount => _pool.ThreadCount;

    /// <summary>The threads waiting for work now.</summary>
    internal int IdleCount => _pool.IdleCount;

    private protected override void Schedule(FutureCall call) => _pool.Post(call);

    private protected override IReadOnlyCollection<FutureCall> TakeQueued() =>
        Array.ConvertAll(_pool.TakeQueued(), work => (FutureCall)work);

    private protected override void ShutdownWorkers(bool wait) => _pool.Shutdown(wait);

    private static BrokenThreadPoolException Broken(Exception initializerFailure) =>
        new($"A thread initializer failed ({initializerFailure.GetType().Name}: {initializerFailure.Message}); the thread pool is not usable anymore.", initializerFailure);
}
