using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// The yield cost of a fresh process's first second, while the JIT tiers the hub's code up: rounds of
/// 100 greenlets × 1,000 <c>Green.Sleep(0)</c> (the yield benchmark's shape, cut into ~2-10 ms rounds), or with
/// <c>--direct</c> one direct call of a <c>[Greenlet]</c> method making 100,000 <c>Thread.Sleep(0)</c> per round.
/// </summary>
/// <remarks>
/// A short program only runs the code the JIT has produced so far: Tier-0 code until call counting (or
/// on-stack replacement, for a method stuck in a loop) promotes it. <c>bench/tiering.sh</c> runs this in
/// 20 fresh processes and reports the worst and the median, since one process is one draw of the JIT's timing.
/// Each round is timed twice: wall clock, and (on Linux) this thread's CPU time, which leaves out the time other
/// processes on a shared machine took the core — the steadier figure under load.
/// </remarks>
public static partial class TieringProbe
{
    private const int Yielders = 100;
    private const int YieldsEach = 1_000;

    /// <summary>Yields greenlets for <paramref name="seconds"/>; prints one summary line (and every round with <paramref name="verbose"/>).</summary>
    public static void Run(double seconds, bool verbose, bool direct)
    {
        var clock = Stopwatch.StartNew();
        var rounds = new List<(double StartMs, double EndMs, double NsPerYield, double CpuNsPerYield)>();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            double start = clock.Elapsed.TotalMilliseconds;
            long before = Stopwatch.GetTimestamp();
            long cpuBefore = ThreadCpuNanoseconds();
            if (direct)
            {
                Bodies.DirectYielder(Yielders * YieldsEach);
            }
            else
            {
                var greenlets = new Greenlet[Yielders];
                for (int i = 0; i < Yielders; i++)
                    greenlets[i] = Green.Spawn(Bodies.Yielder, YieldsEach);
                Green.JoinAll(greenlets);
            }
            double ns = Stopwatch.GetElapsedTime(before).TotalNanoseconds / (Yielders * (double)YieldsEach);
            double cpu = (ThreadCpuNanoseconds() - cpuBefore) / (Yielders * (double)YieldsEach);
            rounds.Add((start, clock.Elapsed.TotalMilliseconds, ns, cpu));
            if (verbose)
                Console.WriteLine($"{start,8:F1} ms: ns_per_yield={ns:F1} cpu_ns_per_yield={cpu:F1}");
        }
        // Every yield of the window, and those of rounds that started after the first 100 ms (the tier-up budget).
        double all = rounds.Average(r => r.NsPerYield);
        var late = rounds.Where(r => r.StartMs >= 100).Select(r => r.NsPerYield).ToList();
        double after100 = late.Count > 0 ? late.Average() : double.NaN;
        double worstLate = late.Count > 0 ? late.Max() : double.NaN;
        var lateCpu = rounds.Where(r => r.StartMs >= 100).Select(r => r.CpuNsPerYield).ToList();
        // The last second of a longer run (tiering 8): steady state, for comparing builds.
        var lastSecond = rounds.Where(r => r.StartMs >= (seconds - 1) * 1000).ToList();
        Console.WriteLine($"tiering: {(direct ? "direct" : "spawned")} seconds={seconds} rounds={rounds.Count} ns_per_yield_all={all:F1} " +
            $"ns_per_yield_after_100ms={after100:F1} worst_round_after_100ms={worstLate:F1} first_round={rounds[0].NsPerYield:F1} " +
            $"last_round={rounds[^1].NsPerYield:F1} cpu_ns_per_yield_all={rounds.Average(r => r.CpuNsPerYield):F1} " +
            $"cpu_ns_per_yield_after_100ms={(lateCpu.Count > 0 ? lateCpu.Average() : double.NaN):F1} " +
            $"last_second_ns_per_yield={lastSecond.Average(r => r.NsPerYield):F1} last_second_cpu_ns_per_yield={lastSecond.Average(r => r.CpuNsPerYield):F1}");
    }

    private static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        ClockGetTime(ClockThreadCpuTime, out var now);
        return now.Seconds * 1_000_000_000 + now.Nanoseconds;
    }

    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
