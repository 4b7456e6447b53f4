using BenchmarkDotNet.Attributes;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Spawn + join timings, green figure and .NET Task baseline side by side in the same run. The Task
/// method is the baseline, so BenchmarkDotNet's Ratio column is green / Task.
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class SpawnJoinBenchmarks
{
    /// <summary>Greenlets (tasks) spawned and joined per invocation, in batches of <see cref="N"/>.</summary>
    public const int SpawnCount = 1_000_000;

    /// <summary>
    /// Greenlets (tasks) alive at once: spawned, then joined together. dotnet_micro and go_micro use
    /// 1,000,000; 1,000 fits in the CPU caches and shows the scheduler's own cost without GC promotion.
    /// </summary>
    [Params(1_000, 100_000, 1_000_000)]
    public int N { get; set; } = 1_000_000;

    /// <summary>Spawn <see cref="N"/> greenlets returning a value, then <c>Green.JoinAll</c>, until <see cref="SpawnCount"/>; per greenlet.</summary>
    [Benchmark(OperationsPerInvoke = SpawnCount, Description = "green Spawn+JoinAll")]
    public int GreenSpawnJoin()
    {
        int n = N, last = 0;
        for (int round = 0; round < SpawnCount / n; round++)
        {
            var greenlets = new Greenlet<int>[n];
            for (int i = 0; i < n; i++)
                greenlets[i] = Green.Spawn(Bodies.Double, i);
            Green.JoinAll(greenlets);
            last = greenlets[^1].Value;
        }
        return last;
    }

    /// <summary>The baseline: <c>Task.Run</c> + <c>Task.WhenAll</c>, as dotnet_micro does it.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = SpawnCount, Description = "Task.Run+WhenAll")]
    public int TaskSpawnJoin()
    {
        int n = N, last = 0;
        for (int round = 0; round < SpawnCount / n; round++)
        {
            var tasks = new Task<int>[n];
            for (int i = 0; i < n; i++)
            {
                int j = i;
                tasks[i] = Task.Run(() => j * 2);
            }
            Task.WhenAll(tasks).GetAwaiter().GetResult();
            last = tasks[^1].Result;
        }
        return last;
    }
}

/// <summary>
/// Yield timings: 100 greenlets × 10,000 <c>Green.Sleep(0)</c> against 100 async methods × 10,000
/// <c>await Task.Yield()</c>, in the same run; the Task method is the baseline.
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class YieldBenchmarks
{
    /// <summary>Concurrent yielders.</summary>
    public const int Yielders = 100;

    /// <summary>Yields each yielder makes.</summary>
    public const int YieldsEach = 10_000;

    /// <summary><see cref="Yielders"/> greenlets × <see cref="YieldsEach"/> <c>Green.Sleep(0)</c>; per yield.</summary>
    [Benchmark(OperationsPerInvoke = Yielders * YieldsEach, Description = "green Sleep(0)")]
    public void GreenYield()
    {
        var greenlets = new Greenlet[Yielders];
        for (int i = 0; i < Yielders; i++)
            greenlets[i] = Green.Spawn(Bodies.Yielder, YieldsEach);
        Green.JoinAll(greenlets);
    }

    /// <summary>
    /// The same number of yields made by one <c>[Greenlet]</c> method called directly from this (ordinary) code:
    /// <c>Thread.Sleep(0)</c> in a twin the hub runs as its root greenlet, with nothing else runnable.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Yielders * YieldsEach, Description = "direct call Thread.Sleep(0)")]
    public void DirectCallYield() => Bodies.DirectYielder(Yielders * YieldsEach);

    /// <summary>The baseline: <see cref="Yielders"/> async methods × <see cref="YieldsEach"/> <c>await Task.Yield()</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Yielders * YieldsEach, Description = "await Task.Yield()")]
    public void TaskYield()
    {
        var tasks = new Task[Yielders];
        for (int i = 0; i < Yielders; i++)
            tasks[i] = Bodies.TaskYielder(YieldsEach);
        Task.WhenAll(tasks).GetAwaiter().GetResult();
    }
}
