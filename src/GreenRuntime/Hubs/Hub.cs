using System.Collections.Concurrent;
using System.Diagnostics;
using GreenRuntime.CompilerServices;
using GreenRuntime.Hubs;
using GreenRuntime.Sockets.Linux;

namespace GreenRuntime;

/// <summary>
/// The single-threaded scheduler that runs this thread's greenlets: a FIFO run queue, timers, and
/// wake-ups posted from other threads.
/// </summary>
/// <remarks>
/// There is one hub per OS thread, created on first use (<see cref="Green.Hub"/>). Ordinary code runs the
/// hub by blocking on it — <see cref="Greenlet.Join(TimeSpan?)"/>, <see cref="Green.JoinAll(Greenlet[])"/>,
/// <see cref="Green.Sleep(int)"/>, calling a <c>[Greenlet]</c> method, or <see cref="Run"/> — exactly as
/// gevent's main greenlet does. Only <see cref="Post"/> may be called from another thread.
/// </remarks>
public sealed partial class Hub
{
    [ThreadStatic]
    private static Hub? t_current;

    private static readonly long PollIntervalTicks = Stopwatch.Frequency / 500; // 2 ms of run-queue work

    private readonly Thread _thread;
    private readonly RunQueue _runQueue = new();
    private readonly TimerQueue _timers = new();
    private readonly ConcurrentQueue<object> _posted = new();
    private HubPoller _poller = new ThreadWaiter();
    private LiveSlot[] _live = new LiveSlot[64];

    // A struct wrapper: storing into LiveSlot[] needs no covariant array-store type check (Greenlet?[] does, for every subclass).
    private struct LiveSlot
    {
        public Greenlet? Greenlet;
    }
    private int _liveCount;
    private int _nextId;
    private bool _dispatching;
    private bool _polledLastTurn;
    private int _externalPending;
    private bool _postedPending; // set after every enqueue to _posted, cleared by DrainPosted
    private Action<Greenlet, Exception> _errorHandler = WriteErrorToStderr;

    /// <summary>The cancellation tokens this hub lends to async twins (<see cref="Monkey.TwinTokens"/>); made on first use.</summary>
    internal Monkey.TwinTokens? TwinTokens;

    /// <summary>
    /// The async-twin wait whose greenlet the hub is resuming now: set just before the twin's state machine continues,
    /// taken by the awaiter's <c>GetResult</c> (<see cref="Monkey.PendingTwin"/>).
    /// </summary>
    internal Monkey.PendingTwin? ResumedTwin;

    private Hub()
    {
        Backend = DefaultBackend;
        _thread = Thread.CurrentThread;
        ThreadId = _thread.ManagedThreadId;
        Root = new Greenlet(this, Greenlet.RootFlags);
        _callbackContext = new Greenlet(this, Greenlet.RootFlags);
        CurrentGreenlet = Root;
        StartBlockingMonitor();
    }

    /// <summary>This thread's hub, created on first use.</summary>
    public static Hub Current
    {
        [MethodImpl(HotPath.Options)]
        get => t_current ??= new Hub();
    }

    internal static Hub? CurrentOrNull => t_current;

    /// <summary>The managed id of the thread that owns this hub.</summary>
    public int ThreadId { get; }

    /// <summary>
    /// The I/O backend of hubs created from now on: <see cref="HubBackend.Epoll"/> on Linux unless the
    /// environment variable <c>GREEN_HUB_BACKEND=portable</c> or this property says otherwise.
    /// </summary>
    public static HubBackend DefaultBackend { get; set; } = DefaultBackendFromEnvironment();

    /// <summary>How this hub does socket I/O.</summary>
    public HubBackend Backend { get; }

    private static HubBackend DefaultBackendFromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable("GREEN_HUB_BACKEND");
        if (string.Equals(configured, "portable", StringComparison.OrdinalIgnoreCase))
            return HubBackend.Portable;
        if (string.Equals(configured, "epoll", StringComparison.OrdinalIgnoreCase) && !OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("GREEN_HUB_BACKEND=epoll needs Linux.");
        return OperatingSystem.IsLinux() ? HubBackend.Epoll : HubBackend.Portable;
    }

    /// <summary>
    /// Called once for every greenlet that dies with an exception other than <see cref="GreenletExit"/>,
    /// and for link callbacks that throw. The default writes one block to standard error naming the
    /// greenlet, with the stack trace; it never throws, also when the process has run out of file
    /// descriptors (<see cref="Console.Error"/> first, else straight to descriptor 2). An exception thrown by the
    /// handler is written to standard error and otherwise ignored: it never stops the hub.
    /// </summary>
    public Action<Greenlet, Exception> ErrorHandler
    {
        get => _errorHandler;
        set => _errorHandler = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Number of greenlets spawned on this hub that have not finished.</summary>
    public int LiveGreenletCount => _liveCount;

    /// <summary>
    /// Runs the hub until nothing is left to do: no runnable greenlet, no pending timer, no expected
    /// cross-thread work. Greenlets parked on something that can never happen are left parked.
    /// </summary>
    public void Run()
    {
        EnsureCanBlock("Hub.Run");
        while (RunTurn(null))
        {
            // A Green.Timeout scope around Run (or a kill of ordinary code's wait) ends it, as in gevent.
            Hub.ThrowIfInterrupted(Root);
        }
        Hub.ThrowIfInterrupted(Root);
    }

    /// <summary>
    /// Queues <paramref name="action"/> to run on this hub's thread, inside the hub loop. Safe to call from
    /// any thread; the hub wakes if it is idle. From the hub's own thread the action is queued behind the greenlets
    /// runnable now, so a <see cref="Green.Sleep(int)"/> of 0 right after it runs it before returning.
    /// An exception thrown by the action goes to <see cref="ErrorHandler"/>.
    /// </summary>
    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (IsOwnerThread)
        {
            // gevent's loop.run_callback: queued behind what is runnable now, so a Sleep(0) right after runs it.
            _runQueue.Enqueue(new PostedAction(action));
            return;
        }
        EnqueuePosted(action);
    }

    /// <inheritdoc />
    public override string ToString() => $"Hub of thread {DescribeThread(_thread)}";

    // ---- the current greenlet and thread ownership -------------------------------------------

    /// <summary>The greenlet whose code is running now; <see cref="Root"/> for ordinary code.</summary>
    internal Greenlet CurrentGreenlet;

    /// <summary>Stands for ordinary (non-greenlet) code on this thread, like gevent's main greenlet.</summary>
    internal Greenlet Root { get; }

    // The current greenlet of link callbacks and posted actions: ordinary code too, but never Root, so a wait refused
    // there cannot disturb the wait of ordinary code blocked in the hub (Root's).
    private readonly Greenlet _callbackContext;

    /// <summary>Whether <paramref name="greenlet"/> is what link callbacks and posted actions run as (for messages).</summary>
    internal bool IsCallbackContext(Greenlet greenlet) => ReferenceEquals(greenlet, _callbackContext);

    /// <summary>Set while a greenlet's plain delegate runs, so <c>() =&gt; M(args)</c> can hand over M's twin.</summary>
    internal Greenlet? CaptureTarget;

    internal GreenTaskSource? Captured;

    /// <summary>The greenlet whose <see cref="GreenLocal{T}"/> values were looked up last, and those values (a one-entry cache).</summary>
    internal Greenlet? LocalsOwner;

    internal Locals.LocalSlots? Locals;

    internal bool IsOwnerThread => Environment.CurrentManagedThreadId == ThreadId;

    /// <summary>Whether the hub loop is running greenlets or callbacks now (false: ordinary code has the thread).</summary>
    internal bool Dispatching => _dispatching;

    /// <summary>Set while <c>await greenlet</c> from ordinary code on this thread runs the hub.</summary>
    internal AwaitDriver? AwaitDriver;

    internal int NextId() => ++_nextId;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CheckThread(object what)
    {
        // This thread's hub is this one exactly when it is the owner thread (a thread gets one hub, for good): one
        // thread-static read, cheaper than Environment.CurrentManagedThreadId on the primitives' uncontended paths.
        if (!ReferenceEquals(t_current, this))
            throw WrongThread(what);
    }

    internal InvalidOperationException WrongThread(object what) => new(
        $"{what} belongs to the hub of thread {DescribeThread(_thread)}, but was used from thread " +
        $"{DescribeThread(Thread.CurrentThread)}. Greenlets and their hub are single-threaded: use them " +
        "from their own thread, post work there with Hub.Post, or await the greenlet from async code.");

    private static string DescribeThread(Thread thread) =>
        thread.Name is { Length: > 0 } name
            ? $"'{name}' (managed id {thread.ManagedThreadId})"
            : $"#{thread.ManagedThreadId} (unnamed)";

    // ---- scheduling ------------------------------------------------------------------------

    internal void Schedule(Greenlet greenlet) => _runQueue.Enqueue(greenlet);

    internal void ScheduleCallback(HubCallback callback) => _runQueue.Enqueue(callback);

    internal void Register(Greenlet greenlet)
    {
        if (_liveCount == _live.Length)
            Array.Resize(ref _live, _liveCount * 2);
        greenlet.Slot = _liveCount;
        _live[_liveCount++].Greenlet = greenlet;
    }

    internal void Unregister(Greenlet greenlet)
    {
        int slot = greenlet.Slot;
        if (slot < 0)
            return;
        var last = _live[--_liveCount].Greenlet!;
        _live[slot].Greenlet = last;
        last.Slot = slot;
        _live[_liveCount].Greenlet = null;
        greenlet.Slot = -1;
    }

    /// <summary>Suspends <paramref name="greenlet"/> at a leaf wait; returns the park generation.</summary>
    internal int Park(Greenlet greenlet, IResumable continuation, object waitingOn)
    {
        greenlet.Resumption = continuation;
        greenlet.WaitingOn = waitingOn;
        greenlet.Flags = (greenlet.Flags | Greenlet.FlagParked) & ~(Greenlet.FlagTimedOut | Greenlet.FlagSignaled);
        return ++greenlet.WaitGeneration;
    }

    /// <summary>Like <see cref="Park"/>, with a deadline that wakes the greenlet with <c>TimedOut</c> set.</summary>
    internal void ParkUntil(Greenlet greenlet, IResumable continuation, object waitingOn, long deadline)
    {
        int generation = Park(greenlet, continuation, waitingOn);
        if (deadline == long.MaxValue)
            return;
        greenlet.Flags |= Greenlet.FlagHasTimer;
        _timers.Add(deadline, greenlet, generation);
    }

    /// <summary>
    /// Parks for something another thread will complete; the ticket posts the wake-up back. An
    /// <paramref name="interruptible"/> wait is abandoned at once by a kill or timeout; otherwise the
    /// interruption is thrown only after the operation completed (a foreign awaiter cannot be abandoned).
    /// An interruptible wait with a <paramref name="deadline"/> is also abandoned when it passes: the
    /// greenlet wakes with <c>TimedOut</c> set, and the late completion is ignored.
    /// <paramref name="fromOtherThread"/> false: the completion comes from this hub itself (a future a greenlet of this
    /// hub finishes), so the wait is not counted as expected cross-thread work and a hub with nothing left to run
    /// still raises <see cref="LoopExitException"/>.
    /// </summary>
    internal ExternalWake ParkExternal(Greenlet greenlet, IResumable continuation, object waitingOn, bool interruptible,
        long deadline = long.MaxValue, bool fromOtherThread = true)
    {
        var ticket = new ExternalWake(this, greenlet, waitingOn, interruptible) { FromOtherThread = fromOtherThread };
        ticket.Generation = Park(greenlet, continuation, ticket);
        if (fromOtherThread)
            _externalPending++;
        if (deadline != long.MaxValue && interruptible)
        {
            greenlet.Flags |= Greenlet.FlagHasTimer;
            _timers.Add(deadline, greenlet, ticket.Generation);
        }
        return ticket;
    }

    /// <summary>
    /// Counts on work another thread will post (a queue fed by other threads, an async result another thread sets):
    /// until <see cref="StopExpectingOtherThread"/>, an idle hub waits for posts instead of raising
    /// <see cref="LoopExitException"/>.
    /// </summary>
    internal void ExpectOtherThread() => _externalPending++;

    /// <summary>Ends one <see cref="ExpectOtherThread"/>.</summary>
    internal void StopExpectingOtherThread() => _externalPending--;

    /// <summary>Sleep(0): requeue the running greenlet behind everything runnable now, without parking it.</summary>
    [MethodImpl(HotPath.Options)]
    internal void Yield(Greenlet greenlet, IResumable continuation)
    {
        greenlet.Resumption = continuation;
        greenlet.Flags &= ~Greenlet.FlagTimedOut;
        _runQueue.Enqueue(greenlet);
    }

    /// <summary>Makes a parked greenlet runnable (FIFO). Does nothing if it is not parked.</summary>
    [MethodImpl(HotPath.Options)]
    internal void Wake(Greenlet greenlet)
    {
        int flags = greenlet.Flags;
        if ((flags & Greenlet.FlagParked) == 0)
            return;
        if ((flags & Greenlet.FlagHasTimer) != 0)
            _timers.Live--;
        greenlet.Flags = flags & ~(Greenlet.FlagParked | Greenlet.FlagHasTimer);
        greenlet.WaitingOn = null;
        _runQueue.Enqueue(greenlet);
    }

    /// <summary>Throws <paramref name="exception"/> into a greenlet at its current or next suspension point.</summary>
    internal void Interrupt(Greenlet greenlet, Exception exception)
    {
        if (greenlet.Dead)
            return;
        greenlet.AddInterruption(exception);
        if ((greenlet.Flags & Greenlet.FlagParked) != 0 && greenlet.WaitingOn is ExternalWake ticket)
        {
            if (!ticket.Interruptible)
                return;
            AbandonExternal(ticket);
        }
        Wake(greenlet);
    }

    /// <summary>Gives up an interruptible external wait (kill, timeout scope, deadline).</summary>
    private void AbandonExternal(ExternalWake ticket)
    {
        // The other thread's completion will still arrive; it is ignored, and no longer keeps the hub busy.
        ticket.Abandoned = true;
        if (ticket.FromOtherThread)
            _externalPending--;
        ticket.Operation?.Abandoned();
    }

    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    internal static void ThrowIfInterrupted(Greenlet greenlet)
    {
        if (greenlet.TakeInterruption() is { } exception)
            throw exception;
    }

    // ---- timers ----------------------------------------------------------------------------

    internal static long DeadlineAfter(TimeSpan? timeout)
    {
        if (timeout is not { } t || t == System.Threading.Timeout.InfiniteTimeSpan)
            return long.MaxValue;
        if (t < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "A timeout must be zero or positive (or null for no timeout).");
        double ticks = t.TotalSeconds * Stopwatch.Frequency;
        return ticks >= long.MaxValue / 2 ? long.MaxValue : Stopwatch.GetTimestamp() + (long)ticks;
    }

    /// <summary>Whether <paramref name="deadline"/> (a <see cref="DeadlineAfter"/> timestamp, <see cref="long.MaxValue"/> for none) has passed.</summary>
    internal static bool DeadlinePassed(long deadline) => deadline != long.MaxValue && deadline <= Stopwatch.GetTimestamp();

    internal void AddTimer(long deadline, object target) => _timers.Add(deadline, target, 0);

    internal void CancelTimer() => _timers.Live--;

    private void FireTimers()
    {
        long now = Stopwatch.GetTimestamp();
        while (_timers.TryPopDue(now, out var entry))
        {
            switch (entry.Target)
            {
                case Greenlet greenlet:
                    FireGreenletTimer(greenlet, entry.Generation);
                    break;
                case TimeoutScope scope:
                    scope.Fire();
                    break;
            }
        }
        _timers.CompactIfStale(IsLive);
    }

    private void FireGreenletTimer(Greenlet greenlet, int generation)
    {
        int flags = greenlet.Flags;
        if ((flags & Greenlet.FlagDelayed) != 0)
        {
            // SpawnLater: the delay is over, start it now.
            greenlet.Flags = flags & ~Greenlet.FlagDelayed;
            _timers.Live--;
            _runQueue.Enqueue(greenlet);
            return;
        }
        if ((flags & (Greenlet.FlagParked | Greenlet.FlagHasTimer)) == (Greenlet.FlagParked | Greenlet.FlagHasTimer)
            && greenlet.WaitGeneration == generation)
        {
            if (greenlet.WaitingOn is ExternalWake ticket)
                AbandonExternal(ticket);
            greenlet.Flags |= Greenlet.FlagTimedOut;
            Wake(greenlet);
        }
    }

    private static bool IsLive(TimerQueue.Entry entry) => entry.Target switch
    {
        Greenlet g => (g.Flags & Greenlet.FlagDelayed) != 0
            || ((g.Flags & Greenlet.FlagHasTimer) != 0 && g.WaitGeneration == entry.Generation),
        TimeoutScope scope => scope.Pending,
        _ => true,
    };

    // ---- running -----------------------------------------------------------------------------

    /// <summary>Runs the hub until <paramref name="source"/> completes; ordinary code's way to block.</summary>
    [StackTraceHidden]
    internal void RunUntilCompleted(GreenTaskSource source)
    {
        CheckThread(this);
        if (_dispatching)
            throw RefuseSuspendedCall(source);
        while (!source.IsCompleted)
        {
            if (!RunTurn(source))
            {
                var deadlock = CreateLoopExit();
                ResetRoot();
                throw deadlock;
            }
        }
    }

    /// <summary>Blocks ordinary code on a twin until it finishes, running other greenlets meanwhile.</summary>
    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    internal T Block<T>(GreenTask<T> task)
    {
        if (!task.IsCompleted)
            RunUntilCompleted(task.Source!);
        return task.GetResult();
    }

    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    internal void Block(GreenTask task)
    {
        if (!task.IsCompleted)
            RunUntilCompleted(task.Source!);
        task.GetResult();
    }

    /// <summary>One turn of the loop. Returns false when idle with nothing that could ever wake it.</summary>
    private bool RunTurn(GreenTaskSource? until)
    {
        DrainPosted();
        // A turn right after the hub slept in the poller already has what it found: looking again at once costs an
        // epoll_wait and finds next to nothing (a busy server would make two per batch of wake-ups).
        if (_poller.IoWaiters > 0 && _runQueue.Count > 0 && !_polledLastTurn)
            _poller.Wait(0);
        _polledLastTurn = false;
        if (_timers.Count > 0)
            FireTimers();
        int batch = _runQueue.Count;
        if (batch > 0)
        {
            RunBatch(batch, until);
            return true;
        }
        // Done, or ordinary code in Hub.Run was just interrupted by its timeout: don't go to sleep.
        if ((until is not null && until.IsCompleted) || Root.Interruption is not null)
            return true;
        if (_timers.Live > 0 && _timers.TryPeekDue(out long due))
        {
            long wait = due - Stopwatch.GetTimestamp();
            _poller.Wait(wait <= 0 ? 0 : (int)Math.Min(int.MaxValue, wait * 1000 / Stopwatch.Frequency + 1));
            _polledLastTurn = true;
            return true;
        }
        if (_poller.IoWaiters > 0 || _externalPending > 0 || !_posted.IsEmpty)
        {
            _poller.Wait(-1);
            _polledLastTurn = true;
            return true;
        }
        return false;
    }

    private void RunBatch(int batch, GreenTaskSource? until)
    {
        _dispatching = true;
        // The check below can only fire in a batch of 128 or more. A smaller batch — a direct call's twin yielding
        // with little else runnable, one loop turn per yield — skips the clock read, most of such a yield's cost.
        long started = batch > 127 ? Stopwatch.GetTimestamp() : 0;
        try
        {
            for (int i = 0; i < batch; i++)
            {
                Dispatch(_runQueue.Dequeue());
                if (until is not null && until.IsCompleted)
                    break;
                // A long batch of spinning-but-yielding greenlets must not starve timers and I/O.
                if ((i & 127) == 127 && Stopwatch.GetTimestamp() - started > PollIntervalTicks)
                    break;
            }
        }
        finally
        {
            _dispatching = false;
            CurrentGreenlet = Root;
        }
    }

    private void Dispatch(object item)
    {
        // _activity?.Switched: the blocking monitor's switch record (who runs is CurrentGreenlet); off, a null test.
        try
        {
            if (item is Greenlet greenlet)
            {
                if (greenlet.Dead)
                    return;
                CurrentGreenlet = greenlet;
                if ((greenlet.Flags & Greenlet.FlagStarted) == 0)
                {
                    _activity?.Switched(greenlet.Resumption);
                    greenlet.Start();
                }
                else
                {
                    var resumption = (IResumable?)greenlet.Resumption;
                    greenlet.Resumption = null;
                    _activity?.Switched(resumption);
                    resumption?.Resume();
                }
                // CurrentGreenlet stays as is: the next item sets it, and RunBatch resets it to Root at the end.
            }
            else
            {
                CurrentGreenlet = _callbackContext;
                _activity?.Switched(item);
                ((HubCallback)item).Invoke(this);
            }
        }
        catch (Exception exception)
        {
            // Only a bug in the runtime or a throwing error handler gets here; the hub carries on.
            CurrentGreenlet = Root;
            WriteErrorToStderr(Root, exception);
        }
    }

    private void DrainPosted()
    {
        // Every loop turn drains; a flag read is cheaper than asking an empty ConcurrentQueue. Clearing it with a full
        // fence before the drain means an item enqueued after the drain's last look sets it again for the next turn.
        if (!Volatile.Read(ref _postedPending) || !Interlocked.Exchange(ref _postedPending, false))
            return;
        while (_posted.TryDequeue(out var item))
        {
            if (item is ExternalWake wake)
            {
                WakeExternal(wake);
            }
            else if (item is HubCallback callback)
            {
                _runQueue.Enqueue(callback);
            }
            else
            {
                _runQueue.Enqueue(new PostedAction((Action)item));
            }
        }
    }

    /// <summary>
    /// Wakes the greenlet of <paramref name="wake"/>: from another thread through the posted queue; from the hub's own
    /// thread (a green stream completed the awaited operation there) at once, with no queue and no poller wake-up.
    /// </summary>
    internal void PostWake(ExternalWake wake)
    {
        if (IsOwnerThread)
            WakeExternal(wake);
        else
            EnqueuePosted(wake);
    }

    private void WakeExternal(ExternalWake wake)
    {
        if (wake.Abandoned)
            return;
        if (wake.FromOtherThread)
            _externalPending--;
        wake.Operation?.Completed();
        var greenlet = wake.Greenlet;
        if ((greenlet.Flags & Greenlet.FlagParked) != 0 && greenlet.WaitGeneration == wake.Generation)
            Wake(greenlet);
    }

    /// <summary>Queues <paramref name="callback"/> on this hub's run queue; safe from any thread (no allocation).</summary>
    internal void PostCallback(HubCallback callback)
    {
        if (IsOwnerThread)
            _runQueue.Enqueue(callback);
        else
            EnqueuePosted(callback);
    }

    // From another thread: queued for the next loop turn's DrainPosted, and the hub woken if it sleeps in its poller.
    private void EnqueuePosted(object item)
    {
        _posted.Enqueue(item);
        Volatile.Write(ref _postedPending, true);
        Volatile.Read(ref _poller).Wake();
    }

    /// <summary>The epoll poller, created on the first socket operation (hubs without I/O never open one).</summary>
    internal EpollPoller Epoll
    {
        get
        {
            if (_poller is EpollPoller epoll)
                return epoll;
            if (Backend != HubBackend.Epoll)
                throw new InvalidOperationException($"This hub uses the {Backend} backend, not epoll.");
            CheckThread(this);
            var created = new EpollPoller(this);
            Volatile.Write(ref _poller, created);
            // A Post that raced with the switch may have woken the old poller: make the first sleep return at once.
            created.Wake();
            return created;
        }
    }

    // ---- errors and deadlock -----------------------------------------------------------------

    internal void ReportError(Greenlet greenlet, Exception exception)
    {
        try
        {
            _errorHandler(greenlet, exception);
        }
        catch (Exception handlerFailure)
        {
            StandardError.WriteLine(() => $"GreenRuntime: the hub's ErrorHandler threw while reporting greenlet '{greenlet.Name}':{Environment.NewLine}{StandardError.Describe(handlerFailure)}");
            WriteErrorToStderr(greenlet, exception);
        }
    }

    /// <summary>The default handler; like every report of the hub's own, it never throws (see <see cref="StandardError"/>).</summary>
    private static void WriteErrorToStderr(Greenlet greenlet, Exception exception) =>
        StandardError.WriteLine(() => $"{StandardError.Describe(exception)}{Environment.NewLine}Greenlet '{greenlet.Name}' failed with {exception.GetType().FullName}: {exception.Message}");

    private LoopExitException CreateLoopExit()
    {
        var parked = new List<string>();
        for (int i = 0; i < _liveCount; i++)
        {
            var greenlet = _live[i].Greenlet!;
            if ((greenlet.Flags & Greenlet.FlagParked) != 0)
                parked.Add($"'{greenlet.Name}' waits on {Describe(greenlet.WaitingOn)}");
        }
        string main = Root.WaitingOn is { } target ? $"The blocked call waits on {Describe(target)}. " : "";
        string list = parked.Count == 0
            ? "No greenlet is parked."
            : $"Parked greenlets ({parked.Count}):{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", parked);
        return new LoopExitException(
            "The hub has nothing left to run — no runnable greenlet, no timer, no pending I/O or cross-thread work — " +
            $"so this blocking call can never return. {main}{list}", parked);
    }

    private static string Describe(object? waitingOn) => waitingOn switch
    {
        null => "nothing",
        Greenlet g => $"greenlet '{g.Name}' to finish",
        _ => waitingOn.ToString() ?? waitingOn.GetType().Name,
    };

    private void ResetRoot()
    {
        ForgetWait(Root);
        Root.ClearInterruptions();
    }

    /// <summary>Drops whatever a greenlet was parked on (it died, or its blocked caller gave up).</summary>
    internal void ForgetWait(Greenlet greenlet)
    {
        if ((greenlet.Flags & Greenlet.FlagHasTimer) != 0)
            _timers.Live--;
        greenlet.Flags &= ~(Greenlet.FlagParked | Greenlet.FlagHasTimer | Greenlet.FlagTimedOut);
        greenlet.Resumption = null;
        greenlet.WaitingOn = null;
    }

    private sealed class PostedAction(Action action) : HubCallback
    {
        public override string ToString() => $"a Hub.Post action ({UserMethodNames.Of(action.Method)})";

        public override void Invoke(Hub hub)
        {
            try
            {
                action();
            }
            catch (Exception exception)
            {
                hub.ReportError(hub.Root, exception);
            }
        }
    }
}
