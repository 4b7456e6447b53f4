namespace GreenRuntime.Hubs;

/// <summary>
/// The ticket for a greenlet parked on work another thread completes; <see cref="Post"/> is safe from any
/// thread and wakes the greenlet on its own hub.
/// </summary>
internal sealed class ExternalWake(Hub hub, Greenlet greenlet, int generation)
{
    public Greenlet Greenlet => greenlet;

    public int Generation => generation;

    public void Post() => hub.PostWake(this);
}
