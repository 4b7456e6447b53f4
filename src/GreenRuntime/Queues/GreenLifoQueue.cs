namespace GreenRuntime;

/// <summary>
/// A queue that hands out the most recently put item first (gevent.queue.LifoQueue); otherwise a
/// <see cref="GreenQueue{T}"/>: the same waits, reservations and thread-safe <c>Put</c>.
/// </summary>
/// <typeparam name="T">The items' type.</typeparam>
public class GreenLifoQueue<T> : GreenQueue<T>
{
    private readonly Stack<T> _items = new();

    /// <summary>Creates a LIFO queue holding at most <paramref name="maxSize"/> items (<see langword="null"/>: unbounded).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> is zero or negative.</exception>
    public GreenLifoQueue(int? maxSize = null)
        : base(maxSize, fifo: false)
    {
    }

    private protected sealed override int StoredCountOverride => _items.Count;

    private protected sealed override void StoreOverride(T item) => _items.Push(item);

    private protected sealed override T TakeOverride() => _items.Pop();

    private protected sealed override T PeekOverride() => _items.Peek();
}
