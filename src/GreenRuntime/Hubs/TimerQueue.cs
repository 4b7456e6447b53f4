namespace GreenRuntime.Hubs;

/// <summary>The hub's timers: a binary min-heap of deadlines, cancelled lazily.</summary>
/// <remarks>
/// A cancelled timer stays in the heap until it reaches the top or the heap is compacted; the owner
/// keeps <see cref="Live"/> honest so the hub knows whether anything can still wake it.
/// </remarks>
internal sealed class TimerQueue
{
    private Entry[] _heap = new Entry[64];
    private int _count;
    private long _sequence;

    /// <summary>Timers that can still fire (not cancelled).</summary>
    public int Live;

    public int Count => _count;

    public void Add(long due, object target, int generation)
    {
        if (_count == _heap.Length)
            Array.Resize(ref _heap, _count * 2);
        _heap[_count] = new Entry(due, _sequence++, target, generation);
        SiftUp(_count++);
        Live++;
    }

    public bool TryPeekDue(out long due)
    {
        due = _count > 0 ? _heap[0].Due : 0;
        return _count > 0;
    }

    public bool TryPopDue(long now, out Entry entry)
    {
        if (_count == 0 || _heap[0].Due > now)
        {
            entry = default;
            return false;
        }
        entry = _heap[0];
        _heap[0] = _heap[--_count];
        _heap[_count] = default;
        if (_count > 0)
            SiftDown(0);
        return true;
    }

    /// <summary>Drops cancelled entries once they outnumber the live ones.</summary>
    public void CompactIfStale(Func<Entry, bool> isLive)
    {
        int stale = _count - Live;
        if (stale < 1024 || stale < Live)
            return;
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (isLive(_heap[i]))
                _heap[kept++] = _heap[i];
        }
        Array.Clear(_heap, kept, _count - kept);
        _count = kept;
        for (int i = _count / 2 - 1; i >= 0; i--)
            SiftDown(i);
    }

    private void SiftUp(int i)
    {
        var item = _heap[i];
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Less(item, _heap[parent]))
                break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = item;
    }

    private void SiftDown(int i)
    {
        var item = _heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _count)
                break;
            if (child + 1 < _count && Less(_heap[child + 1], _heap[child]))
                child++;
            if (!Less(_heap[child], item))
                break;
            _heap[i] = _heap[child];
            i = child;
        }
        _heap[i] = item;
    }

    private static bool Less(in Entry a, in Entry b) => a.Due < b.Due || (a.Due == b.Due && a.Sequence < b.Sequence);

    /// <summary>One deadline: what to wake, and the park generation it was armed for.</summary>
    internal readonly record struct Entry(long Due, long Sequence, object Target, int Generation);
}
