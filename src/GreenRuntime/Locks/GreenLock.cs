using System.ComponentModel;
using System.Diagnostics;
using GreenRuntime.CompilerServices;

namespace GreenRuntime;

/// <summary>
/// A mutex owned by one greenlet at a time (gevent.lock.RLock; with <c>reentrant: false</c>, a lock its owner cannot
/// take twice). Use it to keep a multi-step update of shared state whole across suspension points:
/// <c>using (myLock.EnterScope()) { ... }</c> — inside a <c>[Greenlet]</c> method other greenlets run while one waits,
/// and none of them enters until the owner leaves the scope.
/// </summary>
/// <remarks>
/// <para>Greenlets of one hub never run at the same time, so state touched between two suspension points needs no
/// lock; a <see cref="GreenLock"/> is for state that must stay consistent while its owner is suspended (a read, a
/// <c>Socket.Receive</c> or <c>Green.Sleep</c>, then the write). C#'s <c>lock</c> statement cannot be used for that:
/// a greenlet cannot suspend inside it.</para>
/// <para>The owner is the greenlet that acquired it; ordinary code (outside any greenlet) is the hub's main greenlet,
/// one owner like any other. Only the owner may release it. Waiters are served in the order they started waiting, and
/// the lock passes straight to the first one, so a greenlet arriving before that waiter has run cannot take it; a
/// waiter that timed out or was killed takes nothing, and one handed the lock and killed before it ran passes it
/// on. A lock belongs to the hub of the thread that created it: used from another thread, every member except
/// <see cref="Locked"/> and <see cref="Reentrant"/> throws <see cref="InvalidOperationException"/>.</para>
/// </remarks>
public sealed class GreenLock
{
    // The lock is a semaphore of one permit (as gevent's RLock is) plus its owner.
    private readonly GreenSemaphore _permit = new(1);
    private readonly Hub _hub;
    private readonly bool _reentrant;
    private Greenlet? _owner;
    private int _depth;

    /// <summary>Creates a lock that is not held.</summary>
    /// <param name="reentrant">Whether the owner may acquire it again (each acquire then needs its own release);
    /// false: a second acquire by the owner is refused.</param>
    public GreenLock(bool reentrant = false)
    {
        _reentrant = reentrant;
        _hub = _permit.Hub;
        _permit.ReportWaitersAs(this);
    }

    /// <summary>Whether the owner may acquire the lock again (counted: it is free after as many releases).</summary>
    public bool Reentrant => _reentrant;

    /// <summary>Whether the lock is held (or handed to a waiter that has not run yet): an acquire by another greenlet would wait.</summary>
    public bool Locked => _permit.Locked;

    /// <summary>Whether the running greenlet (or ordinary code, outside greenlets) holds the lock.</summary>
    public bool IsHeldByCurrentGreenlet
    {
        get
        {
            var hub = _hub;
            hub.CheckThread(this);
            return _owner is not null && _owner == hub.CurrentGreenlet;
        }
    }

    /// <summary>
    /// Acquires the lock, waiting while another greenlet holds it (unless <paramref name="blocking"/> is false) for up
    /// to <paramref name="timeout"/>. Returns whether it was acquired.
    /// </summary>
    /// <param name="blocking">False: never wait; return false at once if another greenlet holds it (the timeout is ignored).</param>
    /// <param name="timeout">How long to wait; <see langword="null"/> (or <see cref="Timeout.InfiniteTimeSpan"/>) waits for ever.</param>
    /// <exception cref="LockRecursionException">A lock that is not <see cref="Reentrant"/> acquired again by its owner,
    /// with no timeout: it would wait for ever, since only the owner can release it. (Not blocking, or with a timeout,
    /// that returns false.)</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">Called from another thread than the lock's hub, or from code the hub runs
    /// that cannot wait (a plain method called from a greenlet, a link callback).</exception>
    public bool Acquire(bool blocking = true, TimeSpan? timeout = null)
    {
        var hub = _hub;
        hub.CheckThread(this);
        var current = hub.CurrentGreenlet;
        if (_owner == current && Reenter(blocking, timeout))
            return true;
        if (!_permit.Acquire(blocking, timeout, "GreenLock.Acquire"))
            return false;
        _owner = current;
        _depth = 1;
        return true;
    }

    /// <summary>The resumable twin of <see cref="Acquire(bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Awaitable Acquire(GreenSuspend suspend, bool blocking = true, TimeSpan? timeout = null)
    {
        var hub = _hub;
        hub.CheckThread(this);
        if (_owner == hub.CurrentGreenlet && Reenter(blocking, timeout))
            return new Awaitable(this, new GreenSemaphore.Awaitable(_permit, GreenSemaphore.Awaitable.Acquired));
        return new Awaitable(this, _permit.AcquireOnHub(blocking, timeout));
    }

    /// <summary>
    /// Acquires the lock (waiting for it, with no timeout) and returns a scope whose <see cref="Scope.Dispose"/> releases
    /// it: <c>using (myLock.EnterScope()) { ... }</c> or <c>using var _ = myLock.EnterScope();</c>.
    /// </summary>
    /// <exception cref="LockRecursionException">A lock that is not <see cref="Reentrant"/> entered again by its owner.</exception>
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
    /// Releases the lock (for a <see cref="Reentrant"/> lock, one acquire's worth): when it is free, the first waiting
    /// greenlet gets it and runs next in turn.
    /// </summary>
    /// <exception cref="SynchronizationLockException">The running greenlet does not hold the lock (another one does, or
    /// nobody).</exception>
    /// <exception cref="InvalidOperationException">Called from another thread than the lock's hub.</exception>
    public void Release()
    {
        var hub = _hub;
        hub.CheckThread(this);
        var current = hub.CurrentGreenlet;
        if (_owner != current)
            throw NotOwner(current);
        if (--_depth > 0)
            return;
        _owner = null;
        _permit.ReleaseOnHub();
    }

    /// <summary>The owner acquires again: counted if reentrant; otherwise false (the caller then waits and times out, or refuses).</summary>
    private bool Reenter(bool blocking, TimeSpan? timeout)
    {
        if (_reentrant)
        {
            _depth++;
            return true;
        }
        if (blocking && (timeout is null || timeout == Timeout.InfiniteTimeSpan))
        {
            throw new LockRecursionException(
                $"{this} is already held by this greenlet and is not reentrant: acquiring it again would wait for ever, " +
                "since only its owner can release it. Create it with new GreenLock(reentrant: true) to let the owner acquire it again.");
        }
        return false;
    }

    private SynchronizationLockException NotOwner(Greenlet current) => new(_owner is null
        ? $"GreenLock.Release: the lock is not held (released more times than acquired?). Release it once for each " +
          "successful Acquire, from the greenlet that acquired it (a using scope from EnterScope does both)."
        : $"GreenLock.Release: the lock is held by {Describe(_owner)}, not by {Describe(current)}, the caller. " +
          "Only the greenlet that acquired a lock can release it.");

    private static string Describe(Greenlet greenlet) =>
        greenlet.Hub.IsCallbackContext(greenlet) ? "a link callback or posted action (they run on the hub, outside greenlets)"
        : greenlet.IsRoot ? "ordinary code (the main greenlet)"
        : $"greenlet '{greenlet.Name}'";

    /// <inheritdoc />
    public override string ToString() => _owner is { } owner && _hub.IsOwnerThread
        ? $"GreenLock (held by {Describe(owner)})"
        : _permit.Locked ? "GreenLock (held)" : "GreenLock (not held)";

    /// <summary>Holds the lock until disposed (from <see cref="EnterScope()"/>).</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly GreenLock? _lock;

        internal Scope(GreenLock greenLock) => _lock = greenLock;

        /// <summary>Releases the lock (<see cref="Release"/>).</summary>
        public void Dispose() => _lock?.Release();
    }

    /// <summary>A twin waiting for the lock.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Awaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenLock _lock;
        private readonly GreenSemaphore.Awaitable _permit;

        internal Awaitable(GreenLock greenLock, GreenSemaphore.Awaitable permit)
        {
            _lock = greenLock;
            _permit = permit;
        }

        internal GreenLock Lock => _lock;

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public Awaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for.</summary>
        public bool IsCompleted
        {
            [MethodImpl(HotPath.Options)]
            get => _permit.IsCompleted;
        }

        /// <summary>Returns whether the lock was acquired (false: not blocking, or timed out).</summary>
        [StackTraceHidden]
        [MethodImpl(HotPath.Options)]
        public bool GetResult()
        {
            if (!_permit.GetResult())
                return false;
            var greenLock = _lock;
            var current = greenLock._hub.CurrentGreenlet;
            // A reentrant acquire by the owner was counted already; anything else just took the permit.
            if (greenLock._owner != current)
            {
                greenLock._owner = current;
                greenLock._depth = 1;
            }
            return true;
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation) => _permit.Register(continuation);

        internal void Register(IResumable continuation) => _permit.Register(continuation);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _permit.Register(new ActionResumable(continuation));
    }

    /// <summary>A twin waiting for the lock, then holding it in a <see cref="Scope"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct ScopeAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly Awaitable _acquire;

        internal ScopeAwaitable(Awaitable acquire) => _acquire = acquire;

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public ScopeAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for.</summary>
        public bool IsCompleted => _acquire.IsCompleted;

        /// <summary>Returns the scope holding the lock.</summary>
        [StackTraceHidden]
        public Scope GetResult()
        {
            // No timeout and blocking: the wait ends with the lock or throws the interruption that ended it.
            _acquire.GetResult();
            return new Scope(_acquire.Lock);
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation) => _acquire.Register(continuation);

        internal void Register(IResumable continuation) => _acquire.Register(continuation);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _acquire.Register(new ActionResumable(continuation));
    }
}
