using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GreenRuntime.Futures;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Issue 10's greenlet-executor figure: <c>Map</c> over 100,000 items that only yield, on a <see cref="GreenletExecutor"/>
/// (each item the <c>[Greenlet]</c> method <see cref="Bodies.YieldOnce"/>: <c>Green.Sleep(0)</c> once) against a
/// <see cref="ThreadPoolExecutor"/> (each item <c>Thread.Yield()</c> once), in the same run. The thread pool is the
/// baseline, so Ratio is greenlets / threads: at most 0.2 meets "≥ 5× the throughput".
/// </summary>
/// <remarks>
/// Both enumerate <c>Map</c>'s results in order from the benchmark's thread. The thread pool has its default size
/// (<c>min(32, cores + 4)</c>), created once outside the measured loop; the greenlet executor runs 100 workers on the
/// benchmark thread's hub (created per invocation: it starts no thread). Not pinned to one core: the thread pool's side
/// is about its threads. In process (<see cref="InProcessConfig"/>): on the loaded shared machine the separate process's
/// build kept running past BenchmarkDotNet's build timeout.
/// </remarks>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class GreenletExecutorBenchmarks
{
    /// <summary>Items per map.</summary>
    public const int Items = 100_000;

    /// <summary>The greenlet executor's workers.</summary>
    public const int Workers = 100;

    private static readonly int[] s_items = Enumerable.Range(0, Items).ToArray();

    private static readonly Func<int, int> s_yieldThread = static item =>
    {
        Thread.Yield();
        return item;
    };

    // A [Greenlet] method as a plain delegate: through IExecutor the worker finds its twin at run time.
    private static readonly Func<int, int> s_yieldGreen = Bodies.YieldOnce;

    private ThreadPoolExecutor _threads = null!;

    /// <summary>Starts the thread pool's threads before the first measured invocation.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _threads = new ThreadPoolExecutor();
        ThreadPoolMap();
    }

    /// <summary>Stops the thread pool's threads.</summary>
    [GlobalCleanup]
    public void Cleanup() => _threads.Shutdown(wait: true);

    /// <summary><c>ThreadPoolExecutor().Map</c>, each item calling <c>Thread.Yield()</c>; per item.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Items, Description = "ThreadPoolExecutor().Map, Thread.Yield()")]
    public long ThreadPoolMap()
    {
        long sum = 0;
        foreach (int result in _threads.Map(s_yieldThread, s_items))
            sum += result;
        return sum;
    }

    /// <summary><c>GreenletExecutor(100).Map</c>, each item a [Greenlet] method calling <c>Green.Sleep(0)</c>; per item.</summary>
    [Benchmark(OperationsPerInvoke = Items, Description = "GreenletExecutor(100).Map, Green.Sleep(0)")]
    public long GreenletMap()
    {
        using var executor = new GreenletExecutor(Workers);
        long sum = 0;
        foreach (int result in executor.Map(Bodies.YieldOnce, s_items))
            sum += result;
        return sum;
    }

    /// <summary>
    /// <c>GreenletExecutor(100)</c>'s <c>Submit</c> of the same [Greenlet] method through <see cref="IExecutor"/> (each
    /// worker call finds the twin: <c>FindTwin</c>), then each future's <c>Result()</c>; per item.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Items, Description = "GreenletExecutor(100) IExecutor.Submit + Result, Green.Sleep(0)")]
    public long GreenletSubmit()
    {
        using var executor = new GreenletExecutor(Workers);
        IExecutor plain = executor;
        var futures = new Future<int>[Items];
        for (int i = 0; i < Items; i++)
            futures[i] = plain.Submit(s_yieldGreen, i);
        long sum = 0;
        foreach (var future in futures)
            sum += future.Result();
        return sum;
    }

    /// <summary><see cref="OneCoreConfig"/>'s short job, run in this process (no separate build).</summary>
    public sealed class InProcessConfig : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public InProcessConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(5)
                .WithIterationCount(10)
                .WithId("InProcessShort"));
            AddColumn(StatisticColumn.Median);
        }
    }
}
