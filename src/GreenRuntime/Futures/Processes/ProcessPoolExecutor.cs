using GreenRuntime.Futures.Processes;

namespace GreenRuntime.Futures;

/// <summary>
/// Runs static methods in worker processes (Python's <c>concurrent.futures.ProcessPoolExecutor</c>): CPU-bound work on
/// every core, each call's arguments and result crossing as JSON.
/// </summary>
/// <remarks>
/// <para><b>Workers.</b> A worker is this program started again — the same executable and command line — that
/// GreenRuntime takes over before <c>Main</c> (a .NET startup hook in GreenRuntime.dll, set for the worker alone):
/// nothing to install or configure, and <c>Main</c> never runs there. Workers start on demand, up to
/// <see cref="MaxWorkers"/>, and run one call at a time each. Standard output and error are the parent's.</para>
/// <para><b>What can be submitted.</b> A static method, passed as a method group (<c>Submit(Primes.Count, 0, 1000)</c>):
/// the worker finds it again by its assembly, type and method names and its parameter types. A lambda or an instance
/// method is an <see cref="ArgumentException"/> at <c>Submit</c> (and GRN0034 at compile time), as is an argument
/// that cannot be serialized (GRN0035 for the obvious ones: delegates, streams, sockets, pointers, ...). Arguments are
/// serialized at <c>Submit</c> with System.Text.Json as the method's declared parameter types, results as its declared
/// return type and read back as the future's type (fields included; no type names in the JSON, so nothing but the
/// signature's own types is ever created from a message). An exception the method throws reaches
/// <see cref="Future{T}.Result(TimeSpan?)"/> as its own type when that type is loaded here and has a public <c>(string)</c> or
/// <c>(string, Exception)</c> constructor, otherwise as a <see cref="RemoteWorkerException"/> naming it; either way
/// with the worker's message and its stack trace in <c>Data["RemoteStackTrace"]</c>.</para>
/// <para><b>Failures.</b> A worker that dies (killed, <see cref="Environment.FailFast(string)"/>, a stack overflow)
/// breaks the pool: every future still pending fails with <see cref="BrokenProcessPoolException"/>, the other workers
/// are stopped, and later submits throw it; results already delivered stay delivered. So does an initializer that
/// throws. A worker that writes something that is not a reply to its pipe fails only its own call
/// (<see cref="InvalidDataException"/>) and is replaced.</para>
/// <para><b>Lifetime and security.</b> No worker outlives <c>Shutdown(wait: true)</c>, and none outlives this process:
/// a worker exits when its pipe from the parent ends, and on Linux the kernel kills it when the parent dies, however
/// it dies. Parent and workers talk over anonymous pipes the worker inherits (nothing listens), and a process enters
/// worker mode only when its parent is the pool's process and it reads the pool's secret from that pipe: starting the
/// program by hand with a worker's environment runs nothing.</para>
/// <para>Linux and macOS; not in single-file or trimmed apps that switch startup hooks off.</para>
/// </remarks>
public sealed class ProcessPoolExecutor : Executor
{
    private readonly ProcessPool _pool;

    /// <summary>Creates the pool; workers start when work arrives.</summary>
    /// <param name="maxWorkers">The most worker processes at once; <see langword="null"/>: <see cref="Environment.ProcessorCount"/>.</param>
    /// <param name="initializer">A static method each worker runs once, in the worker, before its first call (never in this
    /// process); if it throws, the pool is broken.</param>
    /// <param name="maxTasksPerChild">How many calls a worker runs before it exits and a fresh one replaces it;
    /// <see langword="null"/>: workers live as long as the pool.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWorkers"/> or <paramref name="maxTasksPerChild"/> is 0 or less.</exception>
    /// <exception cref="ArgumentException"><paramref name="initializer"/> is not a static method.</exception>
    /// <exception cref="PlatformNotSupportedException">This process cannot start workers (Windows, single-file, startup hooks off).</exception>
    public ProcessPoolExecutor(int? maxWorkers = null, Action? initializer = null, int? maxTasksPerChild = null)
    {
        if (maxWorkers is <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxWorkers), maxWorkers, "A ProcessPoolExecutor needs at least one worker: pass 1 or more, or null for one per core.");
        if (maxTasksPerChild is <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxTasksPerChild), maxTasksPerChild, "maxTasksPerChild is how many calls a worker runs before it is replaced: pass 1 or more, or null for no limit.");
        var checkedInitializer = initializer is null ? null : ProcessMethod.For(initializer, nameof(initializer));
        if (checkedInitializer is not null && checkedInitializer.ParameterTypes.Length != 0)
            throw new ArgumentException("The initializer takes no arguments.", nameof(initializer));
        ThrowIfWorkersCannotStart();
        MaxWorkers = maxWorkers ?? Environment.ProcessorCount;
        MaxTasksPerChild = maxTasksPerChild;
        _pool = new ProcessPool(MaxWorkers, checkedInitializer, maxTasksPerChild, broken => Break(() => new BrokenProcessPoolException(broken.Message, broken.InnerException)));
    }

    /// <summary>The most worker processes that run at once.</summary>
    public int MaxWorkers { get; }

    /// <summary>How many calls a worker runs before it is replaced; <see langword="null"/>: no limit.</summary>
    public int? MaxTasksPerChild { get; }

    /// <summary>The worker processes' ids now (started, not exited).</summary>
    internal IReadOnlyList<int> WorkerProcessIds => _pool.WorkerProcessIds;

    private protected override void Schedule(FutureCall call) => _pool.Schedule(ProcessCall.Prepare(call));

    private protected override IReadOnlyCollection<FutureCall> TakeQueued() => _pool.TakeQueued();

    private protected override void ShutdownWorkers(bool wait) => _pool.ShutdownWorkers(wait);

    private static void ThrowIfWorkersCannotStart()
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("ProcessPoolExecutor runs on Linux and macOS.");
        if (string.IsNullOrEmpty(typeof(ProcessPoolExecutor).Assembly.Location))
            throw new PlatformNotSupportedException("ProcessPoolExecutor needs GreenRuntime.dll as a file (its workers load it as a startup hook); a single-file app has none.");
        if (AppContext.TryGetSwitch("System.StartupHookProvider.IsSupported", out bool hooks) && !hooks)
            throw new PlatformNotSupportedException("ProcessPoolExecutor's workers start through a .NET startup hook, which this app switches off (StartupHookSupport=false).");
    }
}
