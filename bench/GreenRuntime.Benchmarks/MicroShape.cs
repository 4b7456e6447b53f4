using System.Diagnostics;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// The green twin of /work/shared/bench/dotnet_micro, same shapes and sizes, one shot each in a fresh
/// process, printing the same key=value lines as micro_bench.sh (so green sits next to go, gevent and
/// dotnet_task). Like dotnet_micro it mostly runs Tier-0 code: compare it with those lines, not with
/// the BenchmarkDotNet (steady-state) figures.
/// </summary>
public static class MicroShape
{
    /// <summary>Prints green spawn_join_ns, yield_ns and parked_bytes.</summary>
    public static void Run()
    {
        const int N = 1_000_000;
        var sw = Stopwatch.StartNew();
        var greenlets = new Greenlet<int>[N];
        for (int i = 0; i < N; i++)
            greenlets[i] = Green.Spawn(Bodies.Double, i);
        Green.JoinAll(greenlets);
        Console.WriteLine($"green spawn_join_ns={sw.Elapsed.TotalNanoseconds / N:F0}");
        if (greenlets[^1].Value != (N - 1) * 2)
            throw new InvalidOperationException("wrong value");
        greenlets = null;

        const int K = 100, M = 10_000;
        sw.Restart();
        var ys = new Greenlet[K];
        for (int i = 0; i < K; i++)
            ys[i] = Green.Spawn(Bodies.Yielder, M);
        Green.JoinAll(ys);
        Console.WriteLine($"green yield_ns={sw.Elapsed.TotalNanoseconds / (K * M):F0}");

        var e = new GreenEvent();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = GC.GetTotalMemory(true);
        var ps = new Greenlet[N];
        for (int i = 0; i < N; i++)
            ps[i] = Green.Spawn(Bodies.Parked, e);
        Green.Sleep(0);
        long after = GC.GetTotalMemory(true);
        Console.WriteLine($"green parked_bytes={(after - before) / (double)N:F0}");
        e.Set();
        Green.JoinAll(ps);
    }
}
