using System.Diagnostics;

namespace GreenRuntime.Benchmarks;

/// <summary>Runs one benchmark body in a loop for a while, so <c>perf record</c> can sample it.</summary>
public static class HotLoop
{
    /// <summary>Runs body <paramref name="name"/> (spawn, yield, directyield, taskspawn, taskyield) for <paramref name="seconds"/>; <paramref name="n"/> greenlets alive at once for spawn.</summary>
    public static void Run(string name, double seconds, int n, bool allocations = false)
    {
        var spawn = new SpawnJoinBenchmarks { N = n };
        var yields = new YieldBenchmarks();
        var queues = new QueueBenchmarks();
        var pools = new PoolBenchmarks();
        var locks = new LockBenchmarks();
        locks.Setup();
        Action body = name switch
        {
            "spawn" => () => spawn.GreenSpawnJoin(),
            "yield" => yields.GreenYield,
            "directyield" => yields.DirectCallYield,
            "taskspawn" => () => spawn.TaskSpawnJoin(),
            "taskyield" => yields.TaskYield,
            "yield2" => queues.TwoYielders,
            "pingpong" => queues.PingPongInt,
            "pingpongstring" => queues.PingPongString,
            "prodcons" => () => queues.ProducerConsumer(),
            "poolmap" => () => pools.GreenPoolMap(),
            "poolimap" => () => pools.GreenPoolIMapUnordered(),
            "parallel" => pools.ParallelForEachAsync,
            "lock" => locks.GreenLockAcquireRelease,
            "lockscope" => locks.GreenLockScope,
            "threadinglock" => locks.ThreadingLockScope,
            "local" => () => locks.GreenLocalGet(),
            _ => throw new ArgumentException($"unknown body '{name}' (spawn, yield, directyield, taskspawn, taskyield, yield2, pingpong, pingpongstring, prodcons, poolmap, poolimap, parallel, lock, lockscope, threadinglock, local)"),
        };
        int ops = name.EndsWith("spawn", StringComparison.Ordinal) ? SpawnJoinBenchmarks.SpawnCount
            : name is "yield2" or "pingpong" or "pingpongstring" or "prodcons" ? QueueBenchmarks.Operations
            : name is "poolmap" or "poolimap" or "parallel" ? PoolBenchmarks.Items
            : name is "lock" or "lockscope" or "threadinglock" or "local" ? LockBenchmarks.Operations
            : YieldBenchmarks.Yielders * YieldBenchmarks.YieldsEach;
        if (allocations)
        {
            AllocationSampler.Profile($"{name} N={n}", body, ops, seconds);
            return;
        }
        var times = new List<double>();
        body(); // JIT once outside the statistics
        var pauseBefore = GC.GetTotalPauseDuration();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            var sw = Stopwatch.StartNew();
            body();
            times.Add(sw.Elapsed.TotalNanoseconds / ops);
        }
        double elapsed = total.Elapsed.TotalNanoseconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalNanoseconds;
        double pause = (GC.GetTotalPauseDuration() - pauseBefore).TotalNanoseconds;
        double allOps = (double)times.Count * ops;
        Console.WriteLine($"{name} N={n}: {times.Count} invocations, median {MemoryFigures.Median(times):F1} ns/op, min {times.Min():F1} ns/op, " +
            $"process CPU time {cpu / allOps:F1} ns/op (all threads; on this VM it over-counts, prefer the median); " +
            $"GC pauses {pause / elapsed:P1} of the time ({pause / allOps:F1} ns/op), " +
            $"allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / allOps:F1} B/op, " +
            $"collections gen0/1/2 per 1000 ops {1000 * (GC.CollectionCount(0) - g0) / allOps:F4}/{1000 * (GC.CollectionCount(1) - g1) / allOps:F4}/{1000 * (GC.CollectionCount(2) - g2) / allOps:F4}");
    }
}
