using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// A short job (the machine is shared): one launch, 10 warm-ups, 10 measured iterations, with a median
/// column (the memory diagnoser is on the benchmark class). Pin the whole run to one core with
/// <c>taskset -c 0</c>; the child process BenchmarkDotNet starts inherits the affinity.
/// </summary>
/// <remarks>
/// Ten warm-up iterations (about 5 s) because on one core the JIT waits 10 × 100 ms after the last
/// Tier-0 compilation before it starts promoting hot methods: with 3 warm-ups, the first measured
/// iterations of <c>await Task.Yield()</c> still ran Tier-0 code (105 ns instead of 37 ns).
/// </remarks>
public sealed class OneCoreConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public OneCoreConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(10)
            .WithIterationCount(10)
            .WithId("OneCoreShort"));
        AddColumn(StatisticColumn.Median);
        WithOption(ConfigOptions.JoinSummary, true);
    }
}
