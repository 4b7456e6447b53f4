namespace GreenRuntime;

/// <summary>
/// A report of the blocking monitor (<see cref="Hub.MonitorBlocking"/>, gevent's <c>EventLoopBlocked</c>): a greenlet
/// or a hub callback held the hub's thread longer than <see cref="Hub.MaxBlockingTime"/> without switching, so no
/// other greenlet of that hub could run.
/// </summary>
/// <remarks>
/// Each blocking episode is reported twice: once while it lasts, as soon as the monitor sees it pass the threshold
/// (<see cref="Released"/> false), and once when the holder has switched at last (<see cref="Released"/> true, with the
/// whole episode's <see cref="Duration"/>). Durations are measured by the monitor thread, which looks every quarter of
/// the threshold, so they are accurate to about that period.
/// </remarks>
public sealed class HubBlockedEventArgs : EventArgs
{
    internal HubBlockedEventArgs(Hub hub, Greenlet? greenlet, string holder, TimeSpan duration, TimeSpan maxBlockingTime,
        bool released, string stackTrace, string report)
    {
        Hub = hub;
        Greenlet = greenlet;
        Holder = holder;
        Duration = duration;
        MaxBlockingTime = maxBlockingTime;
        Released = released;
        StackTrace = stackTrace;
        Report = report;
    }

    /// <summary>The hub whose thread was held.</summary>
    public Hub Hub { get; }

    /// <summary>The greenlet that held it; null when it was a callback the hub ran (a link, a <see cref="Hub.Post"/> action).</summary>
    public Greenlet? Greenlet { get; }

    /// <summary>What held the hub, in words: the greenlet with what it runs (<c>&lt;Greenlet "worker" (running): Jobs.Run(3)&gt;</c>), or the callback.</summary>
    public string Holder { get; }

    /// <summary>How long the hub has been held so far (<see cref="Released"/> false), or was held in all (<see cref="Released"/> true).</summary>
    public TimeSpan Duration { get; }

    /// <summary>The threshold in force: the hub's <see cref="Hub.MaxBlockingTime"/>.</summary>
    public TimeSpan MaxBlockingTime { get; }

    /// <summary>False for the report made while the hub is still held; true for the follow-up once the holder switched.</summary>
    public bool Released { get; }

    /// <summary>
    /// Where the holder is, as far as a .NET process can tell from another thread: the greenlet's green call chain — the
    /// <c>[Greenlet]</c> methods it was last resumed in, innermost first, each awaited by the next — or, if it had not
    /// suspended since it started, the function it runs. The blocking call itself is in code those frames called since;
    /// an empty string for the follow-up and for callbacks.
    /// </summary>
    /// <remarks>
    /// .NET has no public API that reads the stack of another running thread, and the hub's thread is the one that is
    /// blocked; the green frames, in contrast, live on the heap (a suspended twin's state machine and the caller awaiting
    /// it), so the monitor thread can read them.
    /// </remarks>
    public string StackTrace { get; }

    /// <summary>The report as written to standard error.</summary>
    public string Report { get; }

    /// <inheritdoc />
    public override string ToString() => Report;
}
