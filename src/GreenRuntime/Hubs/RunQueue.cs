using GreenRuntime.CompilerServices;

namespace GreenRuntime.Hubs;

/// <summary>The hub's FIFO of runnable work: greenlets to start or resume, and callbacks.</summary>
/// <remarks>A growable ring buffer, so scheduling a greenlet never allocates in steady state.</remarks>
internal sealed class RunQueue
{
    private Item[] _items = new Item[256];

    // A struct wrapper: a store into Item[] is a plain write barrier, no array-store type check helper.
    private struct Item
    {
        public object? Value;
    }
    private int _head;
    private int _count;

    public int Count => _count;

    [MethodImpl(HotPath.Options)]
    public void Enqueue(object item)
    {
        if (_count == _items.Length)
            Grow();
        _items[(_head + _count) & (_items.Length - 1)].Value = item;
        _count++;
    }

    [MethodImpl(HotPath.Options)]
    public object Dequeue()
    {
        var item = _items[_head].Value!;
        _items[_head].Value = null;
        _head = (_head + 1) & (_items.Length - 1);
        if (--_count == 0 && _items.Length > 4096)
        {
            // A spawn burst grew the queue; give the memory back once it drained.
            _items = new Item[256];
            _head = 0;
        }
        return item;
    }

    /// <summary>Takes <paramref name="item"/> out of the queue, keeping the others' order (rare: a refused suspension).</summary>
    public bool Remove(object item)
    {
        int mask = _items.Length - 1;
        for (int i = 0; i < _count; i++)
        {
            if (!ReferenceEquals(_items[(_head + i) & mask].Value, item))
                continue;
            for (int j = i; j < _count - 1; j++)
                _items[(_head + j) & mask] = _items[(_head + j + 1) & mask];
            _items[(_head + _count - 1) & mask].Value = null;
            _count--;
            return true;
        }
        return false;
    }

    private void Grow()
    {
        var bigger = new Item[_items.Length * 2];
        for (int i = 0; i < _count; i++)
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        _items = bigger;
        _head = 0;
    }
}
