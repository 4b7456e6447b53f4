using System.ComponentModel;
using System.Diagnostics;
using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>
/// A counter of permits greenlets acquire and release (gevent.lock.Semaphore): <see cref="Acquire(bool, TimeSpan?)"/>
/// takes one, waiting while there is none; <see cref="Release"/> gives one back. Use it to bound how many greenlets do
/// something at once; <c>using (semaphore.EnterScope()) { ... }</c> releases on the way out.
/// </summary>
/// <remarks>
/// <para>Waiters are served in the order they started waiting. A release hands its permit straight to the first
/// waiter, so a greenlet that arrives before the woken one has run cannot take it; a waiter that timed out or was
/// killed takes no permit, and one that was handed a permit and killed before it ran passes it on.</para>
/// <para>Inside a <c>[Greenlet]</c> method every wait is a suspension point (other greenlets run meanwhile); from
/// ordinary code it runs the hub until it returns. A semaphore belongs to the hub of the thread that created it: used
/// from another thread, every member except <see cref="Count"/> and <see cref="Locked"/> throws
/// <see cref="InvalidOperationException"/>.</para>
/// </remarks>
public class GreenSemaphore
{
    private readonly Hub _hub = Hub.Current;
    private readonly WaiterQueue _waiters = new();
    private readonly int _bound;
    private int _count;

    // Permits handed to woken waiters that have not run yet: taken, for the bound, but not yet theirs.
    private int _handed;

    // What a deadlock report says a waiter waits on: this semaphore, or the GreenLock built on it.
    private object _waitingOn;

    /// <summary>Creates a semaphore with <paramref name="value"/> permits.</summary>
    /// <param name="value">How many acquires succeed before one has to wait; zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public GreenSemaphore(int value = 1)
        : this(value, int.MaxValue)
    {
    }

    private protected GreenSemaphore(int value, int bound)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value,
                "A semaphore's initial value must be zero or more: the number of Acquire calls that succeed before one has to wait.");
        }
        _count = value;
        _bound = bound;
        _waitingOn = this;
    }

    /// <summary>How many permits are free now: how many acquires would succeed without waiting (gevent's <c>counter</c>).</summary>
    public int Count => _count;

    /// <summary>Whether an acquire would have to wait: no permit is free (gevent's <c>locked()</c>).</summary>
    public bool Locked => _count == 0;

    internal Hub Hub => _hub;

    /// <summary>Reports waiters of this semaphore as waiting on <paramref name="owner"/> (the lock it implements).</summary>
    internal void ReportWaitersAs(object owner) => _waitingOn = owner;

    /// <summary>
    /// Takes a permit, waiting for one while there is none (unless <paramref name="blocking"/> is false) for up to
    /// <paramref name="timeout"/>. Returns whether it took one.
    /// </summary>
    /// <param name="blocking">False: never wait; return false at once if no permit is free (the timeout is ignored).</param>
    /// <param name="timeout">How long to wait; <see langword="null"/> (or <see cref="Timeout.InfiniteTimeSpan"/>) waits for ever.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">Called from another thread than the semaphore's hub, or from code the hub
    /// runs that cannot wait (a plain method called from a greenlet, a link callback).</exception>
    public bool Acquire(bool blocking = true, TimeSpan? timeout = null) =>
        Acquire(blocking, timeout, this is GreenBoundedSemaphore ? "GreenBoundedSemaphore.Acquire" : "GreenSemaphore.Acquire");

    /// <summary><see cref="Acquire(bool, TimeSpan?)"/>, naming the call <paramref name="what"/> if it is refused.</summary>
    internal bool Acquire(bool blocking, TimeSpan? timeout, string what)
    {
        _hub.CheckThread(this);
        CheckTimeout(timeout);
        if (TryTake())
            return true;
        if (!blocking)
            return false;
        _hub.EnsureCanBlock(what);
        return _hub.Block(AcquireTask(timeout));
    }

    private async GreenTask<bool> AcquireTask(TimeSpan? timeout) => await Acquire(default(GreenSuspend), true, timeout);

    /// <summary>The resumable twin of <see cref="Acquire(bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Awaitable Acquire(GreenSuspend suspend, bool blocking = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return AcquireOnHub(blocking, timeout);
    }

    /// <summary>The twin's acquire, for a caller that checked the thread (a <see cref="GreenLock"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Awaitable AcquireOnHub(bool blocking, TimeSpan? timeout)
    {
        CheckTimeout(timeout);
        if (TryTake())
            return new Awaitable(this, Awaitable.Acquired);
        return blocking ? new Awaitable(this, Hub.DeadlineAfter(timeout)) : new Awaitable(this, Awaitable.NotAcquired);
    }

    /// <summary>
    /// Acquires a permit (waiting for one, with no timeout) and returns a scope whose <see cref="Scope.Dispose"/> releases
    /// it: <c>using (semaphore.EnterScope()) { ... }</c> or <c>using var _ = semaphore.EnterScope();</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">As for <see cref="Acquire(bool, TimeSpan?)"/>.</exception>
    public Scope EnterScope()
    {
        Acquire();
        return new Scope(this);
    }

    /// <summary>The resumable twin of <see cref="EnterScope()"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ScopeAwaitable EnterScope(GreenSuspend suspend) => new(Acquire(suspend));

    /// <summary>
    /// Gives a permit back: to the first waiting greenlet if there is one (it runs next in turn), else to the count.
    /// </summary>
    /// <exception cref="SemaphoreFullException">A <see cref="GreenBoundedSemaphore"/> released more times than it was
    /// acquired (or a semaphore past <see cref="int.MaxValue"/> permits).</exception>
    /// <exception cref="InvalidOperationException">Called from another thread than the semaphore's hub.</exception>
    public void Release()
    {
        _hub.CheckThread(this);
        ReleaseOnHub();
    }

    /// <summary><see cref="Release"/> for a caller that checked the thread (a <see cref="GreenLock"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ReleaseOnHub()
    {
        if (_count + _handed >= _bound)
            throw Full();
        GiveBack();
    }

    private SemaphoreFullException Full() => new(_bound == int.MaxValue
        ? $"{this} cannot count more than {int.MaxValue} free permits."
        : $"{this} was released more times than it was acquired: it holds at most {_bound} permits, all of them free now. " +
          "Release once for each successful Acquire (a using scope from EnterScope does it for you).");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryTake()
    {
        // A free permit means nobody waits: a release hands its permit to the first waiter instead of counting it.
        if (_count == 0)
            return false;
        _count--;
        return true;
    }

    /// <summary>Hands a permit to the first live waiter (it is marked signalled), or counts it if none waits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void GiveBack()
    {
        if (_count == 0 && !_waiters.IsEmpty && _waiters.WakeOne(_hub, this))
        {
            _handed++;
            return;
        }
        _count++;
    }

    /// <summary>Ends a wait for a permit (after the greenlet resumed, or when it did not need to park): whether it got one.</summary>
    [StackTraceHidden]
    private bool EndWait()
    {
        var greenlet = _hub.CurrentGreenlet;
        bool handed = WaiterQueue.EndWait(greenlet);
        if (handed)
            _handed--;
        if (handed && greenlet.Interruption is not null)
        {
            // Handed a permit, then killed (or timed out by a scope) before it ran: the permit is not lost, it goes on.
            GiveBack();
            handed = false;
        }
        Hub.ThrowIfInterrupted(greenlet);
        return handed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t < TimeSpan.Zero && t != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "A timeout must be zero or positive (or null to wait for ever).");
    }

    /// <inheritdoc />
    public override string ToString()
    {
        int waiting = _hub.IsOwnerThread ? _waiters.LiveCount : 0;
        return waiting == 0 ? $"{GetType().Name} (count {_count})" : $"{GetType().Name} (count {_count}, {waiting} waiting)";
    }

    /// <summary>Holds a permit until disposed (from <see cref="EnterScope()"/>).</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly GreenSemaphore? _semaphore;

        internal Scope(GreenSemaphore semaphore) => _semaphore = semaphore;

        /// <summary>Releases the permit (<see cref="Release"/>).</summary>
        public void Dispose() => _semaphore?.Release();
    }

    /// <summary>A twin waiting for a permit.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Awaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        // Deadlines are Stopwatch timestamps (positive) or long.MaxValue; these two say no wait is needed.
        internal const long Acquired = -1;
        internal const long NotAcquired = -2;

        private readonly GreenSemaphore _semaphore;
        private readonly long _deadline;

        internal Awaitable(GreenSemaphore semaphore, long deadline)
        {
            _semaphore = semaphore;
            _deadline = deadline;
        }

        internal GreenSemaphore Semaphore => _semaphore;

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public Awaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for: acquired or refused already, interrupted, or past the deadline.</summary>
        public bool IsCompleted
        {
            [MethodImpl(HotPath.Options)]
            get => _deadline < 0
                || _semaphore._hub.CurrentGreenlet.Interruption is not null
                || Hub.DeadlinePassed(_deadline);
        }

        /// <summary>Returns whether the permit was acquired (false: not blocking, or timed out).</summary>
        [StackTraceHidden]
        [MethodImpl(HotPath.Options)]
        public bool GetResult() => _deadline switch
        {
            Acquired => true,
            NotAcquired => false,
            _ => _semaphore.EndWait(),
        };

        void IGreenAwaiter.OnCompleted(IResumable continuation) => Register(continuation);

        internal void Register(IResumable continuation)
        {
            var semaphore = _semaphore;
            semaphore._waiters.Park(semaphore._hub, continuation, semaphore._waitingOn, _deadline);
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) =>
            ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
    }

    /// <summary>A twin waiting for a permit, then holding it in a <see cref="Scope"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct ScopeAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly Awaitable _acquire;

        internal ScopeAwaitable(Awaitable acquire) => _acquire = acquire;

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public ScopeAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for.</summary>
        public bool IsCompleted => _acquire.IsCompleted;

        /// <summary>Returns the scope holding the permit.</summary>
        [StackTraceHidden]
        public Scope GetResult()
        {
            // No timeout and blocking: the wait ends with a permit or throws the interruption that ended it.
            _acquire.GetResult();
            return new Scope(_acquire.Semaphore);
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation) => _acquire.Register(continuation);

        internal void Register(IResumable continuation) => _acquire.Register(continuation);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _acquire.Register(new ActionResumable(continuation));
    }
}
