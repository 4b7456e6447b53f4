using System.Diagnostics;
using System.Globalization;
using GreenRuntime.CompilerServices;
using GreenRuntime.Greenlets;

namespace GreenRuntime.Hubs;

/// <summary>
/// The blocking monitor's thread (gevent's <c>PeriodicMonitoringThread</c> with its <c>monitor_blocking</c>): one per
/// process, running while some hub has <see cref="Hub.MonitorBlocking"/> on, waking every quarter of the smallest
/// threshold to look at each monitored hub's switch count.
/// </summary>
/// <remarks>
/// A hub is held when two looks in a row find it dispatching with the same switch count: the same greenlet or callback
/// has run all along. Once that has lasted the hub's <see cref="Hub.MaxBlockingTime"/>, the episode is reported — once,
/// however long it lasts — and its follow-up when a later look finds the count moved. The holder is named from the
/// hub's switch record; where it is, from its green call chain (<see cref="HubBlockedEventArgs.StackTrace"/>), because
/// .NET cannot read the stack of another thread.
/// </remarks>
internal static class BlockingMonitor
{
    private static readonly object s_gate = new();
    private static readonly List<Hub> s_watched = [];
    private static Thread? s_thread;
    private static int s_threadsStarted;

    private static readonly TimeSpan MinThreshold = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxThreshold = TimeSpan.FromDays(1);
    private static readonly TimeSpan DefaultThreshold = TimeSpan.FromMilliseconds(100);

    /// <summary>How many monitor threads this process has started (for tests: none unless a hub was monitored).</summary>
    internal static int ThreadsStarted => Volatile.Read(ref s_threadsStarted);

    /// <summary>Whether a monitor thread is running now (for tests: it ends once no hub is monitored).</summary>
    internal static bool Running
    {
        get
        {
            lock (s_gate)
                return s_thread is not null;
        }
    }

    // ---- settings ------------------------------------------------------------------------------

    internal static bool EnabledInEnvironment()
    {
        const string Variable = "GREEN_MONITOR_THREAD";
        string? value = Environment.GetEnvironmentVariable(Variable)?.Trim();
        if (string.IsNullOrEmpty(value))
            return false;
        string[] on = ["1", "true", "yes", "on"];
        string[] off = ["0", "false", "no", "off"];
        if (on.Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase)))
            return true;
        if (off.Any(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase)))
            return false;
        throw new InvalidOperationException($"{Variable}='{value}' is neither on (1, true, yes, on) nor off (0, false, no, off).");
    }

    internal static TimeSpan MaxBlockingTimeInEnvironment()
    {
        const string Variable = "GREEN_MAX_BLOCKING_TIME";
        string? value = Environment.GetEnvironmentVariable(Variable)?.Trim();
        if (string.IsNullOrEmpty(value))
            return DefaultThreshold;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            || !(seconds >= MinThreshold.TotalSeconds && seconds <= MaxThreshold.TotalSeconds))
        {
            throw new InvalidOperationException(
                $"{Variable}='{value}' is not a number of seconds between 0.001 and 86400 (the default is 0.1, 100 ms).");
        }
        return TimeSpan.FromSeconds(seconds);
    }

    internal static TimeSpan CheckThreshold(TimeSpan value, string parameter)
    {
        if (value < MinThreshold || value > MaxThreshold)
        {
            throw new ArgumentOutOfRangeException(parameter, value,
                "The blocking monitor's threshold must be between 1 ms and one day; the default is 100 ms.");
        }
        return value;
    }

    internal static long ToTicks(TimeSpan value) => (long)(value.TotalSeconds * Stopwatch.Frequency);

    // ---- watching hubs -------------------------------------------------------------------------

    public static void Watch(Hub hub)
    {
        lock (s_gate)
        {
            if (hub.Activity is not null)
                return;
            hub.Activity = new HubActivity();
            s_watched.Add(hub);
            if (s_thread is null)
            {
                s_thread = new Thread(Run) { IsBackground = true, Name = "GreenRuntime blocking monitor" };
                s_threadsStarted++;
                s_thread.Start();
            }
            else
            {
                Monitor.PulseAll(s_gate);
            }
        }
    }

    public static void Unwatch(Hub hub)
    {
        lock (s_gate)
        {
            if (hub.Activity is null)
                return;
            hub.Activity = null;
            s_watched.Remove(hub);
            Monitor.PulseAll(s_gate);
        }
    }

    /// <summary>A threshold changed: the thread recomputes its period now.</summary>
    public static void Reschedule()
    {
        lock (s_gate)
            Monitor.PulseAll(s_gate);
    }

    private static void Run()
    {
        var looking = new List<Hub>();
        while (true)
        {
            lock (s_gate)
            {
                if (s_watched.Count == 0)
                {
                    // Nothing monitored: the thread ends, and the next Watch starts another.
                    s_thread = null;
                    return;
                }
                Monitor.Wait(s_gate, Period());
                looking.Clear();
                looking.AddRange(s_watched);
            }
            long now = Stopwatch.GetTimestamp();
            foreach (var hub in looking)
            {
                if (!hub.ThreadAlive)
                {
                    Unwatch(hub); // its thread is gone, and the hub with it
                    continue;
                }
                if (hub.Activity is { } activity)
                    Look(hub, activity, now);
            }
        }
    }

    // A quarter of the smallest threshold: a report comes at most a quarter late, and durations are that accurate.
    private static int Period()
    {
        long smallest = long.MaxValue;
        foreach (var hub in s_watched)
            smallest = Math.Min(smallest, hub.MaxBlockingTicks);
        return (int)Math.Clamp(smallest / 4 * 1000 / Stopwatch.Frequency, 1, 60_000);
    }

    private static void Look(Hub hub, HubActivity activity, long now)
    {
        int switches = Volatile.Read(ref activity.Switches);
        bool dispatching = hub.DispatchingNow;
        if (!dispatching || switches != activity.SeenSwitches)
        {
            if (activity.Reported is { } episode)
            {
                activity.Reported = null;
                Publish(hub, Released(hub, episode, Stopwatch.GetElapsedTime(activity.SeenAt, now)));
            }
            // Not dispatching: the next look that finds it dispatching starts counting afresh.
            activity.SeenSwitches = dispatching ? switches : -1;
            activity.SeenAt = now;
            return;
        }
        if (activity.Reported is not null || now - activity.SeenAt < hub.MaxBlockingTicks)
            return;
        var greenlet = hub.RunningGreenletNow;
        var resumed = Volatile.Read(ref activity.Resumed);
        var report = Held(hub, greenlet, resumed, Stopwatch.GetElapsedTime(activity.SeenAt, now));
        // It switched while the report was being composed: not the episode that was measured.
        if (Volatile.Read(ref activity.Switches) != switches)
            return;
        activity.Reported = report;
        Publish(hub, report);
    }

    private static void Publish(Hub hub, HubBlockedEventArgs report)
    {
        StandardError.WriteLine(() => report.Report);
        hub.RaiseBlocked(report);
    }

    // ---- the reports -----------------------------------------------------------------------------

    private static HubBlockedEventArgs Held(Hub hub, Greenlet? greenlet, object? resumed, TimeSpan duration)
    {
        // A callback's resumption is the callback itself.
        string holder = Safely(() => greenlet?.ToString() ?? resumed?.ToString() ?? "a callback", "an item the hub dispatched");
        string stack = greenlet is null ? "" : Safely(() => GreenCallChain(resumed), "");
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"GreenRuntime: the {Lowercase(hub.ToString())} is blocked: {holder} has held it for {Milliseconds(duration)} without " +
            $"switching (MaxBlockingTime {Milliseconds(hub.MaxBlockingTime)}), so no other greenlet on this hub can run.");
        if (greenlet is not null)
        {
            text.AppendLine();
            text.Append(resumed is GreenTaskSource
                ? "The blocking call is in code these [Greenlet] frames called since it was last resumed (its green call chain, innermost first):"
                : "It has not suspended since it started, so the blocking call is in its function or in code that function calls:");
            text.AppendLine();
            text.Append(stack);
        }
        return new HubBlockedEventArgs(hub, greenlet, holder, duration, hub.MaxBlockingTime, released: false, stack, text.ToString());
    }

    private static HubBlockedEventArgs Released(Hub hub, HubBlockedEventArgs episode, TimeSpan duration)
    {
        string report = string.Create(CultureInfo.InvariantCulture,
            $"GreenRuntime: {episode.Holder} released the {Lowercase(hub.ToString())} after blocking it for {Milliseconds(duration)}.");
        return new HubBlockedEventArgs(hub, episode.Greenlet, episode.Holder, duration, episode.MaxBlockingTime, released: true, "", report);
    }

    /// <summary>
    /// The green frames a running greenlet was resumed in: the suspended twin it resumed, then each caller awaiting it
    /// (a source's continuation is its caller's box), up to the greenlet; or, before its first suspension, its body.
    /// </summary>
    private static string GreenCallChain(object? resumed)
    {
        if (resumed is not GreenTaskSource)
            return resumed is null ? "" : $"   in {GreenletFunction.Describe(resumed)}";
        var lines = new List<string>();
        for (object? at = resumed; at is GreenTaskSource source && lines.Count < 64; at = source.PendingContinuation)
        {
            string name = UserMethodNames.StateMachineOf(source) is { } stateMachine
                ? UserMethodNames.OfStateMachine(stateMachine)
                : source.GetType().Name;
            // Completed since it was resumed: it returned into its caller, which runs now (and is no longer linked to it).
            lines.Add(source.IsCompleted ? $"   in the caller of {name}, which has returned since" : $"   in {name}");
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static string Safely(Func<string> describe, string fallback)
    {
        try
        {
            return describe();
        }
        catch (Exception)
        {
            // The holder's state changed under the look (it is another thread's), or a ToString threw.
            return fallback;
        }
    }

    private static string Milliseconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0} ms");

    private static string Lowercase(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];
}
