using System.Diagnostics;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Splits one green spawn+join of <c>n</c> greenlets into phases and reports time and bytes of each, per greenlet:
/// the holding array, the spawn loop, running them (Green.Sleep(0) lets all of them run), and the final JoinAll
/// of greenlets that are already dead.
/// </summary>
public static class SpawnPhases
{
    /// <summary>Prints the phase table (medians over <paramref name="rounds"/> rounds).</summary>
    public static void Run(int n, int rounds)
    {
        var phases = new[] { "array", "spawn loop", "run (Sleep(0))", "JoinAll (all dead)", "JoinAll (runs them)" };
        var ns = phases.Select(_ => new List<double>()).ToArray();
        var bytes = phases.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds + 3; r++)
        {
            bool keep = r >= 3;
            long t0 = Stopwatch.GetTimestamp(), a0 = GC.GetAllocatedBytesForCurrentThread();
            var greenlets = new Greenlet<int>[n];
            long t1 = Stopwatch.GetTimestamp(), a1 = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < n; i++)
                greenlets[i] = Green.Spawn(Bodies.Double, i);
            long t2 = Stopwatch.GetTimestamp(), a2 = GC.GetAllocatedBytesForCurrentThread();
            Green.Sleep(0);
            long t3 = Stopwatch.GetTimestamp(), a3 = GC.GetAllocatedBytesForCurrentThread();
            Green.JoinAll(greenlets);
            long t4 = Stopwatch.GetTimestamp(), a4 = GC.GetAllocatedBytesForCurrentThread();
            // and the benchmark's shape: spawn, then JoinAll runs them
            var again = new Greenlet<int>[n];
            for (int i = 0; i < n; i++)
                again[i] = Green.Spawn(Bodies.Double, i);
            long t5 = Stopwatch.GetTimestamp(), a5 = GC.GetAllocatedBytesForCurrentThread();
            Green.JoinAll(again);
            long t6 = Stopwatch.GetTimestamp(), a6 = GC.GetAllocatedBytesForCurrentThread();
            if (!keep)
                continue;
            long[] t = [t0, t1, t2, t3, t4], a = [a0, a1, a2, a3, a4];
            for (int p = 0; p < 4; p++)
            {
                ns[p].Add((t[p + 1] - t[p]) * 1e9 / Stopwatch.Frequency / n);
                bytes[p].Add((a[p + 1] - a[p]) / (double)n);
            }
            ns[4].Add((t6 - t5) * 1e9 / Stopwatch.Frequency / n);
            bytes[4].Add((a6 - a5) / (double)n);
        }
        Console.WriteLine($"green spawn+join phases, N={n:N0}, medians of {rounds} rounds (per greenlet):");
        for (int p = 0; p < phases.Length; p++)
            Console.WriteLine($"  {phases[p],-22} {MemoryFigures.Median(ns[p]),8:F1} ns {MemoryFigures.Median(bytes[p]),8:F1} B");
    }
}
