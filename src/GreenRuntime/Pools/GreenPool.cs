using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>
/// A <see cref="GreenGroup"/> that runs at most <c>size</c> greenlets at once (gevent's <c>gevent.pool.Pool</c>):
/// <c>Spawn</c> and <see cref="GreenGroup.Add(Greenlet)"/> wait while the pool is full, and
/// <see cref="GreenGroup.Map{T, R}(Func{T, R}, IEnumerable{T})"/> and the <c>IMap</c>s start an item only when a slot is
/// free, so the bound holds however many items there are.
/// </summary>
/// <remarks>
/// A wait for a slot is a suspension point inside <c>[Greenlet]</c> methods and runs the hub from ordinary code, like
/// every GreenRuntime wait. Waiting spawners get the freed slots in the order they started waiting (FIFO): a slot freed
/// while one waits is handed to it, and a spawner that comes later waits behind it. A waiter killed (or timed out by a
/// <see cref="Green.Timeout"/> scope) after it was handed a slot passes the slot on.
/// </remarks>
public class GreenPool : GreenGroup
{
    private readonly int? _size;

    // Spawners waiting for a slot (FIFO), and WaitAvailable callers (woken together once a slot is left over).
    private readonly WaiterQueue _spawners = new();
    private readonly WaiterQueue _available = new();

    // Slots freed and handed to woken spawners that have not run yet: not free for anyone else.
    private int _handedOff;

    /// <summary>Creates a pool of at most <paramref name="size"/> greenlets at once on this thread's hub.</summary>
    /// <param name="size">The most greenlets that run in the pool at once; null: no bound (a <see cref="GreenGroup"/> with <see cref="FreeCount"/> and <see cref="WaitAvailable(TimeSpan?)"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is zero or negative.</exception>
    public GreenPool(int? size = null)
    {
        if (size is <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(size), size, "A pool's size must be at least 1 (or null for a pool without a bound): a pool of no greenlets could never run anything.");
        }
        _size = size;
    }

    /// <summary>The most greenlets that run in the pool at once; null: no bound.</summary>
    public int? Size => _size;

    /// <summary>How many more greenlets can join now without waiting; <see cref="int.MaxValue"/> for a pool without a bound.</summary>
    public int FreeCount
    {
        get
        {
            _hub.CheckThread(this);
            return Free;
        }
    }

    private int Free => _size is { } size ? Math.Max(0, size - Count - _handedOff) : int.MaxValue;

    /// <summary>
    /// Waits until at least one greenlet can join without waiting, or <paramref name="timeout"/> passed, running the hub
    /// meanwhile, and returns <see cref="FreeCount"/> (0 when the timeout passed first). It takes no slot: spawners
    /// already waiting get freed slots first.
    /// </summary>
    /// <param name="timeout">How long to wait; null: as long as it takes.</param>
    /// <returns>How many greenlets can join now.</returns>
    public int WaitAvailable(TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        if (Free > 0)
            return Free;
        _hub.EnsureCanBlock("GreenPool.WaitAvailable");
        return _hub.Block(WaitAvailable(default(GreenSuspend), timeout));
    }

    /// <summary>The resumable twin of <see cref="WaitAvailable(TimeSpan?)"/>, used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>How many greenlets can join now.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<int> WaitAvailable(GreenSuspend suspend, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        long deadline = Hub.DeadlineAfter(timeout);
        var current = _hub.CurrentGreenlet;
        while (Free == 0 && !Hub.DeadlinePassed(deadline))
        {
            await new SignalAwaitable(_hub, _available, this, deadline);
            Hub.ThrowIfInterrupted(current);
        }
        return Free;
    }

    /// <inheritdoc />
    public override string ToString() => _size is { } size ? $"GreenPool ({Count}/{size} greenlets)" : $"GreenPool ({Count} greenlets)";

    private protected override bool HasFreeSlot => Free > 0;

    private protected override bool SpawnersWaiting => _spawners.HasWaiters;

    private protected override async GreenTask WaitForSlot()
    {
        var current = _hub.CurrentGreenlet;
        while (true)
        {
            bool handedASlot = await new SignalAwaitable(_hub, _spawners, this, long.MaxValue);
            if (handedASlot)
            {
                _handedOff--;
                if (current.Interruption is not null)
                    OfferFreeSlots(); // killed before it could take the slot: the next waiter gets it
                Hub.ThrowIfInterrupted(current);
                return;
            }
            Hub.ThrowIfInterrupted(current);
        }
    }

    private protected override void OnMemberLeft() => OfferFreeSlots();

    /// <summary>Hands free slots to waiting spawners, first come first served; what is left over wakes WaitAvailable.</summary>
    private void OfferFreeSlots()
    {
        while (Free > 0 && _spawners.WakeOne(_hub, this))
            _handedOff++;
        if (Free > 0)
            _available.WakeAll(_hub, this);
    }
}
