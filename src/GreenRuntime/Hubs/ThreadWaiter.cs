namespace GreenRuntime.Hubs;

/// <summary>The poller of a hub without I/O of its own: sleeps until its next timer or a wake-up.</summary>
internal sealed class ThreadWaiter : HubPoller
{
    private readonly object _gate = new();
    private bool _signaled;

    /// <inheritdoc />
    public override void Wait(int milliseconds)
    {
        lock (_gate)
        {
            if (!_signaled && milliseconds != 0)
                Monitor.Wait(_gate, milliseconds);
            _signaled = false;
        }
    }

    /// <inheritdoc />
    public override void Wake()
    {
        lock (_gate)
        {
            _signaled = true;
            Monitor.Pulse(_gate);
        }
    }
}
