using System.Diagnostics;

namespace GreenRuntime.Benchmarks;

/// <summary>Runs one benchmark body in a loop for a while, so <c>perf record</c> can sample it.</summary>
public static class HotLoop
{
    /// <summary>Runs body <paramref name="name"/> (spawn, yield, taskspawn, taskyield) for <paramref name="seconds"/>.</summary>
    public static void Run(string name, double seconds)
    {
        var bench = new MicroBenchmarks();
        Action body = name switch
        {
            "spawn" => () => bench.GreenSpawnJoin(),
            "yield" => bench.GreenYield,
            "taskspawn" => () => bench.TaskSpawnJoin(),
            "taskyield" => bench.TaskYield,
            _ => throw new ArgumentException($"unknown body '{name}' (spawn, yield, taskspawn, taskyield)"),
        };
        int ops = name.EndsWith("spawn", StringComparison.Ordinal)
            ? MicroBenchmarks.SpawnCount
            : MicroBenchmarks.Yielders * MicroBenchmarks.YieldsEach;
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            var sw = Stopwatch.StartNew();
            body();
            times.Add(sw.Elapsed.TotalNanoseconds / ops);
        }
        Console.WriteLine($"{name}: {times.Count} invocations, median {MemoryFigures.Median(times):F1} ns/op, min {times.Min():F1} ns/op");
    }
}
