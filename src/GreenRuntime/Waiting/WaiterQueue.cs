using GreenRuntime.CompilerServices;

namespace GreenRuntime.Waiting;

/// <summary>
/// The one FIFO list of parties waiting on a primitive (gevent's <c>AbstractLinkable</c>): parked greenlets and
/// observers that are not greenlets (<c>Green.JoinAll</c>, <c>Green.Wait</c>, links, async awaiters).
/// </summary>
/// <remarks>
/// <para>A greenlet is entered with the park generation of its wait (<see cref="Park"/>). An entry whose greenlet has
/// since woken for another reason — its deadline, a kill, a timeout scope, another object of a <c>Green.Wait</c> — no
/// longer matches that generation and is skipped and dropped, never woken: so a timed-out or killed waiter cannot steal a
/// wake-up meant for the next one. Stale entries are dropped lazily, from the front when waking and all at once before
/// the list would grow, so it stays within twice its live waiters and costs no search on the timeout path.</para>
/// <para>A greenlet woken here is marked signalled (<see cref="EndWait"/> tells it), so after it resumes a primitive
/// knows whether it was handed the wake-up: one that was, but was killed before it ran, must pass it on.</para>
/// </remarks>
internal sealed class WaiterQueue
{
    private struct Entry(object waiter, int generation)
    {
        public readonly object Waiter = waiter;
        public readonly int Generation = generation;
    }

    private Entry[] _ring = [];

    /// <summary>The size of the ring (tests: stale entries must not make it grow).</summary>
    internal int Capacity => _ring.Length;
    private int _head;
    private int _count;

    /// <summary>Whether no entry at all is queued (live or stale): a wake would find nobody, without looking.</summary>
    public bool IsEmpty
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _count == 0;
    }

    /// <summary>Whether a live waiter is queued (stale entries at the front are dropped on the way).</summary>
    public bool HasWaiters
    {
        get
        {
            while (_count > 0 && !IsLive(_ring[_head]))
                Drop();
            return _count > 0;
        }
    }

    /// <summary>
    /// Parks the hub's current greenlet on this queue until a wake, the <paramref name="deadline"/>
    /// (<see cref="Hub.DeadlineAfter"/>; it then resumes with <c>TimedOut</c> set) or an interruption.
    /// <paramref name="waitingOn"/> is what a deadlock report says it waits on.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public void Park(Hub hub, IResumable continuation, object waitingOn, long deadline)
    {
        var greenlet = hub.CurrentGreenlet;
        hub.ParkUntil(greenlet, continuation, waitingOn, deadline);
        Add(new Entry(greenlet, greenlet.WaitGeneration));
    }

    /// <summary>
    /// Ends the wait of <paramref name="greenlet"/> after it resumed: whether a wake of this kind woke it
    /// (<see langword="false"/>: its deadline, a kill or a timeout scope did). Clears the mark.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public static bool EndWait(Greenlet greenlet)
    {
        int flags = greenlet.Flags;
        greenlet.Flags = flags & ~Greenlet.FlagSignaled;
        return (flags & Greenlet.FlagSignaled) != 0;
    }

    /// <summary>Queues an observer; it stays until woken or <see cref="Remove"/>d.</summary>
    public void Add(IWaitObserver observer) => Add(new Entry(observer, 0));

    /// <summary>Removes the first entry for <paramref name="waiter"/> (an observer, or a greenlet giving up its place).</summary>
    public bool Remove(object waiter)
    {
        for (int i = 0; i < _count; i++)
        {
            int index = (_head + i) % _ring.Length;
            if (!ReferenceEquals(_ring[index].Waiter, waiter))
                continue;
            // Close the gap by moving the later entries one step forward: FIFO order is kept.
            for (int j = i; j < _count - 1; j++)
                _ring[(_head + j) % _ring.Length] = _ring[(_head + j + 1) % _ring.Length];
            _ring[(_head + _count - 1) % _ring.Length] = default;
            _count--;
            return true;
        }
        return false;
    }

    /// <summary>Removes every observer <paramref name="match"/> accepts.</summary>
    public void RemoveAll(Func<object, bool> match)
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            var entry = _ring[(_head + i) % _ring.Length];
            if (!match(entry.Waiter))
                _ring[(_head + kept++) % _ring.Length] = entry;
        }
        for (int i = kept; i < _count; i++)
            _ring[(_head + i) % _ring.Length] = default;
        _count = kept;
    }

    /// <summary>
    /// Wakes the first live waiter, skipping and dropping stale entries; <see langword="false"/> if there was none.
    /// An observer counts as woken: it is told with <paramref name="source"/>.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public bool WakeOne(Hub hub, object source) => WakeFirst(hub, source) is not null;

    /// <summary>
    /// Like <see cref="WakeOne"/>, returning whom it woke: the greenlet, the observer it told, or
    /// <see langword="null"/> if no live waiter was queued. A primitive that reserves something for a woken greenlet
    /// (a queue's item, a free slot) reserves it only for a greenlet; an observer acts when it is told.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public object? WakeFirst(Hub hub, object source)
    {
        while (_count > 0)
        {
            var entry = _ring[_head];
            Drop();
            if (TryWake(hub, entry, source))
                return entry.Waiter;
        }
        return null;
    }

    /// <summary>
    /// Wakes every waiter queued now, in FIFO order; returns how many greenlets it woke (observers are told, not
    /// counted). Waiters queued while this runs (an observer that queues itself again) wait for the next wake.
    /// </summary>
    public int WakeAll(Hub hub, object source)
    {
        int woken = 0;
        for (int n = _count; n > 0 && _count > 0; n--)
        {
            var entry = _ring[_head];
            Drop();
            if (TryWake(hub, entry, source) && entry.Waiter is Greenlet)
                woken++;
        }
        return woken;
    }

    /// <summary>The live waiters, for deadlock reports and tests.</summary>
    public int LiveCount
    {
        get
        {
            int live = 0;
            for (int i = 0; i < _count; i++)
            {
                if (IsLive(_ring[(_head + i) % _ring.Length]))
                    live++;
            }
            return live;
        }
    }

    private static bool TryWake(Hub hub, Entry entry, object source)
    {
        if (entry.Waiter is Greenlet greenlet)
        {
            if (!IsLive(entry))
                return false;
            hub.Wake(greenlet);
            greenlet.Flags |= Greenlet.FlagSignaled;
            return true;
        }
        ((IWaitObserver)entry.Waiter).OnSignaled(source);
        return true;
    }

    private static bool IsLive(Entry entry) =>
        entry.Waiter is not Greenlet greenlet
        || ((greenlet.Flags & Greenlet.FlagParked) != 0 && greenlet.WaitGeneration == entry.Generation);

    private void Drop()
    {
        _ring[_head] = default;
        _head = _head + 1 == _ring.Length ? 0 : _head + 1;
        _count--;
    }

    [MethodImpl(HotPath.Options)]
    private void Add(Entry entry)
    {
        if (_count == _ring.Length)
            MakeRoom();
        int tail = _head + _count;
        if (tail >= _ring.Length)
            tail -= _ring.Length;
        _ring[tail] = entry;
        _count++;
    }

    private void MakeRoom()
    {
        // Drop what timed out or was killed first; grow only when at least half the entries are live.
        int live = 0;
        for (int i = 0; i < _count; i++)
        {
            var entry = _ring[(_head + i) % _ring.Length];
            if (IsLive(entry))
                _ring[(_head + live++) % _ring.Length] = entry;
        }
        for (int i = live; i < _count; i++)
            _ring[(_head + i) % _ring.Length] = default;
        _count = live;
        if (live * 2 <= _ring.Length && _ring.Length > 0)
            return;
        var larger = new Entry[Math.Max(2, _ring.Length * 2)];
        for (int i = 0; i < _count; i++)
            larger[i] = _ring[(_head + i) % _ring.Length];
        _ring = larger;
        _head = 0;
    }
}

/// <summary>A waiter that is not a parked greenlet: told synchronously, on the hub, when its source signals.</summary>
internal interface IWaitObserver
{
    /// <summary>Called once per wake; <paramref name="source"/> is the object that signalled.</summary>
    void OnSignaled(object source);
}
