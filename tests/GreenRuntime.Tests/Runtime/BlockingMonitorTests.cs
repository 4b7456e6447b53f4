using System.Collections.Concurrent;
using System.Diagnostics;
using GreenRuntime.Tests.Library;
using GreenRuntime.Tests.Servers;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>[Greenlet] methods the blocking monitor watches.</summary>
internal static partial class MonitoredWork
{
    /// <summary>Suspends once (so its twin is boxed and awaited by its caller), then blocks inside a referenced library.</summary>
    [Greenlet]
    public static void SuspendThenCallLibrary(int milliseconds)
    {
        Green.Sleep(1);
        LibraryBlocking.SleepUnpatched(milliseconds);
    }

    /// <summary>Calls <see cref="SuspendThenCallLibrary"/>: the outer frame of the green call chain.</summary>
    [Greenlet]
    public static void CallLibraryThroughAHelper(int milliseconds) => SuspendThenCallLibrary(milliseconds);

    /// <summary>Busy but cooperative: yields <paramref name="times"/> times, sleeping a millisecond every tenth round.</summary>
    [Greenlet]
    public static void YieldOften(int times)
    {
        for (int i = 0; i < times; i++)
            Green.Sleep(i % 10 == 0 ? 1 : 0);
    }
}

/// <summary>
/// The blocking monitor (gevent's monitor thread, <c>src/gevent/tests/test__monitor.py</c>): a greenlet or callback that
/// holds the hub past <see cref="Hub.MaxBlockingTime"/> is reported once per episode, to standard error and to
/// <see cref="Hub.Blocked"/>, with a follow-up when it releases the hub; silent for cooperative code; off by default.
/// </summary>
/// <remarks>
/// These tests block their hub's thread on purpose and write to standard error, so they run alone (they share the
/// collection of the tests that swap <see cref="Console.Error"/>): another test's preempted hub cannot be mistaken for
/// one of theirs, and a machine busy with parallel tests cannot hold a hub for 100 ms.
/// </remarks>
[Collection(nameof(StandardErrorCollection))]
public class BlockingMonitorTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(100);

    /// <summary>Turns the monitor on for this thread's hub and records its reports (raised on the monitor thread).</summary>
    private static ConcurrentQueue<HubBlockedEventArgs> Monitor(TimeSpan? threshold = null)
    {
        var reports = new ConcurrentQueue<HubBlockedEventArgs>();
        var hub = Green.Hub;
        hub.MaxBlockingTime = threshold ?? Threshold;
        hub.Blocked += (_, report) => reports.Enqueue(report);
        hub.MonitorBlocking = true;
        return reports;
    }

    /// <summary>Waits (as ordinary code, which the monitor does not watch) until <paramref name="count"/> follow-ups came.</summary>
    private static void WaitForReleases(ConcurrentQueue<HubBlockedEventArgs> reports, int count = 1)
    {
        var watch = Stopwatch.StartNew();
        while (reports.Count(r => r.Released) < count)
        {
            if (watch.Elapsed > Prompt)
                throw new TimeoutException($"{count} follow-up report(s) expected within {Prompt}; got: {string.Join(" | ", reports)}");
            Thread.Sleep(10);
        }
    }

    private static string CaptureStandardError(Action action)
    {
        var original = Console.Error;
        var writer = new StringWriter();
        Console.SetError(TextWriter.Synchronized(writer));
        try
        {
            action();
        }
        finally
        {
            Console.SetError(original);
        }
        return writer.ToString();
    }

    [Fact]
    public void A_greenlet_blocking_inside_a_referenced_library_is_reported_once_by_name_with_its_green_call_chain()
    {
        var reports = new ConcurrentQueue<HubBlockedEventArgs>();
        Greenlet? blocker = null;
        var stderr = CaptureStandardError(() => OnFreshThread(() =>
        {
            reports = Monitor();
            blocker = Green.Spawn(MonitoredWork.CallLibraryThroughAHelper, 300);
            blocker.Name = "library-blocker";
            blocker.Join();
            WaitForReleases(reports);
            Green.Hub.MonitorBlocking = false;
        }));

        var held = Assert.Single(reports, r => !r.Released); // one report per episode, not one per look
        Assert.Same(blocker, held.Greenlet);
        Assert.Contains("library-blocker", held.Holder);
        Assert.Contains("CallLibraryThroughAHelper(300)", held.Holder); // what it runs
        Assert.InRange(held.Duration, Threshold, TimeSpan.FromMilliseconds(300) + Prompt);
        Assert.Equal(Threshold, held.MaxBlockingTime);
        // The green call chain, innermost first: the twin it was resumed in, then the [Greenlet] caller awaiting it.
        Assert.Matches(@"in MonitoredWork\.SuspendThenCallLibrary\r?\n\s+in MonitoredWork\.CallLibraryThroughAHelper", held.StackTrace);

        var released = Assert.Single(reports, r => r.Released);
        Assert.Same(blocker, released.Greenlet);
        Assert.InRange(released.Duration, Threshold, TimeSpan.FromMilliseconds(300) + Prompt);

        // The same reports go to standard error.
        Assert.Contains(held.Report, stderr);
        Assert.Contains(released.Report, stderr);
        Assert.Contains("library-blocker", stderr);
    }

    [Fact]
    public void A_greenlet_that_has_not_suspended_yet_is_reported_with_what_it_runs()
    {
        var reports = new ConcurrentQueue<HubBlockedEventArgs>();
        CaptureStandardError(() => OnFreshThread(() =>
        {
            reports = Monitor();
            var blocker = Green.Spawn(LibraryBlocking.SleepUnpatched, 300);
            blocker.Name = "first-run-blocker";
            blocker.Join();
            WaitForReleases(reports);
            Green.Hub.MonitorBlocking = false;
        }));
        var held = Assert.Single(reports, r => !r.Released);
        Assert.Contains("first-run-blocker", held.Holder);
        Assert.Contains("LibraryBlocking.SleepUnpatched(300)", held.StackTrace);
        Assert.Contains("has not suspended since it started", held.Report);
    }

    [Fact]
    public void A_posted_action_that_blocks_is_reported_as_a_callback()
    {
        var reports = new ConcurrentQueue<HubBlockedEventArgs>();
        CaptureStandardError(() => OnFreshThread(() =>
        {
            reports = Monitor();
            Green.Hub.Post(() => LibraryBlocking.SleepUnpatched(300));
            Green.Sleep(0); // runs the posted action
            WaitForReleases(reports);
            Green.Hub.MonitorBlocking = false;
        }));
        var held = Assert.Single(reports, r => !r.Released);
        Assert.Null(held.Greenlet);
        Assert.Contains("a Hub.Post action", held.Holder);
    }

    [Fact]
    public void A_busy_but_cooperative_load_is_never_reported()
    {
        var reports = new ConcurrentQueue<HubBlockedEventArgs>();
        CaptureStandardError(() => OnFreshThread(() =>
        {
            // Warm up first: the first calls compile their code, which is the hub's thread busy but not blocked by the user.
            Green.Spawn(MonitoredWork.YieldOften, 100).Join();
            StreamServerEchoTests.RunEchoClients(clients: 20, rounds: 2);

            // A threshold of 1 s: on a loaded machine the hub's thread can wait for a core longer than 100 ms, which
            // the monitor rightly sees as the hub not running; cooperative work holds it for microseconds at a time.
            reports = Monitor(TimeSpan.FromSeconds(1));
            var yielders = Enumerable.Range(0, 100).Select(_ => Green.Spawn(MonitoredWork.YieldOften, 3_000)).ToArray();
            // The echo load in-process alongside: 200 green clients, 20 round trips each, on the same hub.
            StreamServerEchoTests.RunEchoClients(clients: 200, rounds: 20);
            Green.JoinAll(yielders, raiseError: true);
            Thread.Sleep(2 * Threshold); // a last look or two
            Green.Hub.MonitorBlocking = false;
        }));
        Assert.Empty(reports);
    }

    [Fact]
    public void A_subscriber_that_throws_neither_stops_the_monitor_nor_the_other_subscribers()
    {
        var reports = new ConcurrentQueue<HubBlockedEventArgs>();
        var stderr = CaptureStandardError(() => OnFreshThread(() =>
        {
            Green.Hub.Blocked += (_, _) => throw new InvalidOperationException("subscriber failure");
            reports = Monitor();
            for (int episode = 1; episode <= 2; episode++)
            {
                Green.Spawn(LibraryBlocking.SleepUnpatched, 300).Join();
                WaitForReleases(reports, episode);
            }
            Green.Hub.MonitorBlocking = false;
        }));
        Assert.Equal(2, reports.Count(r => !r.Released));
        Assert.Contains("a Hub.Blocked handler threw", stderr);
        Assert.Contains("subscriber failure", stderr);
    }

    [Fact]
    public void Blocking_shorter_than_the_threshold_is_not_reported_and_longer_is()
    {
        var threshold = TimeSpan.FromMilliseconds(600);
        var reports = new ConcurrentQueue<HubBlockedEventArgs>();
        CaptureStandardError(() => OnFreshThread(() =>
        {
            reports = Monitor(threshold);
            Green.Spawn(LibraryBlocking.SleepUnpatched, 150).Join();
            Thread.Sleep(300);
            Assert.Empty(reports);

            Green.Spawn(LibraryBlocking.SleepUnpatched, 1_000).Join();
            WaitForReleases(reports);
            Green.Hub.MonitorBlocking = false;
        }));
        var held = Assert.Single(reports, r => !r.Released);
        Assert.Equal(threshold, held.MaxBlockingTime);
        Assert.InRange(held.Duration, threshold, TimeSpan.FromMilliseconds(1_000) + Prompt);
        Assert.InRange(Assert.Single(reports, r => r.Released).Duration, threshold, TimeSpan.FromMilliseconds(1_000) + Prompt);
    }

    [Fact]
    public void The_monitor_is_off_by_default() => OnFreshThread(() =>
    {
        var hub = Green.Hub;
        Assert.False(hub.MonitorBlocking);
        Assert.Equal(TimeSpan.FromMilliseconds(100), hub.MaxBlockingTime);
        var reports = new ConcurrentQueue<HubBlockedEventArgs>();
        hub.Blocked += (_, report) => reports.Enqueue(report);
        Green.Spawn(LibraryBlocking.SleepUnpatched, 300).Join();
        Thread.Sleep(200);
        Assert.Empty(reports);
    });

    [Fact]
    public void Turned_off_again_the_monitor_reports_nothing_more()
    {
        var reports = new ConcurrentQueue<HubBlockedEventArgs>();
        CaptureStandardError(() => OnFreshThread(() =>
        {
            reports = Monitor();
            Green.Hub.MonitorBlocking = true; // a second time changes nothing
            Green.Hub.MonitorBlocking = false;
            Assert.False(Green.Hub.MonitorBlocking);
            Green.Spawn(LibraryBlocking.SleepUnpatched, 300).Join();
            Thread.Sleep(200);
        }));
        Assert.Empty(reports);
    }

    [Fact]
    public void The_monitor_thread_drops_a_hub_whose_thread_ended_and_stops_when_none_is_left()
    {
        // Nothing else runs meanwhile (this collection runs alone), so this hub is the only one monitored.
        OnFreshThread(() => Green.Hub.MonitorBlocking = true); // never turned off: its thread just ends
        var watch = Stopwatch.StartNew();
        while (Hubs.BlockingMonitor.Running && watch.Elapsed < Prompt)
            Thread.Sleep(10);
        Assert.False(Hubs.BlockingMonitor.Running);
    }

    [Fact]
    public void A_threshold_out_of_range_is_refused_naming_the_bounds() => OnFreshThread(() =>
    {
        var hub = Green.Hub;
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => hub.MaxBlockingTime = TimeSpan.Zero);
        Assert.Equal("value", zero.ParamName);
        Assert.Contains("between 1 ms and one day", zero.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Hub.DefaultMaxBlockingTime = TimeSpan.FromDays(2));
        Assert.Equal(TimeSpan.FromMilliseconds(100), hub.MaxBlockingTime);
    });

    // ---- configured by the environment, in a process of its own ---------------------------------------------------

    private static ChildProcess StartChild(string? monitorThread, string? maxBlockingTime) =>
        ChildProcess.StartServerChild(["blocking-monitor"], new Dictionary<string, string?>
        {
            ["GREEN_MONITOR_THREAD"] = monitorThread,
            ["GREEN_MAX_BLOCKING_TIME"] = maxBlockingTime,
        });

    [Fact]
    public void GREEN_MONITOR_THREAD_turns_the_monitor_on_with_GREEN_MAX_BLOCKING_TIME_as_threshold()
    {
        using var child = StartChild("1", "0.05");
        Assert.Equal("DEFAULTS True 50 True", child.WaitForLine("DEFAULTS", ServerTest.Hang));
        Assert.Equal(0, child.WaitForExit(ServerTest.Hang));
        Assert.Contains("THREADS 1", child.Lines);
        var held = Assert.Single(child.ErrorLines, line => line.Contains("is blocked", StringComparison.Ordinal));
        Assert.Contains("env-blocker", held);
        Assert.Contains("MaxBlockingTime 50 ms", held);
        Assert.Single(child.ErrorLines, line => line.Contains("env-blocker", StringComparison.Ordinal) && line.Contains("released", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_environment_variable_no_monitor_thread_starts_and_nothing_is_reported()
    {
        using var child = StartChild(null, null);
        Assert.Equal(0, child.WaitForExit(ServerTest.Hang));
        Assert.Contains("DEFAULTS False 100 False", child.Lines);
        Assert.Contains("THREADS 0", child.Lines);
        Assert.DoesNotContain(child.ErrorLines, line => line.Contains("GreenRuntime", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_GREEN_MAX_BLOCKING_TIME_fails_naming_the_variable_and_what_it_takes()
    {
        using var child = StartChild("1", "fast");
        Assert.NotEqual(0, child.WaitForExit(ServerTest.Hang));
        Assert.Contains(child.ErrorLines, line => line.Contains("GREEN_MAX_BLOCKING_TIME='fast' is not a number of seconds", StringComparison.Ordinal));
    }
}
