using System.Collections;
using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>
/// Enumerates a <see cref="GreenEnumerable{T}"/>: <see cref="MoveNext()"/> waits for the next item the way every
/// GreenRuntime wait does — inside a <c>[Greenlet]</c> method the <c>foreach</c> parks the greenlet (the generator
/// rewrites it to await <see cref="MoveNext(GreenSuspend)"/>), from ordinary code it runs the hub until the item is
/// there.
/// </summary>
/// <typeparam name="T">The items.</typeparam>
/// <remarks>
/// <para>
/// <b>Writing one</b> (a producer such as <c>IMap</c> or <c>IWait</c>): derive from this class and implement
/// </para>
/// <list type="bullet">
/// <item><see cref="TryTakeNext"/>: hand out the next item if it is there now (never waiting: it runs as a plain call
/// inside the waiting greenlet or the hub);</item>
/// <item><see cref="IsFinished"/>: whether no item will ever come again (asked when <see cref="TryTakeNext"/> had none);</item>
/// <item>and call <see cref="Wake"/> whenever either answer may have changed (an item arrived, the sequence
/// ended): it wakes the greenlet waiting in <see cref="MoveNext()"/>, which asks again. Waking when nothing changed
/// is harmless (the waiter asks and parks again); forgetting to wake leaves it parked.</item>
/// </list>
/// <para>
/// Optionally override <see cref="OnDispose"/> to clean up when the enumeration ends early or late (unlink callbacks,
/// kill or release greenlets: a <c>break</c>, an exception or a kill in the loop body disposes the enumerator), and
/// <see cref="OnTimeout"/> for a sequence with a deadline (the constructor's <c>timeout</c>): by default the sequence
/// just ends there, like gevent's <c>iwait</c>; throw from it to fail instead, like <c>as_completed</c>.
/// </para>
/// <para>
/// The enumerator waits with no allocation: a parked <c>foreach</c> costs nothing per item beyond what the producer
/// itself keeps. Everything runs on the hub's thread (the one that created the enumerator); <see cref="MoveNext()"/>,
/// <see cref="Wake"/> and <see cref="Dispose"/> from another thread throw <see cref="InvalidOperationException"/>.
/// A producer fed from another thread (a thread-pool future) posts its <see cref="Wake"/> to the hub (<see cref="Hub.Post"/>).
/// One greenlet waits in <see cref="MoveNext()"/> at a time. A wait interrupted by a kill or a timeout scope loses no
/// item: one already taken is returned by the next <see cref="MoveNext()"/>.
/// </para>
/// </remarks>
public abstract class GreenEnumerator<T> : IEnumerator<T>, IMoveNextWait, IResumable
{
    private const byte Undecided = 0, HasItem = 1, Ended = 2;

    private readonly Hub _hub;
    private readonly long _deadline;
    private T _current = default!;

    // What the next MoveNext returns once decided: an item taken from the producer (kept across an interrupted wait,
    // so a kill or timeout scope loses nothing) or the end.
    private T _next = default!;
    private byte _decision;
    private bool _ended;
    private bool _disposed;
    private ExceptionDispatchInfo? _error;

    // The greenlet parked in MoveNext (its place in the waiter queue, and a name for the refusal of a second one) and
    // the twin to continue once there is something to return.
    private readonly WaiterQueue _waiters = new();
    private Greenlet? _waiter;
    private IResumable? _continuation;

    /// <summary>Creates an enumerator on the current thread's hub.</summary>
    /// <param name="timeout">
    /// How long the whole enumeration may wait, from now; <see langword="null"/> for ever. When it has passed and no item
    /// is there, <see cref="OnTimeout"/> decides: the sequence ends, or the exception it throws is thrown from
    /// <see cref="MoveNext()"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    protected GreenEnumerator(TimeSpan? timeout = null)
    {
        _hub = Hub.Current;
        _deadline = Hub.DeadlineAfter(timeout);
    }

    /// <summary>The item the last <see cref="MoveNext()"/> that returned true moved to.</summary>
    public T Current => _current;

    object? IEnumerator.Current => _current;

    /// <summary>
    /// Hands out the next item if the producer has it now; never waits. Return false when there is none yet or none
    /// any more (<see cref="IsFinished"/> tells which). An exception thrown here is thrown from <see cref="MoveNext()"/>
    /// (a mapped function that failed, say).
    /// </summary>
    /// <param name="item">The item, when returning true.</param>
    protected abstract bool TryTakeNext([MaybeNullWhen(false)] out T item);

    /// <summary>
    /// Whether no item will ever come again; asked only after <see cref="TryTakeNext"/> returned false, so a finished
    /// producer still hands out what it holds first.
    /// </summary>
    protected abstract bool IsFinished { get; }

    /// <summary>
    /// Wakes the greenlet waiting in <see cref="MoveNext()"/>, if any, to ask <see cref="TryTakeNext"/> and
    /// <see cref="IsFinished"/> again: call it whenever an item arrives or the sequence ends. Does nothing when no one waits.
    /// </summary>
    protected void Wake()
    {
        _hub.CheckThread(this);
        _waiters.WakeOne(_hub, this);
    }

    /// <summary>
    /// Called once, by the first <see cref="Dispose"/>: release what the enumeration holds (unlink callbacks, kill or
    /// keep greenlets — the producer's policy). Runs in the loop's <c>finally</c>, also when the body threw or its
    /// greenlet is being killed. Like <see cref="TryTakeNext"/> it must not wait: <see cref="Dispose"/> is a plain call
    /// even in a greenlet, where a wait would be refused — kill with <c>block: false</c>.
    /// </summary>
    protected virtual void OnDispose()
    {
    }

    /// <summary>
    /// Called when the constructor's timeout has passed and no item is there. Return to end the sequence
    /// (<see cref="MoveNext()"/> returns false, gevent's <c>iwait</c>); throw to fail the wait with that exception
    /// (<c>as_completed</c>'s <see cref="TimeoutException"/>). Either way later calls of <see cref="MoveNext()"/> return false.
    /// </summary>
    protected virtual void OnTimeout()
    {
    }

    /// <summary>
    /// Moves to the next item, waiting for it if it is not there yet: from ordinary code this runs the hub (other
    /// greenlets progress meanwhile); inside a <c>[Greenlet]</c> method the <c>foreach</c> suspends instead. Returns
    /// false at the end of the sequence.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// Called from another thread than the hub's; or from code the hub is running that is not a <c>[Greenlet]</c>
    /// method (a <c>foreach</c> over an <c>IEnumerable&lt;T&gt;</c> or a LINQ operator inside a greenlet) when it
    /// would have to wait; or while another greenlet waits in it.
    /// </exception>
    public bool MoveNext()
    {
        _hub.CheckThread(this);
        if (Decide())
            return Take();
        _hub.EnsureCanBlock($"Waiting for the next item of {this} (its MoveNext; a foreach suspends only over the sequence's own type, not through IEnumerable<T> or LINQ)");
        ThrowIfWaitedOn();
        return _hub.Block(MoveNextTask());
    }

    private async GreenTask<bool> MoveNextTask() => await MoveNext(default(GreenSuspend));

    /// <summary>The resumable twin of <see cref="MoveNext()"/>, used by generated code: <c>foreach</c> awaits it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public MoveNextAwaitable MoveNext(GreenSuspend suspend)
    {
        _hub.CheckThread(this);
        ThrowIfWaitedOn();
        return new MoveNextAwaitable(this);
    }

    /// <summary>Ends the enumeration: the producer cleans up (<see cref="OnDispose"/>); later <see cref="MoveNext()"/> calls return false.</summary>
    public void Dispose()
    {
        _hub.CheckThread(this);
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            OnDispose();
        }
        finally
        {
            // Disposed from another greenlet while one waits in MoveNext: that wait ends (with false).
            Wake();
        }
    }

    /// <summary>Not supported: a producer's sequence cannot be rewound; enumerate it again with a new enumerator.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void Reset() => throw new NotSupportedException($"{this} cannot be reset: start a new enumeration (GetEnumerator) instead.");

    /// <summary>The enumerator's type name: what a deadlock report says a greenlet waits on. Producers override it.</summary>
    public override string ToString()
    {
        string name = GetType().Name;
        int tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }

    private void ThrowIfWaitedOn()
    {
        if (_waiters.HasWaiters && _waiter is { } waiter)
        {
            throw new InvalidOperationException(
                $"Greenlet '{waiter.Name}' is already waiting for the next item of {this}: an enumerator serves one loop at a time.");
        }
    }

    /// <summary>Whether the next MoveNext's answer is known now (an item, or the end); asks the producer if not.</summary>
    [MethodImpl(HotPath.Options)]
    private bool Decide()
    {
        if (_decision != Undecided)
            return true;
        if (_ended || _disposed)
        {
            _decision = Ended;
            return true;
        }
        if (TryTakeNext(out var item))
        {
            _next = item;
            _decision = HasItem;
            return true;
        }
        if (IsFinished)
        {
            _decision = Ended;
            return true;
        }
        return false;
    }

    /// <summary>Returns the decided answer and forgets it.</summary>
    private bool Take()
    {
        bool hasItem = _decision == HasItem;
        _decision = Undecided;
        if (hasItem)
        {
            _current = _next;
            _next = default!;
            return true;
        }
        _ended = true;
        _current = default!;
        return false;
    }

    bool IMoveNextWait.IsCompleted
    {
        [MethodImpl(HotPath.Options)]
        get => Decide() || _hub.CurrentGreenlet.Interruption is not null || Hub.DeadlinePassed(_deadline);
    }

    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    bool IMoveNextWait.GetResult()
    {
        var greenlet = _hub.CurrentGreenlet;
        _waiter = null;
        _continuation = null;
        WaiterQueue.EndWait(greenlet);
        if (_error is { } error)
        {
            _error = null;
            error.Throw();
        }
        // A kill or timeout scope wins; an item already taken stays decided for the next MoveNext.
        Hub.ThrowIfInterrupted(greenlet);
        if (Decide())
            return Take();
        // Nothing decided and not interrupted: the deadline passed.
        _ended = true;
        _current = default!;
        OnTimeout();
        return false;
    }

    [MethodImpl(HotPath.Options)]
    void IMoveNextWait.Register(IResumable continuation)
    {
        _waiter = _hub.CurrentGreenlet;
        _continuation = continuation;
        _waiters.Park(_hub, this, this, _deadline);
    }

    // The parked greenlet's resumption: woken by Wake, a kill, a timeout scope or the deadline, it asks the producer
    // before it resumes the twin, and parks again if the wake-up brought nothing. So a wait costs no allocation and a
    // spurious wake-up (an item another loop took, a Wake with nothing new) never reaches the loop.
    [MethodImpl(HotPath.Options)]
    void IResumable.Resume()
    {
        var waiter = _waiter!;
        WaiterQueue.EndWait(waiter);
        bool resume = waiter.Interruption is not null || (waiter.Flags & Greenlet.FlagTimedOut) != 0;
        if (!resume)
        {
            try
            {
                resume = Decide();
            }
            catch (Exception exception)
            {
                _error = ExceptionDispatchInfo.Capture(exception);
                resume = true;
            }
        }
        if (!resume)
        {
            _waiters.Park(_hub, this, this, _deadline);
            return;
        }
        var continuation = _continuation!;
        _continuation = null;
        continuation.Resume();
    }
}
