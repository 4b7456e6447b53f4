using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// What the blocking monitor (issue 9) costs a switch: the yield benchmarks' two shapes with <c>Hub.MonitorBlocking</c>
/// off (each category's baseline) and on, in the same run, so <c>Ratio</c> is on / off. On, the monitor thread shares
/// the one core and wakes every 25 ms (a quarter of the default 100 ms threshold): that is in the figure too.
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class BlockingMonitorBenchmarks
{
    private const int Yielders = YieldBenchmarks.Yielders;
    private const int YieldsEach = YieldBenchmarks.YieldsEach;

    /// <summary>100 greenlets × 10,000 <c>Green.Sleep(0)</c>, monitor off; per yield.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Yielders * YieldsEach, Description = "green Sleep(0), monitor off")]
    [BenchmarkCategory("spawned")]
    public void GreenYieldOff() => GreenYield(monitor: false);

    /// <summary>The same with the monitor on.</summary>
    [Benchmark(OperationsPerInvoke = Yielders * YieldsEach, Description = "green Sleep(0), monitor on")]
    [BenchmarkCategory("spawned")]
    public void GreenYieldOn() => GreenYield(monitor: true);

    /// <summary>One direct call's 1,000,000 <c>Thread.Sleep(0)</c>, monitor off: one loop turn per yield.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Yielders * YieldsEach, Description = "direct call Thread.Sleep(0), monitor off")]
    [BenchmarkCategory("direct")]
    public void DirectCallYieldOff() => DirectCallYield(monitor: false);

    /// <summary>The same with the monitor on.</summary>
    [Benchmark(OperationsPerInvoke = Yielders * YieldsEach, Description = "direct call Thread.Sleep(0), monitor on")]
    [BenchmarkCategory("direct")]
    public void DirectCallYieldOn() => DirectCallYield(monitor: true);

    private static void GreenYield(bool monitor)
    {
        Green.Hub.MonitorBlocking = monitor;
        var greenlets = new Greenlet[Yielders];
        for (int i = 0; i < Yielders; i++)
            greenlets[i] = Green.Spawn(Bodies.Yielder, YieldsEach);
        Green.JoinAll(greenlets);
    }

    private static void DirectCallYield(bool monitor)
    {
        Green.Hub.MonitorBlocking = monitor;
        Bodies.DirectYielder(Yielders * YieldsEach);
    }
}
