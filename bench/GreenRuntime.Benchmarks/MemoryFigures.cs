namespace GreenRuntime.Benchmarks;

/// <summary>
/// The figures BenchmarkDotNet does not express well, measured the way dotnet_micro measures them:
/// bytes per parked greenlet (GC.GetTotalMemory(true) before/after) and bytes allocated per yield in
/// steady state (GC.GetAllocatedBytesForCurrentThread around a long loop after warm-up).
/// </summary>
public static partial class MemoryFigures
{
    /// <summary>Parked greenlets / awaiting async methods.</summary>
    public const int ParkedCount = 100_000;

    private static long s_windowStart;
    private static long s_windowEnd;

    /// <summary>
    /// Runs every memory figure: first the fresh-process ones (as dotnet_micro measures, once, in a new
    /// process), then <paramref name="warmupSeconds"/> of warm-up so the JIT has tiered up, then
    /// <paramref name="rounds"/> steady-state rounds; prints each round and the medians.
    /// </summary>
    public static void Run(int rounds, double warmupSeconds)
    {
        // A small warm-up so first-call costs (hub creation, type loading) land nowhere; it leaves the hub's
        // arrays small (1,024), so the next measurement still pays for growing them to 100,000, as a fresh process does.
        GreenParkedBytes(1_000);
        TaskParkedBytes(1_000);
        double freshGreenParked = GreenParkedBytes(ParkedCount);
        double freshTaskParked = TaskParkedBytes(ParkedCount);
        double tier0Yield = GreenSteadyStateBytesPerYield(YieldBenchmarks.Yielders, 100, 1_000);
        Console.WriteLine($"fresh process: green parked_bytes={freshGreenParked:F1} task parked_bytes={freshTaskParked:F1} " +
            $"ratio={freshGreenParked / freshTaskParked:F2}");
        Console.WriteLine($"before tier-up (Tier-0 code): green bytes_per_yield={tier0Yield:F4}");

        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < warmupSeconds)
        {
            GreenSteadyStateBytesPerYield(YieldBenchmarks.Yielders, 100, 1_000);
            TaskBytesPerYield(10, 1_000);
            GreenParkedBytesNoGc(10_000);
        }

        var greenParked = new List<double>();
        var taskParked = new List<double>();
        var greenYield = new List<double>();
        var greenYieldWhole = new List<double>();
        var taskYield = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            greenParked.Add(GreenParkedBytes(ParkedCount));
            taskParked.Add(TaskParkedBytes(ParkedCount));
            greenYield.Add(GreenSteadyStateBytesPerYield(YieldBenchmarks.Yielders, 1_000, YieldBenchmarks.YieldsEach));
            greenYieldWhole.Add(GreenWholeRunBytesPerYield(YieldBenchmarks.Yielders, YieldBenchmarks.YieldsEach));
            taskYield.Add(TaskBytesPerYield(YieldBenchmarks.Yielders, YieldBenchmarks.YieldsEach));
            Console.WriteLine(
                $"round {r + 1}: green parked_bytes={greenParked[^1]:F1} task parked_bytes={taskParked[^1]:F1} " +
                $"green steady_bytes_per_yield={greenYield[^1]:F4} green whole_run_bytes_per_yield={greenYieldWhole[^1]:F4} " +
                $"task whole_run_bytes_per_yield={taskYield[^1]:F4}");
        }
        double gp = Median(greenParked), tp = Median(taskParked);
        Console.WriteLine();
        Console.WriteLine($"{ParkedCount:N0} parked; {YieldBenchmarks.Yielders}x{YieldBenchmarks.YieldsEach:N0} yields; medians of {rounds} rounds after {warmupSeconds} s warm-up:");
        Console.WriteLine($"green parked_bytes fresh_process={freshGreenParked:F1} warm_hub={gp:F1}");
        Console.WriteLine($"task  parked_bytes fresh_process={freshTaskParked:F1} warm={tp:F1}");
        Console.WriteLine($"ratio parked green/task fresh_process={freshGreenParked / freshTaskParked:F2} warm={gp / tp:F2} (target <= 1.3 and <= 160 B)");
        Console.WriteLine($"green steady_state_bytes_per_yield={Median(greenYield):F4} (target 0); before tier-up={tier0Yield:F4}");
        Console.WriteLine($"green whole_run_bytes_per_yield={Median(greenYieldWhole):F4} (includes spawning the 100 yielders)");
        Console.WriteLine($"task  whole_run_bytes_per_yield={Median(taskYield):F4}");
    }

    /// <summary>Prints bytes per yield every ~100 ms for <paramref name="seconds"/>: shows when tier-up removes the per-yield allocation.</summary>
    public static void TieringProbe(double seconds)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            var lap = System.Diagnostics.Stopwatch.StartNew();
            double bytes = GreenSteadyStateBytesPerYield(YieldBenchmarks.Yielders, 100, 10_000);
            Console.WriteLine($"{sw.ElapsedMilliseconds,6} ms: green bytes_per_yield={bytes:F4} ns_per_yield={lap.Elapsed.TotalNanoseconds / (YieldBenchmarks.Yielders * 10_100.0):F1}");
        }
    }

    private static void GreenParkedBytesNoGc(int n)
    {
        var e = new GreenEvent();
        var greenlets = new Greenlet[n];
        for (int i = 0; i < n; i++)
            greenlets[i] = Green.Spawn(Bodies.Parked, e);
        Green.Sleep(0);
        e.Set();
        Green.JoinAll(greenlets);
    }

    /// <summary><paramref name="n"/> greenlets parked on one <see cref="GreenEvent"/>; bytes each (includes the 8-byte slot of the holding array, as dotnet_micro does).</summary>
    public static double GreenParkedBytes(int n)
    {
        var e = new GreenEvent();
        FullCollect();
        long before = GC.GetTotalMemory(true);
        var greenlets = new Greenlet[n];
        for (int i = 0; i < n; i++)
            greenlets[i] = Green.Spawn(Bodies.Parked, e);
        Green.Sleep(0); // every spawned greenlet runs to its park before the caller resumes
        long after = GC.GetTotalMemory(true);
        if (greenlets[^1].Dead || !greenlets[^1].Started)
            throw new InvalidOperationException("the greenlets did not park");
        e.Set();
        Green.JoinAll(greenlets);
        GC.KeepAlive(greenlets);
        return (after - before) / (double)n;
    }

    /// <summary><paramref name="n"/> async methods awaiting one TaskCompletionSource's task; bytes each, exactly as dotnet_micro.</summary>
    public static double TaskParkedBytes(int n)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        FullCollect();
        long before = GC.GetTotalMemory(true);
        var tasks = new Task[n];
        for (int i = 0; i < n; i++)
            tasks[i] = Bodies.TaskParked(tcs.Task);
        long after = GC.GetTotalMemory(true);
        tcs.SetResult();
        Task.WhenAll(tasks).GetAwaiter().GetResult();
        GC.KeepAlive(tasks);
        return (after - before) / (double)n;
    }

    /// <summary>
    /// Bytes allocated per <c>Green.Sleep(0)</c> in steady state: <paramref name="yielders"/> greenlets each
    /// yield <paramref name="warmup"/> times, then greenlet 0 reads the thread's allocation counter, every
    /// greenlet yields <paramref name="measured"/> more times, and greenlet 0 reads it again. Between the two
    /// reads exactly <paramref name="yielders"/> × <paramref name="measured"/> yields happen, all on this thread.
    /// </summary>
    public static double GreenSteadyStateBytesPerYield(int yielders, int warmup, int measured)
    {
        var greenlets = new Greenlet[yielders];
        for (int i = 0; i < yielders; i++)
            greenlets[i] = Green.Spawn(MeasuredYielder, warmup, measured, i == 0);
        Green.JoinAll(greenlets);
        return (s_windowEnd - s_windowStart) / ((double)yielders * measured);
    }

    /// <summary>Bytes allocated per yield over the whole green yield benchmark, spawning included.</summary>
    public static double GreenWholeRunBytesPerYield(int yielders, int yieldsEach)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var greenlets = new Greenlet[yielders];
        for (int i = 0; i < yielders; i++)
            greenlets[i] = Green.Spawn(Bodies.Yielder, yieldsEach);
        Green.JoinAll(greenlets);
        long after = GC.GetAllocatedBytesForCurrentThread();
        return (after - before) / ((double)yielders * yieldsEach);
    }

    /// <summary>Bytes allocated (all threads) per <c>await Task.Yield()</c> over the whole Task yield benchmark.</summary>
    public static double TaskBytesPerYield(int yielders, int yieldsEach)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var tasks = new Task[yielders];
        for (int i = 0; i < yielders; i++)
            tasks[i] = Bodies.TaskYielder(yieldsEach);
        Task.WhenAll(tasks).GetAwaiter().GetResult();
        long after = GC.GetTotalAllocatedBytes(precise: true);
        return (after - before) / ((double)yielders * yieldsEach);
    }

    [Greenlet]
    private static void MeasuredYielder(int warmup, int measured, bool recorder)
    {
        for (int j = 0; j < warmup; j++)
            Green.Sleep(0);
        if (recorder)
            s_windowStart = GC.GetAllocatedBytesForCurrentThread();
        for (int j = 0; j < measured; j++)
            Green.Sleep(0);
        if (recorder)
            s_windowEnd = GC.GetAllocatedBytesForCurrentThread();
    }

    private static void FullCollect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
