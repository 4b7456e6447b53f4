using System.Diagnostics;
using GreenRuntime.Hubs;

namespace GreenRuntime;

// The hub's side of the blocking monitor (gevent's monitor thread, Hubs/BlockingMonitor): its settings, the switch record
// the hub keeps while it is on, and the Blocked event.
public sealed partial class Hub
{
    private static TimeSpan s_defaultMaxBlockingTime = BlockingMonitor.MaxBlockingTimeInEnvironment();

    // Non-null while the monitor watches this hub; the only thing the loop looks at when it is off.
    private HubActivity? _activity;
    private long _maxBlockingTicks;

    /// <summary>
    /// Whether hubs created from now on start with <see cref="MonitorBlocking"/> on: off unless the environment
    /// variable <c>GREEN_MONITOR_THREAD</c> is <c>1</c> (or <c>true</c>, <c>yes</c>, <c>on</c>) or this property says
    /// otherwise — gevent's <c>GEVENT_MONITOR_THREAD_ENABLE</c>.
    /// </summary>
    public static bool DefaultMonitorBlocking { get; set; } = BlockingMonitor.EnabledInEnvironment();

    /// <summary>
    /// The <see cref="MaxBlockingTime"/> of hubs created from now on: 100 ms unless the environment variable
    /// <c>GREEN_MAX_BLOCKING_TIME</c> gives it in seconds (<c>0.1</c>) or this property says otherwise — gevent's
    /// <c>GEVENT_MAX_BLOCKING_TIME</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 ms or above one day.</exception>
    public static TimeSpan DefaultMaxBlockingTime
    {
        get => s_defaultMaxBlockingTime;
        set => s_defaultMaxBlockingTime = BlockingMonitor.CheckThreshold(value, nameof(value));
    }

    /// <summary>
    /// Whether a monitor thread watches this hub for blocking (gevent's monitor thread): when a greenlet, or a callback
    /// the hub runs, holds the hub's thread longer than <see cref="MaxBlockingTime"/> without switching — an unpatched
    /// blocking call, say, inside a library the generator cannot see — a report naming it, with its green call chain,
    /// goes to standard error and to <see cref="Blocked"/>, and a follow-up with the whole duration once it switches.
    /// Off by default (<see cref="DefaultMonitorBlocking"/>); may be set from any thread.
    /// </summary>
    /// <remarks>
    /// One monitor thread serves every monitored hub of the process; it runs only while some hub is monitored, and
    /// looks every quarter of the threshold. Watched is what the hub loop dispatches — greenlets and callbacks (links,
    /// <see cref="Post"/> actions). Ordinary code on the hub's thread outside the loop, and the loop's own short work
    /// between batches (timers, the I/O poll, other threads' posts), are not: the hub is not running greenlets then.
    /// Off, the loop's only cost is one null test per switch; on, two field writes per switch.
    /// </remarks>
    public bool MonitorBlocking
    {
        get => Volatile.Read(ref _activity) is not null;
        set
        {
            if (value)
                BlockingMonitor.Watch(this);
            else
                BlockingMonitor.Unwatch(this);
        }
    }

    /// <summary>
    /// How long a greenlet or callback may hold this hub's thread without switching before the blocking monitor reports
    /// it (gevent's <c>max_blocking_time</c>); <see cref="DefaultMaxBlockingTime"/> (100 ms) unless set. May be set from any
    /// thread.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1 ms or above one day.</exception>
    public TimeSpan MaxBlockingTime
    {
        get => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _maxBlockingTicks));
        set
        {
            Volatile.Write(ref _maxBlockingTicks, BlockingMonitor.ToTicks(BlockingMonitor.CheckThreshold(value, nameof(value))));
            BlockingMonitor.Reschedule();
        }
    }

    /// <summary>
    /// Raised by the blocking monitor (<see cref="MonitorBlocking"/>) when a greenlet or callback has held this hub's
    /// thread longer than <see cref="MaxBlockingTime"/>, and again when it releases it (gevent's <c>EventLoopBlocked</c>).
    /// </summary>
    /// <remarks>
    /// Raised on the monitor thread, while the hub's own thread is still held (posting it to the hub would deliver it
    /// only after the blocking ended): a handler must not use the hub's greenlets or primitives, except the thread-safe
    /// entry points such as <see cref="Post"/>. An exception thrown by a handler is written to standard error and
    /// ignored; the other handlers still run and the monitor carries on. The same report goes to standard error first.
    /// </remarks>
    public event EventHandler<HubBlockedEventArgs>? Blocked;

    /// <summary>Set by <see cref="BlockingMonitor"/> under its lock.</summary>
    internal HubActivity? Activity
    {
        get => Volatile.Read(ref _activity);
        set => Volatile.Write(ref _activity, value);
    }

    internal long MaxBlockingTicks => Volatile.Read(ref _maxBlockingTicks);

    /// <summary>Whether the loop is dispatching a greenlet or callback now, read from the monitor thread.</summary>
    internal bool DispatchingNow => Volatile.Read(ref _dispatching);

    internal bool ThreadAlive => _thread.IsAlive;

    /// <summary>The greenlet running now, read from the monitor thread; null for a callback (a link, a posted action).</summary>
    internal Greenlet? RunningGreenletNow
    {
        get
        {
            var current = Volatile.Read(ref CurrentGreenlet);
            return IsCallbackContext(current) ? null : current;
        }
    }

    private void StartBlockingMonitor()
    {
        _maxBlockingTicks = BlockingMonitor.ToTicks(DefaultMaxBlockingTime);
        if (DefaultMonitorBlocking)
            BlockingMonitor.Watch(this);
    }

    /// <summary>Calls each <see cref="Blocked"/> handler in turn, on the monitor thread; one that throws is reported and skipped.</summary>
    internal void RaiseBlocked(HubBlockedEventArgs report)
    {
        if (Blocked is not { } handlers)
            return;
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<HubBlockedEventArgs>)handler)(this, report);
            }
            catch (Exception failure)
            {
                StandardError.WriteLine(() =>
                    $"GreenRuntime: a Hub.Blocked handler threw; the blocking monitor carries on:{Environment.NewLine}{StandardError.Describe(failure)}");
            }
        }
    }
}
