namespace GreenRuntime.Hubs;

/// <summary>
/// The ticket for a greenlet parked on work another thread completes; <see cref="Post"/> is safe from any
/// thread and wakes the greenlet on its own hub. It also stands for the wait in deadlock reports.
/// </summary>
internal sealed class ExternalWake(Hub hub, Greenlet greenlet, object waitingOn, bool interruptible)
{
    private int _posted;

    public Greenlet Greenlet => greenlet;

    public int Generation { get; set; }

    public bool Interruptible => interruptible;

    /// <summary>Whether the hub counts the wait as expected cross-thread work (false: this hub itself completes it).</summary>
    public bool FromOtherThread { get; init; } = true;

    /// <summary>Set (on the hub thread) when a kill or timeout gave up on the wait.</summary>
    public bool Abandoned { get; set; }

    /// <summary>
    /// The operation behind the wait, when it wants to hear how the wait ended (an async twin's bridge cancels its
    /// token when the wait is abandoned); told on the hub thread.
    /// </summary>
    public IExternalOperation? Operation { get; set; }

    /// <summary>Wakes the greenlet; only the first call counts (one wait on several operations gets one wake).</summary>
    public void Post()
    {
        if (Interlocked.Exchange(ref _posted, 1) == 0)
            hub.PostWake(this);
    }

    public override string ToString() => waitingOn.ToString() ?? "an external operation";
}
