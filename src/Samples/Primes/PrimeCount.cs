using System.Diagnostics;
using GreenRuntime.Futures;

namespace GreenRuntime.Samples.Primes;

/// <summary>
/// The CPU-bound <c>ProcessPoolExecutor</c> example (Python's concurrent.futures documentation counts primes the same
/// way): the primes below a limit, counted in chunks by worker processes — first by one worker, then by several — to
/// show the speed-up. The workers are this program started again; <see cref="CountPrimes"/> runs there.
/// </summary>
public static class PrimeCount
{
    /// <summary>How many primes lie in [<paramref name="from"/>, <paramref name="to"/>), by trial division: CPU work, no I/O.</summary>
    public static int CountPrimes(int from, int to)
    {
        int count = 0;
        for (int n = Math.Max(from, 2); n < to; n++)
        {
            if (IsPrime(n))
                count++;
        }
        return count;
    }

    private static bool IsPrime(int n)
    {
        if (n < 4)
            return n >= 2;
        if (n % 2 == 0)
            return false;
        for (int d = 3; d <= n / d; d += 2)
        {
            if (n % d == 0)
                return false;
        }
        return true;
    }

    /// <summary>Keeps a worker busy for a moment and says which process it is: starts every worker before the timing.</summary>
    public static int WorkerProcessId(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return Environment.ProcessId;
    }

    /// <summary>Counts the primes below <paramref name="limit"/> in <paramref name="chunks"/> chunks with 1 worker, then with <paramref name="workers"/>.</summary>
    public static int Run(int limit, int chunks, int workers)
    {
        Console.WriteLine($"counting the primes below {limit:N0} in {chunks} chunks; this process is {Environment.ProcessId}");
        var (one, oneTime) = Count(limit, chunks, 1);
        var (many, manyTime) = Count(limit, chunks, workers);
        if (one != many)
            throw new InvalidOperationException($"1 worker counted {one} primes and {workers} counted {many}.");
        Console.WriteLine($"{workers} workers are {oneTime.TotalSeconds / manyTime.TotalSeconds:F2}x as fast as 1 ({Environment.ProcessorCount} cores)");
        return 0;
    }

    private static (int Primes, TimeSpan Elapsed) Count(int limit, int chunks, int workers)
    {
        var startup = Stopwatch.StartNew();
        using var pool = new ProcessPoolExecutor(maxWorkers: workers);
        // One overlapping call per worker, so that each is started (and answers) before the clock runs; again while a
        // worker slow to start (a loaded machine) left its call to one that was ready.
        var pids = new List<int>();
        for (int round = 0; round < 20 && pids.Count < workers; round++)
        {
            var calls = Enumerable.Range(0, workers).Select(_ => pool.Submit(WorkerProcessId, 200)).ToList();
            pids = [.. pids.Concat(calls.Select(f => f.Result())).Distinct()];
        }
        startup.Stop();

        var watch = Stopwatch.StartNew();
        int size = (limit + chunks - 1) / chunks;
        var counts = Enumerable.Range(0, chunks)
            .Select(i => pool.Submit(CountPrimes, i * size, Math.Min(limit, (i + 1) * size)))
            .ToList();
        int primes = counts.Sum(f => f.Result());
        watch.Stop();
        Console.WriteLine($"{workers} worker{(workers == 1 ? " " : "s")}: {primes} primes in {watch.Elapsed.TotalSeconds:F2} s (worker processes {string.Join(", ", pids)}; started and ready in {startup.ElapsedMilliseconds} ms)");
        return (primes, watch.Elapsed);
    }
}
