using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// A short job (the machine is shared): one launch, 3 warm-ups, 10 measured iterations, with a median
/// column (the memory diagnoser is on the benchmark class). Pin the whole run to one core with <c>taskset -c 0</c>; the child process
/// BenchmarkDotNet starts inherits the affinity.
/// </summary>
public sealed class OneCoreConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public OneCoreConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId("OneCoreShort"));
        AddColumn(StatisticColumn.Median);
        WithOption(ConfigOptions.JoinSummary, true);
    }
}
