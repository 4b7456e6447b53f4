using GreenRuntime.Futures;

namespace GreenRuntime.Tests.Futures;

/// <summary>
/// Futures in each state, and threads that finish them later (CPython's test_concurrent_futures/util.py: the
/// PENDING/RUNNING/CANCELLED/EXCEPTION/SUCCESSFUL futures), for the tests of waits without an executor.
/// </summary>
internal static class FutureSources
{
    public static Future<int> Pending() => new();

    public static Future<int> Running()
    {
        var future = new Future<int>();
        future.SetRunningOrNotifyCancel();
        return future;
    }

    public static Future<int> Cancelled()
    {
        var future = new Future<int>();
        future.Cancel();
        return future;
    }

    public static Future<int> Failed(string message = "this is an exception")
    {
        var future = new Future<int>();
        future.SetRunningOrNotifyCancel();
        future.TrySetException(new InvalidOperationException(message));
        return future;
    }

    public static Future<int> Successful(int value = 42)
    {
        var future = new Future<int>();
        future.SetRunningOrNotifyCancel();
        future.TrySetResult(value);
        return future;
    }

    /// <summary>Runs <paramref name="action"/> on a new thread after <paramref name="delayMs"/> (the "worker" that finishes a future).</summary>
    public static Thread Later(int delayMs, Action action)
    {
        var thread = new Thread(() =>
        {
            Thread.Sleep(delayMs);
            action();
        })
        {
            IsBackground = true,
            Name = "future-finisher",
        };
        thread.Start();
        return thread;
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a new thread once <paramref name="ticks"/> says the hub has ticked a few times
    /// (at most 10 s later): a finish that happens only while the hub keeps running. Returns the ticks seen.
    /// </summary>
    public static Thread WhenTicked(Func<int> ticks, Action action, Action<int> seen)
    {
        var thread = new Thread(() =>
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (ticks() < 3 && DateTime.UtcNow < until)
                Thread.Sleep(5);
            seen(ticks());
            action();
        })
        {
            IsBackground = true,
            Name = "future-finisher",
        };
        thread.Start();
        return thread;
    }
}
