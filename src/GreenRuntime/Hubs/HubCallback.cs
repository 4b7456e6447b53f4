namespace GreenRuntime.Hubs;

/// <summary>Work the hub runs between greenlets, with no greenlet of its own (links, posted actions).</summary>
internal abstract class HubCallback
{
    public abstract void Invoke(Hub hub);
}
