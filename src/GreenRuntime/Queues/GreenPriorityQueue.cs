namespace GreenRuntime;

/// <summary>
/// A queue that hands out its smallest item first (gevent.queue.PriorityQueue), by <see cref="Comparer{T}.Default"/> or
/// the comparer it was given; items that compare equal come out in the order they were put. Otherwise a
/// <see cref="GreenQueue{T}"/>: the same waits, reservations and thread-safe <c>Put</c>.
/// </summary>
/// <remarks>gevent users put <c>(priority, item)</c> tuples; here a <c>(int Priority, string Job)</c> value tuple does
/// the same (its default comparer orders by the first element, then the second).</remarks>
/// <typeparam name="T">The items' type.</typeparam>
public class GreenPriorityQueue<T> : GreenQueue<T>
{
    private readonly PriorityQueue<T, Order> _items;
    private long _nextSequence;

    /// <summary>Creates a priority queue holding at most <paramref name="maxSize"/> items (<see langword="null"/>: unbounded), smallest first by <see cref="Comparer{T}.Default"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> is zero or negative.</exception>
    public GreenPriorityQueue(int? maxSize = null)
        : this(null, maxSize)
    {
    }

    /// <summary>Creates a priority queue ordered by <paramref name="comparer"/> (smallest first; <see langword="null"/>: <see cref="Comparer{T}.Default"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> is zero or negative.</exception>
    public GreenPriorityQueue(IComparer<T>? comparer, int? maxSize = null)
        : base(maxSize, fifo: false)
    {
        Comparer = comparer ?? Comparer<T>.Default;
        _items = new PriorityQueue<T, Order>(new OrderComparer(Comparer));
    }

    /// <summary>The order of the items: the smallest comes out first.</summary>
    public IComparer<T> Comparer { get; }

    private protected sealed override int StoredCountOverride => _items.Count;

    private protected sealed override void StoreOverride(T item) => _items.Enqueue(item, new Order(item, _nextSequence++));

    private protected sealed override T TakeOverride() => _items.Dequeue();

    private protected sealed override T PeekOverride() => _items.Peek();

    // The item's own order, then the put order: System.Collections.Generic.PriorityQueue is not stable by itself.
    private readonly record struct Order(T Item, long Sequence);

    private sealed class OrderComparer(IComparer<T> items) : IComparer<Order>
    {
        public int Compare(Order x, Order y)
        {
            int byItem = items.Compare(x.Item, y.Item);
            return byItem != 0 ? byItem : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
