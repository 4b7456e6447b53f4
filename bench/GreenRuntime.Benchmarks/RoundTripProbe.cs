using System.Diagnostics;
using GreenRuntime.Futures;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Issue 10's tiny process-pool round trip as a quick probe (<c>roundtrip [rounds] [trips]</c>): a warm
/// <c>ProcessPoolExecutor(1)</c>, <c>Submit(Identity, i).Result()</c> one after the other; per round the wall time per
/// trip and the CPU both processes spent per trip (this process, and the worker read from <c>/proc</c>), so that a
/// faster trip that burns a core spinning shows. <c>ProcessPoolBenchmarks.TinyRoundTrip</c> is the figure of record.
/// </summary>
public static class RoundTripProbe
{
    /// <summary>Runs the probe and prints one line per round, then the medians.</summary>
    public static void Run(int rounds, int trips)
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1);
        pool.Submit(PoolBodies.Identity, 0).Result();
        int worker = pool.WorkerProcessIds.Single();
        for (int i = 0; i < 2_000; i++)
            pool.Submit(PoolBodies.Identity, i).Result();
        var walls = new List<double>();
        var parentCpu = new List<double>();
        var workerCpu = new List<double>();
        var self = Process.GetCurrentProcess();
        for (int round = 0; round < rounds; round++)
        {
            self.Refresh();
            var cpu0 = self.TotalProcessorTime;
            double w0 = WorkerCpuMilliseconds(worker);
            long t0 = Stopwatch.GetTimestamp();
            int sum = 0;
            for (int i = 0; i < trips; i++)
                sum += pool.Submit(PoolBodies.Identity, i).Result();
            double wall = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / trips;
            self.Refresh();
            double parent = (self.TotalProcessorTime - cpu0).TotalMicroseconds / trips;
            double child = (WorkerCpuMilliseconds(worker) - w0) * 1000 / trips;
            if (sum != trips * (trips - 1) / 2)
                throw new InvalidOperationException("wrong sum");
            walls.Add(wall);
            parentCpu.Add(parent);
            workerCpu.Add(child);
            Console.WriteLine($"round {round}: {wall:F1} us/trip wall, CPU {parent:F1} us parent + {child:F1} us worker");
        }
        Console.WriteLine($"roundtrip_us={Median(walls):F1} parent_cpu_us={Median(parentCpu):F1} worker_cpu_us={Median(workerCpu):F1} (medians of {rounds} rounds of {trips})");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>utime + stime of <paramref name="pid"/> in milliseconds (clock ticks of 10 ms: coarse, so rounds are long).</summary>
    private static double WorkerCpuMilliseconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name and state.
        return (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0;
    }
}
