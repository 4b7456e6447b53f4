namespace GreenRuntime.Hubs;

/// <summary>How an idle hub sleeps until its next timer or a wake-up from another thread.</summary>
internal sealed class ThreadWaiter
{
    private readonly object _gate = new();
    private bool _signaled;

    /// <summary>Sleeps up to <paramref name="milliseconds"/> (-1: until woken).</summary>
    public void Wait(int milliseconds)
    {
        lock (_gate)
        {
            if (!_signaled && milliseconds != 0)
                Monitor.Wait(_gate, milliseconds);
            _signaled = false;
        }
    }

    /// <summary>Wakes the sleeping hub thread; safe from any thread.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            _signaled = true;
            Monitor.Pulse(_gate);
        }
    }
}
