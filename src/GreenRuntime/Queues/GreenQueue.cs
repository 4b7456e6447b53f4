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
/// the call throws. The put is taken when the hub's thread runs its hub (a blocking call there, or <see cref="Hub.Run"/>).
/// Every other member belongs to the hub's thread and throws <see cref="InvalidOperationException"/> elsewhere. A hub whose only hope is such a put would raise <see cref="LoopExitException"/> first: set
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

    /// <summary>For subclasses: <paramref name="fifo"/> false for one with a storage of its own (the overrides);
    /// <paramref name="observesStores"/> for a FIFO one whose <see cref="StoreOverride"/> must see every store.</summary>
    private protected GreenQueue(int? maxSize, bool fifo, bool observesStores = false)
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
        _storeOverridden = observesStores;
    }

    // A FIFO subclass that overrides StoreOverride (GreenJoinableQueue counts its puts) is called for every store.
    private readonly bool _storeOverridden;

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

    // The plain FIFO queue skips the virtual call (a profiled ping-pong spent 5 % in it): only subclasses with a
    // storage of their own (no _fifo) go through the overrides.

    private int StoredCount
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _fifo is { } fifo ? fifo.Count : StoredCountOverride;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store(T item)
    {
        if (_fifo is { } fifo && !_storeOverridden)
            fifo.Enqueue(item);
        else
            StoreOverride(item);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Take() => _fifo is { } fifo ? fifo.Dequeue() : TakeOverride();

    private T PeekStored() => _fifo is { } fifo ? fifo.Peek() : PeekOverride();

    /// <summary>The number of stored items, for a subclass with a storage of its own.</summary>
    private protected virtual int StoredCountOverride => _fifo!.Count;

    /// <summary>Stores an item (a subclass that counts puts overrides it and calls the base).</summary>
    private protected virtual void StoreOverride(T item) => _fifo!.Enqueue(item);

    /// <summary>Removes the next item, for a subclass with a storage of its own.</summary>
    private protected virtual T TakeOverride() => _fifo!.Dequeue();

    /// <summary>The next item, for a subclass with a storage of its own.</summary>
    private protected virtual T PeekOverride() => _fifo!.Peek();

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
            throw Full(block);
        _hub.EnsureCanBlock("GreenQueue.Put");
        _hub.Block(PutTask(item, timeout));
    }

    private async GreenTask PutTask(T item, TimeSpan? timeout) => await Put(default(GreenSuspend), item, true, timeout);

    /// <summary>The resumable twin of <see cref="Put(T, bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(HotPath.Options)]
    public PutAwaitable Put(GreenSuspend suspend, T item, bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return new PutAwaitable(this, item, DeadlineOf(block, timeout));
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
            throw Empty(block, peek: false);
        _hub.EnsureCanBlock("GreenQueue.Get");
        return _hub.Block(GetTask(timeout));
    }

    private async GreenTask<T> GetTask(TimeSpan? timeout) => await Get(default(GreenSuspend), true, timeout);

    private async GreenTask<T> PeekTask(TimeSpan? timeout) => await Peek(default(GreenSuspend), true, timeout);

    /// <summary>The resumable twin of <see cref="Get(bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(HotPath.Options)]
    public GetAwaitable Get(GreenSuspend suspend, bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return new GetAwaitable(this, DeadlineOf(block, timeout));
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
            throw Empty(block, peek: true);
        _hub.EnsureCanBlock("GreenQueue.Peek");
        return _hub.Block(PeekTask(timeout));
    }

    /// <summary>The resumable twin of <see cref="Peek(bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public PeekAwaitable Peek(GreenSuspend suspend, bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return new PeekAwaitable(this, DeadlineOf(block, timeout));
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

    [MethodImpl(HotPath.Options)]
    private void StoreAndWakeGetter(T item)
    {
        Store(item);
        WakeGetters();
    }

    [MethodImpl(HotPath.Options)]
    private T TakeAndWakePutter()
    {
        var item = Take();
        if (_capacity != int.MaxValue)
            WakePutters();
        return item;
    }

    /// <summary>Hands every free item's turn to the next waiting getter.</summary>
    [MethodImpl(HotPath.Options)]
    private void WakeGetters()
    {
        while (HasFreeItem && _getters.WakeOne(_hub, this))
            _reservedItems++;
    }

    /// <summary>Hands every free slot's turn to the next waiting putter (a foreign put stores its item at once).</summary>
    [MethodImpl(HotPath.Options)]
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

    // The awaitables keep no timeout (a parked getter's size counts): the messages say that it passed, not how long it was.
    private QueueFullException Full(bool block) => new(block
        ? $"{this} is full: Put found no room before its timeout passed."
        : $"{this} is full (Put was called with block: false).");

    private QueueEmptyException Empty(bool block, bool peek) => new(block
        ? $"{this} is empty: {(peek ? "Peek" : "Get")} got no item before its timeout passed."
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

    // Non-blocking: already passed. No timeout: never (without the call, which a profiled ping-pong spent 3 % in).
    private static long DeadlineOf(bool block, TimeSpan? timeout) =>
        !block ? long.MinValue : timeout is null ? long.MaxValue : Hub.DeadlineAfter(timeout);

    // ---- the waits, shared by the awaitables -------------------------------------------------------------------------

    [MethodImpl(HotPath.Options)]
    private bool CanEndWait(bool forPut, long deadline) =>
        (forPut ? HasFreeSlot : HasFreeItem)
        || _hub.CurrentGreenlet.Interruption is not null
        || Hub.DeadlinePassed(deadline);

    /// <summary>Ends a put's wait: stores the item, or throws the interruption or <see cref="QueueFullException"/>.</summary>
    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    private void EndPut(T item, long deadline)
    {
        var greenlet = _hub.CurrentGreenlet;
        bool handed = WaiterQueue.EndWait(greenlet);
        if (handed)
            _reservedSlots--;
        if (greenlet.Interruption is not null)
        {
            // Killed (or a timeout scope fired) after a slot was handed to it: the next putter gets the slot.
            if (handed)
                WakePutters();
            Hub.ThrowIfInterrupted(greenlet);
        }
        if (!handed && !HasFreeSlot)
            throw Full(deadline != long.MinValue);
        StoreAndWakeGetter(item);
    }

    /// <summary>Ends a get's or peek's wait: returns the item, or throws the interruption or <see cref="QueueEmptyException"/>.</summary>
    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    private T EndGet(long deadline, bool peek)
    {
        var greenlet = _hub.CurrentGreenlet;
        bool handed = WaiterQueue.EndWait(greenlet);
        if (handed)
            _reservedItems--;
        if (greenlet.Interruption is not null)
        {
            // Killed (or a timeout scope fired) after an item's turn was handed to it: the next getter gets it.
            if (handed)
                WakeGetters();
            Hub.ThrowIfInterrupted(greenlet);
        }
        if (!handed && !HasFreeItem)
            throw Empty(deadline != long.MinValue, peek);
        if (!peek)
            return TakeAndWakePutter();
        var item = PeekStored();
        // A peek leaves the item: its turn goes on to the next getter.
        if (handed)
            WakeGetters();
        return item;
    }

    // ---- the awaitables: as small as a sleep's (a parked greenlet's box holds one) ------------------------------------

    /// <summary>A twin's <c>Put</c>: parks while a bounded queue is full.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct PutAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenQueue<T> _queue;
        private readonly T _item;
        private readonly long _deadline;

        internal PutAwaitable(GreenQueue<T> queue, T item, long deadline)
        {
            _queue = queue;
            _item = item;
            _deadline = deadline;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        [MethodImpl(HotPath.Options)]
        public PutAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for: room now, an interruption, or the deadline passed.</summary>
        public bool IsCompleted
        {
            [MethodImpl(HotPath.Options)]
            get => _queue.CanEndWait(forPut: true, _deadline);
        }

        /// <summary>Stores the item; throws <see cref="QueueFullException"/> if there was no room in time.</summary>
        [StackTraceHidden]
        [MethodImpl(HotPath.Options)]
        public void GetResult() => _queue.EndPut(_item, _deadline);

        void IGreenAwaiter.OnCompleted(IResumable continuation) => Register(continuation);

        [MethodImpl(HotPath.Options)]
        internal void Register(IResumable continuation) =>
            _queue._putters.Park(_queue._hub, continuation, _queue, _deadline);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => Register(new ActionResumable(continuation));
    }

    /// <summary>A twin's <c>Get</c>: parks while the queue is empty.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct GetAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenQueue<T> _queue;
        private readonly long _deadline;

        internal GetAwaitable(GreenQueue<T> queue, long deadline)
        {
            _queue = queue;
            _deadline = deadline;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        [MethodImpl(HotPath.Options)]
        public GetAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for: a free item now, an interruption, or the deadline passed.</summary>
        public bool IsCompleted
        {
            [MethodImpl(HotPath.Options)]
            get => _queue.CanEndWait(forPut: false, _deadline);
        }

        /// <summary>Removes and returns the item; throws <see cref="QueueEmptyException"/> if none came in time.</summary>
        [StackTraceHidden]
        [MethodImpl(HotPath.Options)]
        public T GetResult() => _queue.EndGet(_deadline, peek: false);

        void IGreenAwaiter.OnCompleted(IResumable continuation) => Register(continuation);

        [MethodImpl(HotPath.Options)]
        internal void Register(IResumable continuation) =>
            _queue._getters.Park(_queue._hub, continuation, _queue, _deadline);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => Register(new ActionResumable(continuation));
    }

    /// <summary>A twin's <c>Peek</c>: parks while the queue is empty, like a get, and leaves the item.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct PeekAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenQueue<T> _queue;
        private readonly long _deadline;

        internal PeekAwaitable(GreenQueue<T> queue, long deadline)
        {
            _queue = queue;
            _deadline = deadline;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public PeekAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for: a free item now, an interruption, or the deadline passed.</summary>
        public bool IsCompleted => _queue.CanEndWait(forPut: false, _deadline);

        /// <summary>Returns the next item without removing it; throws <see cref="QueueEmptyException"/> if none came in time.</summary>
        [StackTraceHidden]
        public T GetResult() => _queue.EndGet(_deadline, peek: true);

        void IGreenAwaiter.OnCompleted(IResumable continuation) => Register(continuation);

        internal void Register(IResumable continuation) =>
            _queue._getters.Park(_queue._hub, continuation, _queue, _deadline);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => Register(new ActionResumable(continuation));
    }
}
