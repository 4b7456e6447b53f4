namespace GreenRuntime.Hubs;

/// <summary>
/// What a monitored hub's thread is doing, as the blocking monitor sees it: a switch counter and the item dispatched
/// last. The hub writes it on every switch (only while <see cref="Hub.MonitorBlocking"/> is on: when off, the hub's
/// whole cost is the null test of its reference); the monitor thread reads it, and keeps its own episode state here.
/// </summary>
internal sealed class HubActivity
{
    // ---- written by the hub's thread -----------------------------------------------------------

    /// <summary>Bumped on every dispatch and at the end of every batch: unchanged between two looks means nothing switched.</summary>
    public int Switches;

    /// <summary>The item dispatched last: a greenlet or a hub callback.</summary>
    public object? Running;

    /// <summary>What that greenlet was resumed with: its suspended twin's box, or its body if it had not started.</summary>
    public object? Resumed;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Switched(object item)
    {
        Running = item;
        Resumed = (item as Greenlet)?.Resumption;
        // Published after the item, so a look that sees the same count before and after reading the item read this one.
        Volatile.Write(ref Switches, Switches + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void BatchEnded() => Volatile.Write(ref Switches, Switches + 1);

    // ---- the monitor thread's own ------------------------------------------------------------------

    /// <summary>The switch count at the monitor's last look, and when it first saw that count.</summary>
    public int SeenSwitches = -1;

    public long SeenAt;

    /// <summary>The episode reported so far (null: none), for its follow-up.</summary>
    public HubBlockedEventArgs? Reported;
}
