namespace GreenRuntime.Hubs;

/// <summary>How an idle hub sleeps: until its next timer, a wake-up from another thread, or (with I/O) readiness.</summary>
internal abstract class HubPoller
{
    /// <summary>
    /// Sleeps up to <paramref name="milliseconds"/> (-1: until woken; 0: just look), waking the greenlets whose
    /// I/O became ready.
    /// </summary>
    public abstract void Wait(int milliseconds);

    /// <summary>Wakes the sleeping hub thread; safe from any thread.</summary>
    public abstract void Wake();

    /// <summary>Greenlets parked on I/O readiness this poller will report.</summary>
    public virtual int IoWaiters => 0;
}
