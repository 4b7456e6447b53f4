using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GreenRuntime.Futures;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Issue 10's process pool figures, in one run: CPU-bound primes below 2,000,000 in 16 chunks on 1 worker (the
/// baseline) and on 2; one worker's start-up (a new pool, its first answer, its shutdown); and the round trip of a
/// tiny task on a warm worker. bench/cpython/process_pool.py measures CPython's side of the same shapes.
/// </summary>
/// <remarks>Not pinned: the pool needs both cores (<c>--filter '*ProcessPool*'</c>, no <c>taskset</c>).</remarks>
[Config(typeof(ProcessPoolConfig))]
public class ProcessPoolBenchmarks
{
    /// <summary>The primes are counted below this.</summary>
    public const int Limit = 2_000_000;

    /// <summary>Pieces of work.</summary>
    public const int Chunks = 16;

    /// <summary>Tiny tasks per round-trip invocation.</summary>
    public const int RoundTrips = 1_000;

    private ProcessPoolExecutor _one = null!;
    private ProcessPoolExecutor _two = null!;

    /// <summary>Starts both pools' workers, so that the CPU figures time only the work.</summary>
    [GlobalSetup]
    public void Start()
    {
        _one = new ProcessPoolExecutor(maxWorkers: 1);
        _two = new ProcessPoolExecutor(maxWorkers: 2);
        _one.Submit(PoolBodies.Busy, 100).Result();
        Task.WaitAll(Task.Run(() => _two.Submit(PoolBodies.Busy, 300).Result()), Task.Run(() => _two.Submit(PoolBodies.Busy, 300).Result()));
    }

    /// <summary>Stops the workers.</summary>
    [GlobalCleanup]
    public void Stop()
    {
        _one.Shutdown();
        _two.Shutdown();
    }

    /// <summary>The primes below 2,000,000 in 16 chunks, 1 worker process.</summary>
    [Benchmark(Baseline = true, Description = "primes < 2,000,000 in 16 chunks, 1 worker")]
    public int PrimesOneWorker() => CountPrimes(_one);

    /// <summary>The same on 2 worker processes.</summary>
    [Benchmark(Description = "primes < 2,000,000 in 16 chunks, 2 workers")]
    public int PrimesTwoWorkers() => CountPrimes(_two);

    /// <summary>A new pool's first worker: start, first answer, shutdown (its exit included).</summary>
    [Benchmark(Description = "worker start-up: new pool, first result, Shutdown")]
    public int WorkerStartup()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1);
        return pool.Submit(PoolBodies.Identity, 1).Result();
    }

    /// <summary>Submit + Result of a tiny task on a warm worker, one after the other; per task.</summary>
    [Benchmark(OperationsPerInvoke = RoundTrips, Description = "tiny task round trip (Submit + Result), warm worker")]
    public int TinyRoundTrip()
    {
        int sum = 0;
        for (int i = 0; i < RoundTrips; i++)
            sum += _one.Submit(PoolBodies.Identity, i).Result();
        return sum;
    }

    private static int CountPrimes(ProcessPoolExecutor pool)
    {
        const int size = Limit / Chunks;
        var counts = new Future<int>[Chunks];
        for (int i = 0; i < Chunks; i++)
            counts[i] = pool.Submit(PoolBodies.CountPrimes, i * size, (i + 1) * size);
        return counts.Sum(f => f.Result());
    }
}

/// <summary>What the benchmark's workers run (static methods: they cross to the worker by name).</summary>
public static class PoolBodies
{
    /// <summary>The argument back: the smallest task there is.</summary>
    public static int Identity(int x) => x;

    /// <summary>Holds a worker for a while (so that every worker starts).</summary>
    public static int Busy(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return milliseconds;
    }

    /// <summary>The primes in [from, to) by trial division (the samples' <c>primes</c> and the Python script do the same).</summary>
    public static int CountPrimes(int from, int to)
    {
        int count = 0;
        for (int n = Math.Max(from, 2); n < to; n++)
        {
            if (n < 4 ? n >= 2 : n % 2 != 0 && HasNoOddDivisor(n))
                count++;
        }
        return count;
    }

    private static bool HasNoOddDivisor(int n)
    {
        for (int d = 3; d <= n / d; d += 2)
        {
            if (n % d == 0)
                return false;
        }
        return true;
    }
}

/// <summary>
/// One launch, 3 warm-ups, 10 iterations, in this process (the workers are this program started again, and nothing
/// needs building first); not pinned (the process pool figures need both cores).
/// </summary>
public sealed class ProcessPoolConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public ProcessPoolConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance).WithId("TwoCores"));
        AddColumn(StatisticColumn.Median);
    }
}
