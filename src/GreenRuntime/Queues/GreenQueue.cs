using System.Diagnostics;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using GreenRuntime.CompilerServices;
using GreenRuntime.Queues;
using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>
/// A FIFO queue greenlets hand items through (gevent.queue.Queue): <see cref="Get(bool, TimeSpan?)"/> waits while it
/// is empty, and <see cref="Put(T, bool, TimeSpan?)"/> waits while a bounded queue is full.
/// </summary>
/// <remarks>
/// <para>Waiting getters and putters are served in the order they started waiting. An item (or, in a bounded queue, a
/// free slot) is reserved for the waiter it wakes until that waiter runs: a <c>Get</c> that comes in between does not
/// take it, a waiter whose timeout passes meanwhile still gets it, and one killed before it ran passes it on to the next
/// waiter. A waiter that times out or is killed loses no item and takes no other waiter's turn.</para>
/// <para>Every wait is a suspension point inside <c>[Greenlet]</c> methods and runs the hub from ordinary code.</para>
/// <para><b>From another thread.</b> <see cref="Put(T, bool, TimeSpan?)"/> is a thread-safe entry point: called from a
/// thread other than the hub's, it posts the put to the hub (<see cref="Hub.Post"/>). An unbounded queue takes it
/// without making the caller wait; for a bounded queue the calling OS thread (not the hub) waits until the hub stored the
/// item — behind the putters already waiting — or the timeout passed (<see cref="QueueFullException"/>; with
/// <c>block: false</c>, until the hub says whether there was room). The item is stored exactly once, or not at all when
/// the call throws. Every other member belongs to the hub's thread and throws <see cref="InvalidOperationException"/>
/// elsewhere. A hub whose only hope is such a put would raise <see cref="LoopExitException"/> first: set
/// <see cref="ExpectsPutsFromOtherThreads"/>.</para>
/// </remarks>
/// <typeparam name="T">The items' type.</typeparam>
public class GreenQueue<T>
{
    private readonly Hub _hub = Hub.Current;
    private readonly int _capacity;
    private readonly WaiterQueue _getters = new();
    private readonly WaiterQueue _putters = new();
    private readonly Queue<T>? _fifo;
    private bool _expectsOtherThreads;

    // Items stored for getters that were woken and have not run yet; free slots likewise for woken putters. What is
    // reserved is not there for anyone else: a new Get or Put that comes in between waits its turn.
    private int _reservedItems;
    private int _reservedSlots;

    /// <summary>
    /// Creates a queue holding at most <paramref name="maxSize"/> items; <see langword="null"/> (the default) for an
    /// unbounded one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> is zero or negative.</exception>
    public GreenQueue(int? maxSize = null)
        : this(maxSize, fifo: true)
    {
    }

    private protected GreenQueue(int? maxSize, bool fifo)
    {
        if (maxSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize,
                "A queue's maxSize must be at least 1, or null for an unbounded queue. For a queue with no room at all, " +
                "where Put waits until a Get takes the item (gevent's Queue(0) or Channel), use GreenChannel<T>.");
        }
        MaxSize = maxSize;
        _capacity = maxSize ?? int.MaxValue;
        if (fifo)
            _fifo = new Queue<T>();
    }

    /// <summary>The most items the queue holds, or <see langword="null"/> if it is unbounded (gevent's <c>maxsize</c>).</summary>
    public int? MaxSize { get; }

    /// <summary>The number of items in the queue (gevent's <c>qsize()</c>), including those reserved for woken getters.</summary>
    public int Count
    {
        get
        {
            _hub.CheckThread(this);
            return StoredCount;
        }
    }

    /// <summary>Whether the queue holds no item (gevent's <c>empty()</c>).</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Whether a bounded queue holds <see cref="MaxSize"/> items (gevent's <c>full()</c>); never for an unbounded one.</summary>
    public bool IsFull => Count >= _capacity;

    /// <summary>
    /// Whether other threads are going to <see cref="Put(T, bool, TimeSpan?)"/>: while it is true, the hub counts on
    /// their puts, so a <c>Get</c> waiting on an empty queue keeps the hub waiting instead of raising
    /// <see cref="LoopExitException"/> when nothing else could wake it (and <see cref="Hub.Run"/> keeps running). Set it
    /// back to false when the producing threads are done.
    /// </summary>
    public bool ExpectsPutsFromOtherThreads
    {
        get => _expectsOtherThreads;
        set
        {
            _hub.CheckThread(this);
            if (value == _expectsOtherThreads)
                return;
            _expectsOtherThreads = value;
            if (value)
                _hub.ExpectOtherThread();
            else
                _hub.StopExpectingOtherThread();
        }
    }

    // ---- storage: FIFO here, a stack or a heap in the subclasses ----------------------------------------------------

    private protected virtual int StoredCount => _fifo!.Count;

    private protected virtual void Store(T item) => _fifo!.Enqueue(item);

    private protected virtual T Take() => _fifo!.Dequeue();

    private protected virtual T PeekStored() => _fifo!.Peek();

    // ---- put ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Adds <paramref name="item"/>. When a bounded queue is full, waits for room if <paramref name="block"/> is true —
    /// for ever, or up to <paramref name="timeout"/> — and otherwise throws <see cref="QueueFullException"/> at once.
    /// Thread-safe: see the remarks.
    /// </summary>
    /// <exception cref="QueueFullException">No room: <paramref name="block"/> is false, or <paramref name="timeout"/> passed.</exception>
    public void Put(T item, bool block = true, TimeSpan? timeout = null)
    {
        if (!_hub.IsOwnerThread)
        {
            PutFromOtherThread(item, block, timeout);
            return;
        }
        if (HasFreeSlot)
        {
            StoreAndWakeGetter(item);
            return;
        }
        if (!block)
            throw Full(block, timeout);
        _hub.EnsureCanBlock("GreenQueue.Put");
        _hub.Block(PutTask(item, timeout));
    }

    private async GreenTask PutTask(T item, TimeSpan? timeout) => await Put(default(GreenSuspend), item, true, timeout);

    /// <summary>The resumable twin of <see cref="Put(T, bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public PutAwaitable Put(GreenSuspend suspend, T item, bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return new PutAwaitable(this, item, block ? Hub.DeadlineAfter(timeout) : long.MinValue, timeout);
    }

    /// <summary>Adds <paramref name="item"/> if there is room now (gevent's <c>put_nowait</c> without the exception).</summary>
    /// <returns>Whether the item was added.</returns>
    public bool TryPut(T item)
    {
        _hub.CheckThread(this);
        if (!HasFreeSlot)
            return false;
        StoreAndWakeGetter(item);
        return true;
    }

    // ---- get ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Removes and returns the next item. When the queue is empty, waits for one if <paramref name="block"/> is true —
    /// for ever, or up to <paramref name="timeout"/> — and otherwise throws <see cref="QueueEmptyException"/> at once.
    /// </summary>
    /// <exception cref="QueueEmptyException">No item: <paramref name="block"/> is false, or <paramref name="timeout"/> passed.</exception>
    public T Get(bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        if (HasFreeItem)
            return TakeAndWakePutter();
        if (!block)
            throw Empty(block, timeout, peek: false);
        _hub.EnsureCanBlock("GreenQueue.Get");
        return _hub.Block(GetTask(timeout, peek: false));
    }

    private async GreenTask<T> GetTask(TimeSpan? timeout, bool peek) =>
        await new GetAwaitable(this, Hub.DeadlineAfter(timeout), timeout, peek);

    /// <summary>The resumable twin of <see cref="Get(bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GetAwaitable Get(GreenSuspend suspend, bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return new GetAwaitable(this, block ? Hub.DeadlineAfter(timeout) : long.MinValue, timeout, peek: false);
    }

    /// <summary>Removes the next item if there is one now (gevent's <c>get_nowait</c> without the exception).</summary>
    /// <returns>Whether an item was removed into <paramref name="item"/>.</returns>
    public bool TryGet([MaybeNullWhen(false)] out T item)
    {
        _hub.CheckThread(this);
        if (!HasFreeItem)
        {
            item = default;
            return false;
        }
        item = TakeAndWakePutter();
        return true;
    }

    /// <summary>
    /// Returns the next item without removing it (gevent's <c>peek</c>), waiting for one like
    /// <see cref="Get(bool, TimeSpan?)"/> when the queue is empty.
    /// </summary>
    /// <exception cref="QueueEmptyException">No item: <paramref name="block"/> is false, or <paramref name="timeout"/> passed.</exception>
    public T Peek(bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        if (HasFreeItem)
            return PeekStored();
        if (!block)
            throw Empty(block, timeout, peek: true);
        _hub.EnsureCanBlock("GreenQueue.Peek");
        return _hub.Block(GetTask(timeout, peek: true));
    }

    /// <summary>The resumable twin of <see cref="Peek(bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GetAwaitable Peek(GreenSuspend suspend, bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return new GetAwaitable(this, block ? Hub.DeadlineAfter(timeout) : long.MinValue, timeout, peek: true);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        string name = GetType().Name;
        int tick = name.IndexOf('`');
        name = $"{(tick < 0 ? name : name[..tick])}<{typeof(T).Name}>";
        int count = StoredCount;
        string items = count == 1 ? "1 item" : $"{count} items";
        return MaxSize is { } max ? $"{name} ({items} of at most {max})" : $"{name} ({items})";
    }

    // ---- the policy: reservations and FIFO wake-ups --------------------------------------------------------------------

    private bool HasFreeItem
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => StoredCount > _reservedItems;
    }

    private bool HasFreeSlot
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => StoredCount + _reservedSlots < _capacity;
    }

    private void StoreAndWakeGetter(T item)
    {
        Store(item);
        WakeGetters();
    }

    private T TakeAndWakePutter()
    {
        var item = Take();
        if (_capacity != int.MaxValue)
            WakePutters();
        return item;
    }

    /// <summary>Hands every free item's turn to the next waiting getter.</summary>
    private void WakeGetters()
    {
        while (HasFreeItem && _getters.WakeOne(_hub, this))
            _reservedItems++;
    }

    /// <summary>Hands every free slot's turn to the next waiting putter (a foreign put stores its item at once).</summary>
    private void WakePutters()
    {
        while (HasFreeSlot && _putters.WakeFirst(_hub, this) is { } woken)
        {
            if (woken is Greenlet)
                _reservedSlots++;
            else if (woken is ForeignPut<T> foreign && foreign.IsAccepted)
                StoreAndWakeGetter(foreign.Item);
        }
    }

    private QueueFullException Full(bool block, TimeSpan? timeout) => new(block
        ? $"{this} is full: Put found no room within {timeout}."
        : $"{this} is full (Put was called with block: false).");

    private QueueEmptyException Empty(bool block, TimeSpan? timeout, bool peek) => new(block
        ? $"{this} is empty: {(peek ? "Peek" : "Get")} got no item within {timeout}."
        : $"{this} is empty ({(peek ? "Peek" : "Get")} was called with block: false).");

    // ---- from another thread -----------------------------------------------------------------------------------------

    private void PutFromOtherThread(T item, bool block, TimeSpan? timeout)
    {
        if (timeout is { } t && t < TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "A timeout must be zero or positive (or null for no timeout).");
        if (_capacity == int.MaxValue)
        {
            // Always room: nothing to wait for.
            _hub.Post(() => StoreAndWakeGetter(item));
            return;
        }
        var put = new ForeignPut<T>(item);
        _hub.Post(() => OfferForeign(put, block));
        if (put.WaitForAnswer(block ? timeout : null))
            return;
        if (put.IsAbandoned)
            _hub.Post(() => _putters.Remove(put));
        throw new QueueFullException(block
            ? $"{this} stayed full: the Put from thread #{Environment.CurrentManagedThreadId} found no room within {timeout}."
            : $"{this} was full (Put from thread #{Environment.CurrentManagedThreadId} with block: false).");
    }

    private void OfferForeign(ForeignPut<T> put, bool block)
    {
        if (HasFreeSlot)
        {
            if (put.TryAccept())
                StoreAndWakeGetter(put.Item);
        }
        else if (!block)
        {
            put.Refuse();
        }
        else if (!put.IsAbandoned)
        {
            _putters.Add(put);
        }
    }

    // ---- the awaitables ----------------------------------------------------------------------------------------------

    /// <summary>A twin's <c>Put</c>: parks while a bounded queue is full.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct PutAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenQueue<T> _queue;
        private readonly T _item;
        private readonly long _deadline;
        private readonly TimeSpan? _timeout;

        internal PutAwaitable(GreenQueue<T> queue, T item, long deadline, TimeSpan? timeout)
        {
            _queue = queue;
            _item = item;
            _deadline = deadline;
            _timeout = timeout;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public PutAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for: room now, an interruption, or the deadline passed.</summary>
        public bool IsCompleted
        {
            [MethodImpl(HotPath.Options)]
            get => _queue.HasFreeSlot
                || _queue._hub.CurrentGreenlet.Interruption is not null
                || Hub.DeadlinePassed(_deadline);
        }

        /// <summary>Stores the item; throws <see cref="QueueFullException"/> if there was no room in time.</summary>
        [StackTraceHidden]
        [MethodImpl(HotPath.Options)]
        public void GetResult()
        {
            var queue = _queue;
            var greenlet = queue._hub.CurrentGreenlet;
            bool handed = WaiterQueue.EndWait(greenlet);
            if (handed)
                queue._reservedSlots--;
            if (greenlet.Interruption is not null)
            {
                // Killed (or a timeout scope fired) after a slot was handed to it: the next putter gets the slot.
                if (handed)
                    queue.WakePutters();
                Hub.ThrowIfInterrupted(greenlet);
            }
            if (!handed && !queue.HasFreeSlot)
                throw queue.Full(_deadline != long.MinValue, _timeout);
            queue.StoreAndWakeGetter(_item);
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation) => Register(continuation);

        [MethodImpl(HotPath.Options)]
        internal void Register(IResumable continuation) =>
            _queue._putters.Park(_queue._hub, continuation, _queue, _deadline);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => Register(new ActionResumable(continuation));
    }

    /// <summary>A twin's <c>Get</c> or <c>Peek</c>: parks while the queue is empty.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct GetAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenQueue<T> _queue;
        private readonly long _deadline;
        private readonly TimeSpan? _timeout;
        private readonly bool _peek;

        internal GetAwaitable(GreenQueue<T> queue, long deadline, TimeSpan? timeout, bool peek)
        {
            _queue = queue;
            _deadline = deadline;
            _timeout = timeout;
            _peek = peek;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public GetAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for: a free item now, an interruption, or the deadline passed.</summary>
        public bool IsCompleted
        {
            [MethodImpl(HotPath.Options)]
            get => _queue.HasFreeItem
                || _queue._hub.CurrentGreenlet.Interruption is not null
                || Hub.DeadlinePassed(_deadline);
        }

        /// <summary>Returns the item (removed, unless peeking); throws <see cref="QueueEmptyException"/> if none came in time.</summary>
        [StackTraceHidden]
        [MethodImpl(HotPath.Options)]
        public T GetResult()
        {
            var queue = _queue;
            var greenlet = queue._hub.CurrentGreenlet;
            bool handed = WaiterQueue.EndWait(greenlet);
            if (handed)
                queue._reservedItems--;
            if (greenlet.Interruption is not null)
            {
                // Killed (or a timeout scope fired) after an item's turn was handed to it: the next getter gets it.
                if (handed)
                    queue.WakeGetters();
                Hub.ThrowIfInterrupted(greenlet);
            }
            if (!handed && !queue.HasFreeItem)
                throw queue.Empty(_deadline != long.MinValue, _timeout, _peek);
            if (!_peek)
                return queue.TakeAndWakePutter();
            var item = queue.PeekStored();
            // A peek leaves the item: its turn goes on to the next getter.
            if (handed)
                queue.WakeGetters();
            return item;
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation) => Register(continuation);

        [MethodImpl(HotPath.Options)]
        internal void Register(IResumable continuation) =>
            _queue._getters.Park(_queue._hub, continuation, _queue, _deadline);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => Register(new ActionResumable(continuation));
    }
}
