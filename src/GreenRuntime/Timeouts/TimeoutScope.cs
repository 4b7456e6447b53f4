namespace GreenRuntime;

/// <summary>
/// A timeout armed by <see cref="Green.Timeout"/>: while the scope is open, if its time runs out, the owning
/// greenlet (or ordinary code) gets <see cref="GreenTimeoutException"/> at its current or next suspension
/// point. Dispose the scope to cancel it.
/// </summary>
public sealed class TimeoutScope : IDisposable
{
    private readonly Hub _hub;
    private readonly Greenlet _owner;
    private GreenTimeoutException? _exception;

    internal TimeoutScope(Hub hub, Greenlet owner, TimeSpan after)
    {
        _hub = hub;
        _owner = owner;
        After = after;
        long deadline = Hub.DeadlineAfter(after);
        if (deadline != long.MaxValue)
        {
            Pending = true;
            hub.AddTimer(deadline, this);
        }
    }

    /// <summary>How long the scope allows.</summary>
    public TimeSpan After { get; }

    /// <summary>Whether the time ran out while the scope was open.</summary>
    public bool Expired { get; private set; }

    /// <summary>Whether the timer is still armed.</summary>
    internal bool Pending { get; private set; }

    /// <summary>Cancels the timeout. A timeout that fired but was not thrown yet is dropped.</summary>
    public void Dispose()
    {
        _hub.CheckThread(this);
        if (Pending)
        {
            Pending = false;
            _hub.CancelTimer();
        }
        if (_exception is not null)
            _owner.RemoveInterruption(_exception);
    }

    internal void Fire()
    {
        if (!Pending)
            return;
        Pending = false;
        _hub.CancelTimer();
        Expired = true;
        _exception = new GreenTimeoutException(this);
        _hub.Interrupt(_owner, _exception);
    }

    /// <inheritdoc />
    public override string ToString() => $"Green.Timeout({After})";
}
