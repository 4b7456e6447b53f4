using GreenRuntime;
using GreenRuntime.Hubs;

namespace GreenRuntime.Tests.ServerChild;

/// <summary>
/// The blocking monitor as the environment configures it (GREEN_MONITOR_THREAD, GREEN_MAX_BLOCKING_TIME): a greenlet
/// named "env-blocker" blocks the hub for 400 ms in a plain delegate (this project has no generator, so nothing is
/// patched). Prints "DEFAULTS &lt;DefaultMonitorBlocking&gt; &lt;DefaultMaxBlockingTime in ms&gt; &lt;the hub's MonitorBlocking&gt;" first
/// and "THREADS &lt;monitor threads started&gt;" at the end; the reports, if any, go to stderr. Exit code 0.
/// </summary>
internal static class BlockingMonitorChild
{
    public static int Run()
    {
        var hub = Hub.Current;
        Console.WriteLine($"DEFAULTS {Hub.DefaultMonitorBlocking} {Hub.DefaultMaxBlockingTime.TotalMilliseconds} {hub.MonitorBlocking}");
        var blocker = Green.Spawn(() => Thread.Sleep(400));
        blocker.Name = "env-blocker";
        blocker.Join();
        // The follow-up comes with the monitor's next look after the switch; ordinary code outside the loop is not watched.
        Thread.Sleep(300);
        Console.WriteLine($"THREADS {BlockingMonitor.ThreadsStarted}");
        return 0;
    }
}
