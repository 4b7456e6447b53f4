using System.Diagnostics;
using System.ComponentModel;
using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Greenlets;
using GreenRuntime.Hubs;
using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>
/// A green thread: a function scheduled cooperatively on its thread's <see cref="Hub"/>, gevent's <c>Greenlet</c>.
/// </summary>
/// <remarks>
/// Create one with <see cref="Green.Spawn(Action)"/>. Every member except awaiting (<see cref="GetAwaiter"/>)
/// must be used from the thread that owns the hub; from another thread it throws
/// <see cref="InvalidOperationException"/>.
/// </remarks>
public class Greenlet : IResumable, IWaitable
{
    internal const int FlagStarted = 1;
    internal const int FlagDead = 2;
    internal const int FlagParked = 4;
    internal const int FlagHasTimer = 8;
    internal const int FlagTimedOut = 16;
    internal const int FlagRoot = 32;
    internal const int FlagFailed = 64;
    internal const int FlagDelayed = 128;
    internal const int RootFlags = FlagStarted | FlagRoot;

    internal readonly Hub Hub;
    internal int Flags;
    internal int WaitGeneration;
    internal int Slot = -1;
    private readonly int _id;

    /// <summary>Where to continue when woken: the suspended state machine at the leaf wait.</summary>
    /// <remarks>Before the greenlet starts, the same slot holds its body (one field instead of two).</remarks>
    internal object? Resumption;

    /// <summary>What a parked greenlet waits on: the wake token, and the text of a deadlock report.</summary>
    internal object? WaitingOn;

    // Custom names are rare; keeping them off the object keeps a parked greenlet small.
    private static readonly ConditionalWeakTable<Greenlet, string> s_names = [];

    // Joiners, links and async awaiters: null, a lone observer (a group's or pool's membership: most greenlets that have
    // one have only that), or the queue, made when a second one comes or a greenlet parks to join (most are never joined).
    private object? _waiters;

    // What the greenlet runs (its body as spawned), kept for ToString: the start slot is reused once it runs.
    private readonly object? _function;

    // While alive: a pending interruption. Once dead: the exception it failed with. Both are rare, so
    // they live off the object, and FlagHasException says whether there is one (a flag test on the hot path).
    private static readonly ConditionalWeakTable<Greenlet, Exception> s_exceptions = [];
    internal const int FlagHasException = 256;
    internal const int FlagHadLaterInterruptions = 512;
    /// <summary>Woken by a <see cref="Waiting.WaiterQueue"/> (not by its deadline or a kill); cleared when it parks again.</summary>
    internal const int FlagSignaled = 1024;
    /// <summary>Has <see cref="GreenLocal{T}"/> values (kept off the object, in <see cref="Locals.LocalSlots"/>).</summary>
    internal const int FlagHasLocals = 2048;

    private Exception? _exception
    {
        get => (Flags & FlagHasException) != 0 && s_exceptions.TryGetValue(this, out var e) ? e : null;
        set
        {
            if (value is null)
            {
                if ((Flags & FlagHasException) != 0)
                {
                    s_exceptions.Remove(this);
                    Flags &= ~FlagHasException;
                }
            }
            else
            {
                s_exceptions.AddOrUpdate(this, value);
                Flags |= FlagHasException;
            }
        }
    }

    internal Greenlet(Hub hub, int flags)
    {
        Hub = hub;
        Flags = flags;
    }

    internal Greenlet(Hub hub, object start)
    {
        Hub = hub;
        Resumption = start;
        _function = start;
        _id = hub.NextId();
        hub.Register(this);
    }

    /// <summary>A name for logs and deadlock reports; defaults to <c>Greenlet-N</c> in spawn order.</summary>
    public string Name
    {
        get => s_names.TryGetValue(this, out var name) ? name : IsRoot ? "main" : $"Greenlet-{_id}";
        set => s_names.AddOrUpdate(this, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The next exception to throw at the current or next suspension point (kill, timeout).</summary>
    internal Exception? Interruption
    {
        [MethodImpl(HotPath.Options)]
        get => (Flags & FlagDead) == 0 ? _exception : null;
    }

    // A second interruption while one is pending (a kill landing on a fired timeout) waits its turn here.
    private static readonly ConditionalWeakTable<Greenlet, Queue<Exception>> s_laterInterruptions = [];

    internal void AddInterruption(Exception exception)
    {
        if (_exception is null)
            _exception = exception;
        else if (!ReferenceEquals(_exception, exception))
        {
            Flags |= FlagHadLaterInterruptions;
            s_laterInterruptions.GetOrCreateValue(this).Enqueue(exception);
        }
    }

    /// <summary>Takes the pending interruption; the next one queued (if any) becomes pending.</summary>
    [MethodImpl(HotPath.Options)]
    internal Exception? TakeInterruption()
    {
        var taken = Interruption;
        if (taken is null)
            return null;
        _exception = null;
        if (s_laterInterruptions.TryGetValue(this, out var later))
        {
            _exception = later.Dequeue();
            if (later.Count == 0)
                s_laterInterruptions.Remove(this);
        }
        return taken;
    }

    /// <summary>Drops a pending interruption that no longer applies (its timeout scope was disposed).</summary>
    internal void RemoveInterruption(Exception exception)
    {
        if (ReferenceEquals(Interruption, exception))
        {
            TakeInterruption();
        }
        else if (s_laterInterruptions.TryGetValue(this, out var later) && later.Contains(exception))
        {
            var kept = later.Where(e => !ReferenceEquals(e, exception)).ToArray();
            later.Clear();
            foreach (var e in kept)
                later.Enqueue(e);
        }
    }

    internal void ClearInterruptions()
    {
        if ((Flags & FlagDead) == 0)
            _exception = null;
        // The table is touched only by greenlets that ever queued a second interruption: a lookup here costs
        // a lock and an object-header hash code, ~5% of a spawn+join.
        if ((Flags & FlagHadLaterInterruptions) != 0)
            s_laterInterruptions.Remove(this);
    }

    /// <summary>Whether the greenlet's body has begun running.</summary>
    public bool Started => (Flags & FlagStarted) != 0;

    /// <summary>Whether the greenlet has finished: returned, failed, or was killed (even before it started).</summary>
    public bool Dead => (Volatile.Read(ref Flags) & FlagDead) != 0;

    /// <summary>Whether a result or an exception is available; the same as <see cref="Dead"/>.</summary>
    public bool Ready => Dead;

    /// <summary>Whether the greenlet finished without an exception; a kill with <see cref="GreenletExit"/> counts as success.</summary>
    public bool Successful => (Flags & (FlagDead | FlagFailed)) == FlagDead;

    /// <summary>The exception the greenlet died with, or <see langword="null"/> (also after a <see cref="GreenletExit"/> kill).</summary>
    public Exception? Exception => Dead ? _exception : null;

    internal bool IsRoot => (Flags & FlagRoot) != 0;

    /// <summary>
    /// Waits until the greenlet finishes, running the hub meanwhile. Returns <see langword="false"/> if
    /// <paramref name="timeout"/> passed first. Never throws the greenlet's exception.
    /// </summary>
    public bool Join(TimeSpan? timeout = null)
    {
        Hub.CheckThread(this);
        if (Dead)
            return true;
        Hub.EnsureCanBlock("Greenlet.Join");
        return Hub.Block(JoinTask(timeout));
    }

    private async GreenTask<bool> JoinTask(TimeSpan? timeout) => await Join(default(GreenSuspend), timeout);

    /// <summary>The resumable twin of <see cref="Join(TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public JoinAwaitable Join(GreenSuspend suspend, TimeSpan? timeout = null)
    {
        Hub.CheckThread(this);
        if (!Dead && Hub.CurrentGreenlet == this)
            throw new InvalidOperationException($"Greenlet '{Name}' cannot join itself: it would wait forever.");
        return new JoinAwaitable(this, Hub.DeadlineAfter(timeout));
    }

    /// <summary>
    /// Returns the greenlet's value, waiting for it if <paramref name="block"/> is true; rethrows the
    /// greenlet's exception with its original stack trace. Throws <see cref="GreenTimeoutException"/> if the
    /// greenlet is not finished in time (at once when <paramref name="block"/> is false).
    /// </summary>
    public object? Get(bool block = true, TimeSpan? timeout = null)
    {
        WaitForGet(block, timeout);
        return BoxedValue;
    }

    /// <summary>The resumable twin of <see cref="Get(bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<object?> Get(GreenSuspend suspend, bool block = true, TimeSpan? timeout = null)
    {
        await WaitForGet(suspend, block, timeout);
        return BoxedValue;
    }

    [StackTraceHidden]
    internal void WaitForGet(bool block, TimeSpan? timeout)
    {
        Hub.CheckThread(this);
        if (!Dead && block)
            Join(timeout);
        ThrowIfNotReadyOrFailed(block, timeout);
    }

    [StackTraceHidden]
    internal async GreenTask WaitForGet(GreenSuspend suspend, bool block, TimeSpan? timeout)
    {
        if (!Dead && block)
            await Join(suspend, timeout);
        ThrowIfNotReadyOrFailed(block, timeout);
    }

    [StackTraceHidden]
    private void ThrowIfNotReadyOrFailed(bool block, TimeSpan? timeout)
    {
        if (!Dead)
        {
            throw new GreenTimeoutException(block
                ? $"Greenlet '{Name}' did not finish within {timeout}."
                : $"Greenlet '{Name}' has not finished (Get was called with block: false).");
        }
        if (_exception is not null)
            ExceptionDispatchInfo.Throw(_exception);
    }

    private protected virtual object? BoxedValue => null;

    /// <summary>
    /// Throws <see cref="GreenletExit"/> (or <paramref name="exception"/>) into the greenlet at its current
    /// or next suspension point, so its <c>finally</c> blocks run. A greenlet killed before it started never
    /// runs. With <paramref name="block"/>, waits up to <paramref name="timeout"/> for it to die.
    /// </summary>
    public void Kill(Exception? exception = null, bool block = true, TimeSpan? timeout = null)
    {
        Hub.CheckThread(this);
        // Refuse before killing, not after: a kill that cannot then be waited for would be half done.
        if (block && Started && !Dead && Hub.CurrentGreenlet != this)
            Hub.EnsureCanBlock("Greenlet.Kill");
        if (!BeginKill(exception ?? new GreenletExit()))
            return;
        if (block)
            Join(timeout);
    }

    /// <summary>The resumable twin of <see cref="Kill(Exception?, bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask Kill(GreenSuspend suspend, Exception? exception = null, bool block = true, TimeSpan? timeout = null)
    {
        Hub.CheckThread(this);
        if (!BeginKill(exception ?? new GreenletExit()))
            return;
        if (block)
            await Join(suspend, timeout);
    }

    internal bool BeginKillChecked(Exception exception)
    {
        Hub.CheckThread(this);
        return BeginKill(exception);
    }

    /// <summary>Returns whether there is anything to wait for.</summary>
    internal bool BeginKill(Exception exception)
    {
        if (Dead)
            return false;
        if ((Flags & FlagStarted) == 0)
        {
            if ((Flags & FlagDelayed) != 0)
            {
                Flags &= ~FlagDelayed;
                Hub.CancelTimer();
            }
            Resumption = null;
            Finish(exception);
            return false;
        }
        if (Hub.CurrentGreenlet == this)
            throw exception;
        Hub.Interrupt(this, exception);
        return true;
    }

    /// <summary>
    /// Calls <paramref name="callback"/> on the hub once the greenlet finishes, however it finishes; at once
    /// (on the next loop turn) if it already has.
    /// </summary>
    public void Link(Action<Greenlet> callback) => AddLink(callback, LinkKind.Any);

    /// <summary>Like <see cref="Link"/>, but only if the greenlet finishes successfully.</summary>
    public void LinkValue(Action<Greenlet> callback) => AddLink(callback, LinkKind.Value);

    /// <summary>Like <see cref="Link"/>, but only if the greenlet dies with an exception.</summary>
    public void LinkException(Action<Greenlet> callback) => AddLink(callback, LinkKind.Exception);

    /// <summary>
    /// Removes every link registered with <paramref name="callback"/>; one already due to run (the greenlet just died)
    /// does not run.
    /// </summary>
    public void Unlink(Action<Greenlet> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Hub.CheckThread(this);
        if (_waiters is WaiterQueue queue)
            queue.RemoveAll(o => o is LinkCallback link && link.Callback == callback);
        else if (_waiters is LinkCallback lone && lone.Callback == callback)
            _waiters = null;
    }

    private void AddLink(Action<Greenlet> callback, LinkKind kind)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Hub.CheckThread(this);
        var link = new LinkCallback(this, callback, kind);
        if (Dead)
            link.OnFinished(this);
        else
            AddObserver(link);
    }

    /// <summary>Lets <c>await greenlet</c> work from async code on any thread; the result is <see cref="Get(bool, TimeSpan?)"/>'s.</summary>
    /// <remarks>
    /// On another thread the continuation runs on the thread pool (or the awaiting code's SynchronizationContext) once
    /// the greenlet's hub, running on its own thread, has finished it. On the hub's own thread outside any greenlet
    /// (<c>async Task Main</c>) nothing else would run the hub, so the await runs it, as <see cref="Join(TimeSpan?)"/>
    /// does, and continues on that thread; it throws <see cref="LoopExitException"/> if the greenlet can never finish.
    /// </remarks>
    public Awaiter GetAwaiter() => new(this);

    /// <summary>
    /// Names the greenlet, its state and what it runs, as gevent's repr does:
    /// <c>&lt;Greenlet "Greenlet-3" (running): Diner.Eat("egon")&gt;</c>.
    /// </summary>
    public override string ToString() => _function is null
        ? $"<Greenlet \"{Name}\" ({State})>"
        : $"<Greenlet \"{Name}\" ({State}): {GreenletFunction.Describe(_function)}>";

    private string State => Dead ? (Successful ? "finished" : "failed") : Started ? "running" : "not started";

    // ---- running ---------------------------------------------------------------------------

    internal void Start()
    {
        Flags |= FlagStarted;
        var start = Resumption!;
        Resumption = null;
        GreenTaskSource? pending;
        try
        {
            pending = RunBody(start);
        }
        catch (Exception exception)
        {
            Finish(exception);
            return;
        }
        if (pending is null)
        {
            Finish(null);
        }
        else if (pending.IsCompleted)
        {
            Complete(pending);
        }
        else
        {
            // Not stored: the source hands itself back on completion (BodyCompleted).
            pending.SetContinuation(this);
        }
    }

    /// <summary>Runs the body up to its first suspension; null means it finished and stored its result.</summary>
    private protected virtual GreenTaskSource? RunBody(object start)
    {
        switch (start)
        {
            case GreenletBody body:
                return body.Start(this);
            case Func<GreenTask> twin:
                return twin().Source;
            case Action action:
                return RunCapturing(action);
            default:
                throw new InvalidOperationException($"Unknown greenlet body {start.GetType()}.");
        }
    }

    /// <summary>Runs a plain delegate; if it is <c>() =&gt; M(args)</c> for a [Greenlet] M, takes over M's twin.</summary>
    private protected GreenTaskSource? RunCapturing(Action action)
    {
        var hub = Hub;
        hub.CaptureTarget = this;
        try
        {
            action();
        }
        finally
        {
            hub.CaptureTarget = null;
        }
        var captured = hub.Captured;
        hub.Captured = null;
        return captured;
    }

    /// <summary>Never called: a source completes a greenlet through <see cref="BodyCompleted"/>.</summary>
    void IResumable.Resume() => throw new InvalidOperationException("A greenlet is resumed through BodyCompleted.");

    /// <summary>The body's pending task finished.</summary>
    internal void BodyCompleted(GreenTaskSource pending) => Complete(pending);

    private void Complete(GreenTaskSource finished)
    {
        if (finished.Error is { } error)
        {
            Finish(error);
            return;
        }
        StoreResult(finished);
        Finish(null);
    }

    private protected virtual void StoreResult(GreenTaskSource finished)
    {
    }

    private void Finish(Exception? exception)
    {
        Hub.ForgetWait(this);
        ClearInterruptions();
        if ((Flags & FlagHasLocals) != 0)
            Locals.LocalSlots.Forget(this); // nothing the greenlet stored in a GreenLocal outlives it
        if (exception is not null and not GreenletExit)
            _exception = exception; // sets FlagHasException: read Flags after this
        int flags = Flags | FlagDead | (_exception is null ? 0 : FlagFailed);
        Volatile.Write(ref Flags, flags);
        Hub.Unregister(this);
        if (_exception is not null)
            Hub.ReportError(this, _exception);
        NotifyObservers();
    }

    // ---- observers: joiners, links, async awaiters -------------------------------------------

    /// <summary>The queue joiners park on.</summary>
    internal WaiterQueue Waiters
    {
        get
        {
            if (_waiters is WaiterQueue queue)
                return queue;
            queue = new WaiterQueue();
            if (_waiters is IWaitObserver lone)
                queue.Add(lone);
            _waiters = queue;
            return queue;
        }
    }

    Hub IWaitable.Hub => Hub;

    bool IWaitable.IsReady => Dead;

    /// <summary>Tells <paramref name="observer"/> when the greenlet finishes (links, JoinAll, Green.Wait, async awaiters).</summary>
    internal void AddObserver(IWaitObserver observer)
    {
        if (_waiters is null)
            _waiters = observer;
        else
            Waiters.Add(observer);
    }

    internal void RemoveObserver(IWaitObserver observer) => RemoveWaiter(observer);

    private bool RemoveWaiter(IWaitObserver observer)
    {
        if (_waiters is WaiterQueue queue)
            return queue.Remove(observer);
        if (!ReferenceEquals(_waiters, observer))
            return false;
        _waiters = null;
        return true;
    }

    void IWaitable.AddObserver(IWaitObserver observer) => AddObserver(observer);

    void IWaitable.RemoveObserver(IWaitObserver observer) => RemoveObserver(observer);

    /// <summary>A scheduled link is about to run: false if <see cref="Unlink"/> removed it since.</summary>
    internal bool TakeScheduledLink(LinkCallback link) => RemoveWaiter(link);

    private void NotifyObservers()
    {
        switch (_waiters)
        {
            case WaiterQueue queue:
                queue.WakeAll(Hub, this);
                break;
            case IWaitObserver lone:
                // Told once, like a queue's entries: it may observe again (a link stays until it has run).
                _waiters = null;
                lone.OnSignaled(this);
                break;
        }
    }

    /// <summary>Awaits a greenlet from async code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Awaiter : ICriticalNotifyCompletion
    {
        private readonly Greenlet _greenlet;

        internal Awaiter(Greenlet greenlet) => _greenlet = greenlet;

        /// <summary>Whether the greenlet has finished.</summary>
        public bool IsCompleted => _greenlet.Dead;

        /// <summary>Rethrows the greenlet's exception, if it failed.</summary>
        [StackTraceHidden]
        public void GetResult()
        {
            if (!_greenlet.Dead)
                AwaitDriver.ThrowNotFinished(_greenlet);
            if (_greenlet.Exception is { } exception)
                ExceptionDispatchInfo.Throw(exception);
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation)
        {
            if (AwaitDriver.MustDrive(_greenlet))
                AwaitDriver.Await(_greenlet, continuation);
            else
                AsyncWaiter.Register(_greenlet, continuation);
        }
    }
}
