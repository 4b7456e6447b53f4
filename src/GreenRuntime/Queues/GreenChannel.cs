using System.Diagnostics;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using GreenRuntime.CompilerServices;
using GreenRuntime.Queues;
using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>
/// A queue with no room (gevent.queue.Channel): <see cref="Put(T, bool, TimeSpan?)"/> waits until a
/// <see cref="Get(bool, TimeSpan?)"/> takes the item, and <c>Get</c> waits for a <c>Put</c> — a rendezvous.
/// </summary>
/// <remarks>
/// <para>Putters and getters meet in the order they started waiting. A <c>Put</c> that finds a getter waiting hands the
/// item to it and returns; if that getter is killed before it ran, the item goes to the next waiting getter, or to the
/// next <c>Get</c> (so it is never lost). A putter that times out or is killed takes its item back; one whose item a
/// getter already took has put it.</para>
/// <para>Every wait is a suspension point inside <c>[Greenlet]</c> methods and runs the hub from ordinary code.</para>
/// <para><b>From another thread.</b> <see cref="Put(T, bool, TimeSpan?)"/> is a thread-safe entry point, as
/// <see cref="GreenQueue{T}"/>'s: it posts the put to the hub and the calling OS thread waits until a getter took the
/// item or the timeout passed (<see cref="QueueFullException"/>). Every other member belongs to the hub's thread.</para>
/// </remarks>
/// <typeparam name="T">The items' type.</typeparam>
public sealed class GreenChannel<T>
{
    private readonly Hub _hub = Hub.Current;
    private readonly WaiterQueue _getters = new();
    private readonly WaiterQueue _putters = new();

    // What waiting putters offer, in their order; a putter (greenlet or foreign put) finds its own offer by reference.
    private readonly List<Offer> _offers = [];

    // Items handed to woken getters that have not run yet (one each, in wake order).
    private readonly Queue<T> _handed = new();

    // Items whose getter was killed before it ran and no other getter waited: the next Get takes them first.
    private readonly Queue<T> _unclaimed = new();

    private readonly record struct Offer(T Item, object Putter);

    /// <summary>Creates a channel.</summary>
    public GreenChannel()
    {
    }

    /// <summary>Putters waiting minus getters waiting (gevent's <c>balance</c>): positive when items wait for getters.</summary>
    public int Balance
    {
        get
        {
            _hub.CheckThread(this);
            return _putters.LiveCount + _unclaimed.Count - _getters.LiveCount;
        }
    }

    // ---- put ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Hands <paramref name="item"/> to a getter: at once to one that waits, otherwise waiting for one if
    /// <paramref name="block"/> is true — for ever, or up to <paramref name="timeout"/>. Thread-safe: see the remarks.
    /// </summary>
    /// <exception cref="QueueFullException">No getter took it: <paramref name="block"/> is false, or <paramref name="timeout"/> passed.</exception>
    public void Put(T item, bool block = true, TimeSpan? timeout = null)
    {
        if (!_hub.IsOwnerThread)
        {
            PutFromOtherThread(item, block, timeout);
            return;
        }
        if (TryHandToGetter(item))
            return;
        if (!block)
            throw Full(block, timeout);
        _hub.EnsureCanBlock("GreenChannel.Put");
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

    /// <summary>Hands <paramref name="item"/> to a getter that waits now.</summary>
    /// <returns>Whether a getter was waiting (and got the item).</returns>
    public bool TryPut(T item)
    {
        _hub.CheckThread(this);
        return TryHandToGetter(item);
    }

    // ---- get ---------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Takes an item from a putter: at once from one that waits, otherwise waiting for one if <paramref name="block"/>
    /// is true — for ever, or up to <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="QueueEmptyException">No putter came: <paramref name="block"/> is false, or <paramref name="timeout"/> passed.</exception>
    public T Get(bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        if (TryTakeOffered(out var item))
            return item;
        if (!block)
            throw Empty(block, timeout);
        _hub.EnsureCanBlock("GreenChannel.Get");
        return _hub.Block(GetTask(timeout));
    }

    private async GreenTask<T> GetTask(TimeSpan? timeout) => await Get(default(GreenSuspend), true, timeout);

    /// <summary>The resumable twin of <see cref="Get(bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GetAwaitable Get(GreenSuspend suspend, bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return new GetAwaitable(this, block ? Hub.DeadlineAfter(timeout) : long.MinValue, timeout);
    }

    /// <summary>Takes an item from a putter that waits now.</summary>
    /// <returns>Whether a putter was waiting (its item is in <paramref name="item"/>).</returns>
    public bool TryGet([MaybeNullWhen(false)] out T item)
    {
        _hub.CheckThread(this);
        return TryTakeOffered(out item);
    }

    /// <inheritdoc />
    public override string ToString() => $"GreenChannel<{typeof(T).Name}>";

    // ---- the rendezvous ----------------------------------------------------------------------------------------------

    private bool HasOffer => _unclaimed.Count > 0 || _putters.HasWaiters;

    private bool TryHandToGetter(T item)
    {
        if (!_getters.WakeOne(_hub, this))
            return false;
        _handed.Enqueue(item);
        return true;
    }

    /// <summary>An item handed to a getter that was killed before it ran: to the next getter, else to the next Get.</summary>
    private void PassOn(T item)
    {
        if (!TryHandToGetter(item))
            _unclaimed.Enqueue(item);
    }

    private bool TryTakeOffered([MaybeNullWhen(false)] out T item)
    {
        if (_unclaimed.TryDequeue(out item))
            return true;
        // The first live putter (timed-out and killed ones are skipped); its offer is the first one it made.
        while (_putters.WakeFirst(_hub, this) is { } putter)
        {
            var offer = RemoveOffer(putter);
            if (putter is ForeignPut<T> foreign && !foreign.IsAccepted)
                continue;
            item = offer!.Value.Item;
            return true;
        }
        item = default;
        return false;
    }

    private Offer? RemoveOffer(object putter)
    {
        for (int i = 0; i < _offers.Count; i++)
        {
            if (ReferenceEquals(_offers[i].Putter, putter))
            {
                var offer = _offers[i];
                _offers.RemoveAt(i);
                return offer;
            }
        }
        return null;
    }

    private QueueFullException Full(bool block, TimeSpan? timeout) => new(block
        ? $"No getter took the item from {this} within {timeout}."
        : $"No getter waits on {this} (Put was called with block: false).");

    private QueueEmptyException Empty(bool block, TimeSpan? timeout) => new(block
        ? $"No putter came to {this} within {timeout}."
        : $"No putter waits on {this} (Get was called with block: false).");

    // ---- from another thread -----------------------------------------------------------------------------------------

    private void PutFromOtherThread(T item, bool block, TimeSpan? timeout)
    {
        if (timeout is { } t && t < TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "A timeout must be zero or positive (or null for no timeout).");
        var put = new ForeignPut<T>(item);
        _hub.Post(() => OfferForeign(put, block));
        if (put.WaitForAnswer(block ? timeout : null))
            return;
        if (put.IsAbandoned)
        {
            _hub.Post(() =>
            {
                _putters.Remove(put);
                RemoveOffer(put);
            });
        }
        throw new QueueFullException(block
            ? $"No getter took the item from {this} within {timeout} (Put from thread #{Environment.CurrentManagedThreadId})."
            : $"No getter waited on {this} (Put from thread #{Environment.CurrentManagedThreadId} with block: false).");
    }

    private void OfferForeign(ForeignPut<T> put, bool block)
    {
        if (put.IsAbandoned)
            return;
        if (_getters.HasWaiters)
        {
            if (put.TryAccept())
                TryHandToGetter(put.Item);
        }
        else if (!block)
        {
            put.Refuse();
        }
        else
        {
            _offers.Add(new Offer(put.Item, put));
            _putters.Add(put);
        }
    }

    // ---- the awaitables ----------------------------------------------------------------------------------------------

    /// <summary>A twin's <c>Put</c>: parks until a getter takes the item.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct PutAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenChannel<T> _channel;
        private readonly T _item;
        private readonly long _deadline;
        private readonly TimeSpan? _timeout;

        internal PutAwaitable(GreenChannel<T> channel, T item, long deadline, TimeSpan? timeout)
        {
            _channel = channel;
            _item = item;
            _deadline = deadline;
            _timeout = timeout;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public PutAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for: a getter waits, an interruption, or the deadline passed.</summary>
        public bool IsCompleted =>
            _channel._getters.HasWaiters
            || _channel._hub.CurrentGreenlet.Interruption is not null
            || Hub.DeadlinePassed(_deadline);

        /// <summary>Returns once a getter has the item; throws <see cref="QueueFullException"/> if none took it in time.</summary>
        [StackTraceHidden]
        public void GetResult()
        {
            var channel = _channel;
            var greenlet = channel._hub.CurrentGreenlet;
            if (WaiterQueue.EndWait(greenlet))
            {
                // A getter took the item: it is put, even if a kill came after.
                Hub.ThrowIfInterrupted(greenlet);
                return;
            }
            // Not taken: take the offer back (if it parked at all).
            channel.RemoveOffer(greenlet);
            Hub.ThrowIfInterrupted(greenlet);
            if (!channel.TryHandToGetter(_item))
                throw channel.Full(_deadline != long.MinValue, _timeout);
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation) => Register(continuation);

        internal void Register(IResumable continuation)
        {
            var channel = _channel;
            channel._offers.Add(new Offer(_item, channel._hub.CurrentGreenlet));
            channel._putters.Park(channel._hub, continuation, channel, _deadline);
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => Register(new ActionResumable(continuation));
    }

    /// <summary>A twin's <c>Get</c>: parks until a putter comes.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct GetAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenChannel<T> _channel;
        private readonly long _deadline;
        private readonly TimeSpan? _timeout;

        internal GetAwaitable(GreenChannel<T> channel, long deadline, TimeSpan? timeout)
        {
            _channel = channel;
            _deadline = deadline;
            _timeout = timeout;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public GetAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for: a putter waits, an interruption, or the deadline passed.</summary>
        public bool IsCompleted =>
            _channel.HasOffer
            || _channel._hub.CurrentGreenlet.Interruption is not null
            || Hub.DeadlinePassed(_deadline);

        /// <summary>Returns the item; throws <see cref="QueueEmptyException"/> if no putter came in time.</summary>
        [StackTraceHidden]
        public T GetResult()
        {
            var channel = _channel;
            var greenlet = channel._hub.CurrentGreenlet;
            if (WaiterQueue.EndWait(greenlet))
            {
                var handed = channel._handed.Dequeue();
                if (greenlet.Interruption is not null)
                {
                    channel.PassOn(handed);
                    Hub.ThrowIfInterrupted(greenlet);
                }
                return handed;
            }
            Hub.ThrowIfInterrupted(greenlet);
            if (channel.TryTakeOffered(out var item))
                return item;
            throw channel.Empty(_deadline != long.MinValue, _timeout);
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation) => Register(continuation);

        internal void Register(IResumable continuation) =>
            _channel._getters.Park(_channel._hub, continuation, _channel, _deadline);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => Register(new ActionResumable(continuation));
    }
}
