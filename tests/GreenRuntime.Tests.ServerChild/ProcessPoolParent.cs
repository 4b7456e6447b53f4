using GreenRuntime.Futures;

namespace GreenRuntime.Tests.ServerChild;

/// <summary>
/// A parent of process pool workers for the orphan test: starts a pool of <c>workers</c> processes, prints
/// "WORKERS &lt;pid&gt; &lt;pid&gt;..." once each has answered, then waits until it is killed.
/// </summary>
internal static class ProcessPoolParent
{
    public static int Run(int workers)
    {
        var pool = new ProcessPoolExecutor(maxWorkers: workers);
        // Calls that overlap, so that every worker starts and answers.
        var ids = Enumerable.Range(0, workers).Select(_ => pool.Submit(PoolTasks.ProcessIdAfter, 300)).ToList();
        Console.WriteLine($"WORKERS {string.Join(' ', ids.Select(f => f.Result(TimeSpan.FromSeconds(60))).Distinct())}");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}

/// <summary>What this program's workers (and a process started by hand as one) run.</summary>
public static class PoolTasks
{
    public static int ProcessIdAfter(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return Environment.ProcessId;
    }

    /// <summary>Creates the file at <paramref name="path"/>: the by-hand worker test's sign that work ran.</summary>
    public static void Touch(string path) => File.WriteAllText(path, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
