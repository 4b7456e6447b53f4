using BenchmarkDotNet.Attributes;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Issue 8's pool figure: <c>GreenPool(100).Map</c> over 100,000 items whose work yields once, against
/// <c>Parallel.ForEachAsync</c> with <c>MaxDegreeOfParallelism = 100</c> and a body that awaits <c>Task.Yield()</c>, in the
/// same run (the Parallel method is the baseline, so Ratio is green / Parallel: below 1/3 meets the target).
/// </summary>
/// <remarks>
/// Each green item is a greenlet of the pool (one per item, as in gevent), started as slots free up by the map's feeder;
/// its body is a real <c>[Greenlet]</c> method (<see cref="Bodies.YieldOnce"/>) that calls <c>Green.Sleep(0)</c> once.
/// Pin the run to one core (<c>taskset -c 0</c>): the Parallel baseline then also runs on one core's thread pool.
/// </remarks>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class PoolBenchmarks
{
    /// <summary>Items per map.</summary>
    public const int Items = 100_000;

    /// <summary>The pool's size and the degree of parallelism.</summary>
    public const int Width = 100;

    private static readonly int[] s_items = Enumerable.Range(0, Items).ToArray();

    private static readonly ParallelOptions s_options = new() { MaxDegreeOfParallelism = Width };

    /// <summary><c>Parallel.ForEachAsync</c>, 100 at once, each item awaiting <c>Task.Yield()</c>; per item.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Items, Description = "Parallel.ForEachAsync(100), await Task.Yield()")]
    public void ParallelForEachAsync() =>
        Parallel.ForEachAsync(s_items, s_options, static async (item, _) => await Task.Yield()).GetAwaiter().GetResult();

    /// <summary><c>GreenPool(100).Map</c>, each item yielding once with <c>Green.Sleep(0)</c>; per item.</summary>
    [Benchmark(OperationsPerInvoke = Items, Description = "GreenPool(100).Map, Green.Sleep(0)")]
    public int GreenPoolMap() => new GreenPool(Width).Map(Bodies.YieldOnce, s_items).Count;

    /// <summary><c>GreenPool(100).IMapUnordered</c> enumerated, each item yielding once; per item.</summary>
    [Benchmark(OperationsPerInvoke = Items, Description = "GreenPool(100).IMapUnordered, Green.Sleep(0)")]
    public long GreenPoolIMapUnordered()
    {
        long sum = 0;
        foreach (var result in new GreenPool(Width).IMapUnordered(Bodies.YieldOnce, s_items))
            sum += result;
        return sum;
    }
}
