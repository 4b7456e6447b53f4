using GreenRuntime.Hubs;

namespace GreenRuntime.Futures;

/// <summary>
/// How a future's completion, on whatever thread, wakes a <see cref="GreenEnumerator{T}"/> waiting for it on its hub: at
/// once on the hub's own thread, otherwise with one posted callback however many futures finish before the hub runs it.
/// </summary>
/// <param name="hub">The enumerator's hub.</param>
/// <param name="wake">The enumerator's <c>Wake</c>.</param>
internal sealed class EnumeratorWake(Hub hub, Action wake) : HubCallback
{
    private int _posted;

    /// <summary>Wakes the enumerator; any thread.</summary>
    public void Post()
    {
        if (hub.IsOwnerThread)
            wake();
        else if (Interlocked.Exchange(ref _posted, 1) == 0)
            hub.PostCallback(this);
    }

    public override void Invoke(Hub owner)
    {
        // Reset before the wake: a future arriving after this posts again; one arriving before it is seen by the woken loop.
        Volatile.Write(ref _posted, 0);
        wake();
    }
}
