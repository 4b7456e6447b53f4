namespace GreenRuntime.Hubs;

/// <summary>The hub's FIFO of runnable work: greenlets to start or resume, and callbacks.</summary>
/// <remarks>A growable ring buffer, so scheduling a greenlet never allocates in steady state.</remarks>
internal sealed class RunQueue
{
    private object?[] _items = new object?[256];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(object item)
    {
        if (_count == _items.Length)
            Grow();
        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    public object Dequeue()
    {
        var item = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return item;
    }

    private void Grow()
    {
        var bigger = new object?[_items.Length * 2];
        for (int i = 0; i < _count; i++)
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        _items = bigger;
        _head = 0;
    }
}
