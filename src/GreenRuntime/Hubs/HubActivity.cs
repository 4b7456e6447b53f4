namespace GreenRuntime.Hubs;

/// <summary>
/// What a monitored hub's thread is doing, as the blocking monitor sees it: a switch counter and what the item
/// dispatched last runs. The hub writes it on every switch (only while <see cref="Hub.MonitorBlocking"/> is on: when off, the hub's
/// whole cost is the null test of its reference); the monitor thread reads it, and keeps its own episode state here.
/// </summary>
internal sealed class HubActivity
{
    // ---- written by the hub's thread -----------------------------------------------------------

    /// <summary>Bumped on every dispatch: unchanged between two looks at a dispatching hub means nothing switched.</summary>
    public int Switches;

    /// <summary>
    /// What the item dispatched last runs: a greenlet's resumption (its suspended twin's box, or its body if it had not
    /// started), or the hub callback itself. Who runs it is the hub's <c>CurrentGreenlet</c>, which the loop writes anyway.
    /// </summary>
    public object? Resumed;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Switched(object? resumed)
    {
        Resumed = resumed;
        // Published after it, so a look that sees the same count before and after reading it read this switch's.
        Volatile.Write(ref Switches, Switches + 1);
    }

    // ---- the monitor thread's own ------------------------------------------------------------------

    /// <summary>The switch count at the monitor's last look, and when it first saw that count.</summary>
    public int SeenSwitches = -1;

    public long SeenAt;

    /// <summary>The episode reported so far (null: none), for its follow-up.</summary>
    public HubBlockedEventArgs? Reported;
}
