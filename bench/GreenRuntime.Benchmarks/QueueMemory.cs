namespace GreenRuntime.Benchmarks;

/// <summary>
/// Issue 8's memory figure: bytes per greenlet parked on a queue's <c>Get</c> against one parked on <c>Green.Sleep</c>,
/// 100,000 parked at once, <c>GC.GetTotalMemory(true)</c> before and after (the holding array's 8-byte slot included,
/// as for the other parked figures).
/// </summary>
public static class QueueMemory
{
    /// <summary>Greenlets parked at once.</summary>
    public const int ParkedCount = 100_000;

    /// <summary>
    /// Prints <paramref name="rounds"/> rounds of both figures (after one warm-up round) and their medians: warm — this
    /// hub's timer heap and one queue's waiter ring already sized by the earlier rounds, so only what each greenlet
    /// holds counts — and fresh — a new thread, so a new hub and a new queue, whose heap and ring grow during the round.
    /// </summary>
    public static void Run(int rounds)
    {
        var queue = new GreenQueue<int>();
        ParkedOnGetBytes(queue, ParkedCount);
        ParkedOnSleepBytes(ParkedCount);
        List<double> warmGet = [], warmSleep = [], freshGet = [], freshSleep = [];
        for (int r = 0; r < rounds; r++)
        {
            warmGet.Add(ParkedOnGetBytes(queue, ParkedCount));
            warmSleep.Add(ParkedOnSleepBytes(ParkedCount));
            freshGet.Add(OnFreshThread(() => ParkedOnGetBytes(new GreenQueue<int>(), ParkedCount)));
            freshSleep.Add(OnFreshThread(() => ParkedOnSleepBytes(ParkedCount)));
            Console.WriteLine($"round {r + 1}: warm get={warmGet[^1]:F1} sleep={warmSleep[^1]:F1} difference={warmGet[^1] - warmSleep[^1]:F1}; " +
                $"fresh get={freshGet[^1]:F1} sleep={freshSleep[^1]:F1} difference={freshGet[^1] - freshSleep[^1]:F1}");
        }
        Report("warm ", MemoryFigures.Median(warmGet), MemoryFigures.Median(warmSleep), rounds);
        Report("fresh", MemoryFigures.Median(freshGet), MemoryFigures.Median(freshSleep), rounds);
    }

    private static void Report(string kind, double get, double sleep, int rounds) =>
        Console.WriteLine($"{kind}: {ParkedCount:N0} parked, medians of {rounds} rounds: on GreenQueue.Get {get:F1} B, " +
            $"on Green.Sleep {sleep:F1} B, difference {get - sleep:F1} B (target <= 16 B)");

    private static double OnFreshThread(Func<double> measure)
    {
        double result = 0;
        var thread = new Thread(() => result = measure());
        thread.Start();
        thread.Join();
        return result;
    }

    /// <summary><paramref name="n"/> greenlets parked on one queue's <c>Get</c>; bytes each.</summary>
    public static double ParkedOnGetBytes(GreenQueue<int> queue, int n)
    {
        Collect();
        long before = GC.GetTotalMemory(true);
        var greenlets = new Greenlet[n];
        for (int i = 0; i < n; i++)
            greenlets[i] = Green.Spawn(Bodies.ParkedOnGet, queue);
        Green.Sleep(0); // every spawned greenlet runs to its park before the caller resumes
        long after = GC.GetTotalMemory(true);
        if (greenlets[^1].Dead || !greenlets[^1].Started)
            throw new InvalidOperationException("the greenlets did not park");
        for (int i = 0; i < n; i++)
            queue.Put(i);
        Green.JoinAll(greenlets);
        GC.KeepAlive(greenlets);
        return (after - before) / (double)n;
    }

    /// <summary><paramref name="n"/> greenlets parked on a long <c>Green.Sleep</c>; bytes each.</summary>
    public static double ParkedOnSleepBytes(int n)
    {
        Collect();
        long before = GC.GetTotalMemory(true);
        var greenlets = new Greenlet[n];
        for (int i = 0; i < n; i++)
            greenlets[i] = Green.Spawn(Bodies.ParkedOnSleep, 600_000);
        Green.Sleep(0);
        long after = GC.GetTotalMemory(true);
        if (greenlets[^1].Dead || !greenlets[^1].Started)
            throw new InvalidOperationException("the greenlets did not park");
        Green.KillAll(greenlets);
        GC.KeepAlive(greenlets);
        return (after - before) / (double)n;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
