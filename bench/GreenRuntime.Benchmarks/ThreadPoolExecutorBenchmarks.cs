using BenchmarkDotNet.Attributes;
using GreenRuntime.Futures;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Issue 10's thread-pool figure: 100,000 small tasks submitted to a <see cref="ThreadPoolExecutor"/> and their results
/// read back (<c>Submit(Work, i)</c> then <c>Result()</c> of each), against <c>Task.Run(() =&gt; Work(i))</c> for each
/// and <c>Task.WaitAll</c>, in the same run. The Task method is the baseline, so Ratio is executor / Task: at most 1.25
/// meets "≥ 0.8× the throughput". CPython's side is bench/cpython/thread_pool_submit.py.
/// </summary>
/// <remarks>
/// Not pinned to one core: a thread pool's figure is about its threads. Both sides use their pool's default size (the
/// executor's <c>min(32, cores + 4)</c>; .NET's thread pool, one thread per core to start with), created and warmed up
/// once, outside the measured loop.
/// </remarks>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class ThreadPoolExecutorBenchmarks
{
    /// <summary>Tasks per invocation.</summary>
    public const int Tasks = 100_000;

    private static readonly Func<int, int> s_work = Work;

    private readonly Future<int>[] _futures = new Future<int>[Tasks];
    private readonly Task<int>[] _tasks = new Task<int>[Tasks];
    private ThreadPoolExecutor _executor = null!;

    /// <summary>A small task: a little arithmetic on its argument.</summary>
    public static int Work(int x) => (x * 31) ^ (x >> 3);

    /// <summary>Starts the executor's threads before the first measured invocation.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _executor = new ThreadPoolExecutor();
        ExecutorSubmitResult();
    }

    /// <summary>Stops the executor's threads.</summary>
    [GlobalCleanup]
    public void Cleanup() => _executor.Shutdown(wait: true);

    /// <summary><c>Task.Run(() =&gt; Work(i))</c> 100,000 times, then <c>Task.WaitAll</c> and the results; per task.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks, Description = "Task.Run + Task.WaitAll")]
    public long TaskRunWaitAll()
    {
        for (int i = 0; i < Tasks; i++)
        {
            int item = i;
            _tasks[i] = Task.Run(() => Work(item));
        }
        Task.WaitAll(_tasks);
        long sum = 0;
        foreach (var task in _tasks)
            sum += task.Result;
        return sum;
    }

    /// <summary><c>executor.Submit(Work, i)</c> 100,000 times, then each future's <c>Result()</c>; per task.</summary>
    [Benchmark(OperationsPerInvoke = Tasks, Description = "ThreadPoolExecutor Submit + Result")]
    public long ExecutorSubmitResult()
    {
        for (int i = 0; i < Tasks; i++)
            _futures[i] = _executor.Submit(s_work, i);
        long sum = 0;
        foreach (var future in _futures)
            sum += future.Result();
        return sum;
    }
}
