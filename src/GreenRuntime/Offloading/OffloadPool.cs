using System.Collections.Concurrent;

namespace GreenRuntime.Offloading;

/// <summary>
/// GreenRuntime's own pool of dedicated threads for blocking work (gevent's hub threadpool): <c>Green.Offload</c> and
/// the offload tier's patches (<c>Console.ReadLine</c>, <c>BlockingCollection.Take</c>, ...) run their calls here while
/// the greenlet parks.
/// </summary>
/// <remarks>
/// Its own threads, not .NET's <see cref="ThreadPool"/>: a blocking call there holds a pool thread that async code and
/// timers need, and the thread pool injects replacements only slowly, so many parked greenlets would starve it.
/// A thread starts on demand, when work arrives and no idle thread is waiting for it; an idle thread takes the next
/// work before a new one starts, and exits after <see cref="IdleTimeout"/> without work. Beyond
/// <see cref="MaxWorkers"/> threads, work queues (FIFO) until a thread is free. The threads are background threads:
/// they never keep the process alive. The knobs are those of <c>concurrent.futures.ThreadPoolExecutor</c>
/// (<c>max_workers</c>, <c>thread_name_prefix</c>, <c>initializer</c>), so issue 10's <c>ThreadPoolExecutor</c> is
/// this class with a public face: an initializer that throws breaks the pool, failing the work queued and every
/// later post with <see cref="BrokenPoolException"/> (Python's <c>BrokenThreadPool</c>; the executor makes its own),
/// and <see cref="Shutdown"/> lets the threads finish the queued work and exit.
/// </remarks>
internal sealed class OffloadPool
{
    /// <summary>How long the shared pool's idle threads wait for work before they exit.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The most threads the shared pool runs at once: enough for every parked greenlet of an ordinary program.</summary>
    public const int SharedMaxWorkers = 512;

    /// <summary>The pool behind <c>Green.Offload</c> and the offload patches.</summary>
    public static OffloadPool Shared { get; } = new(SharedMaxWorkers, "GreenRuntime offload", initializer: null, DefaultIdleTimeout);

    // Guards the threads' bookkeeping (counts, list, broken, shut down); the queue itself is lock-free, so that a post
    // and the threads taking work do not all meet on one lock.
    private readonly object _lock = new();
    private readonly ConcurrentQueue<OffloadWork> _queue = new();
    private readonly Action? _initializer;
    private readonly int _idleTimeoutMilliseconds;
    private readonly Func<int, string> _threadName;
    private readonly Action<Exception>? _broke;
    private readonly Func<Exception, Exception> _brokenFailure;
    // The threads alive (started and not exited), for Shutdown(wait: true) to join.
    private readonly List<Thread> _workers = [];
    private int _threads;
    private int _idle;
    // Threads between their last work and Monitor.Wait, looking for more without sleeping (Interlocked): work posted
    // while one spins needs no wake-up, and the thread that takes it wakes the next if more is queued.
    private int _spinning;
    // _broken is not null or _shutdown: a post takes the lock only then.
    private volatile bool _closed;
    private int _started;
    private Exception? _broken;
    private bool _shutdown;

    /// <param name="maxWorkers">The most threads that run at once (positive).</param>
    /// <param name="threadNamePrefix">The threads are named after it: <c>"prefix 1"</c>, <c>"prefix 2"</c>, ...</param>
    /// <param name="initializer">Runs once on each new thread before its first work; <see langword="null"/> for none.</param>
    /// <param name="idleTimeout">How long an idle thread waits for work before it exits; <see cref="Timeout.InfiniteTimeSpan"/> keeps it.</param>
    /// <param name="threadName">Names the n-th thread started (0, 1, ...); <see langword="null"/>: <c>"prefix n+1"</c>.</param>
    /// <param name="broke">Told when the pool breaks, before any work fails with it: by the thread whose initializer threw,
    /// and again by a post that finds the pool broken (so it must be harmless twice); <see langword="null"/>: nobody.</param>
    /// <param name="brokenFailure">Makes what each piece of work fails with once the pool is broken, from the
    /// initializer's failure (a new exception per piece); <see langword="null"/>: <see cref="BrokenPoolException"/>.</param>
    public OffloadPool(
        int maxWorkers,
        string threadNamePrefix,
        Action? initializer,
        TimeSpan idleTimeout,
        Func<int, string>? threadName = null,
        Action<Exception>? broke = null,
        Func<Exception, Exception>? brokenFailure = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWorkers);
        ArgumentNullException.ThrowIfNull(threadNamePrefix);
        if (idleTimeout < TimeSpan.Zero && idleTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), idleTimeout, "An idle timeout must be zero or positive, or Timeout.InfiniteTimeSpan.");
        MaxWorkers = maxWorkers;
        ThreadNamePrefix = threadNamePrefix;
        IdleTimeout = idleTimeout;
        _initializer = initializer;
        _threadName = threadName ?? (n => $"{threadNamePrefix} {n + 1}");
        _broke = broke;
        _brokenFailure = brokenFailure ?? (failure => new BrokenPoolException(failure));
        _idleTimeoutMilliseconds = idleTimeout == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Min(idleTimeout.TotalMilliseconds, int.MaxValue);
    }

    /// <summary>The most threads that run at once.</summary>
    public int MaxWorkers { get; }

    /// <summary>What the threads' names start with.</summary>
    public string ThreadNamePrefix { get; }

    /// <summary>How long an idle thread waits for work before it exits.</summary>
    public TimeSpan IdleTimeout { get; }

    /// <summary>The threads alive now (working or idle).</summary>
    public int ThreadCount
    {
        get
        {
            lock (_lock)
                return _threads;
        }
    }

    /// <summary>The threads waiting for work now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock)
                return _idle;
        }
    }

    /// <summary>Why the pool is broken (its initializer threw), or <see langword="null"/>.</summary>
    public Exception? InitializerFailure
    {
        get
        {
            lock (_lock)
                return _broken;
        }
    }

    /// <summary>Queues <paramref name="work"/>: an idle thread takes it, else a new thread starts for it, else it waits its turn.</summary>
    /// <exception cref="InvalidOperationException">The pool was shut down (its owner refuses work before that).</exception>
    public void Post(OffloadWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!_closed)
        {
            _queue.Enqueue(work);
            // The enqueue is a full fence: a spinning thread that stops spinning after this read finds the work.
            if (Volatile.Read(ref _spinning) == 0)
                Wake();
            // Broken meanwhile: Break may have drained the queue before this work was in it.
            if (_closed)
                FailQueuedIfBroken();
            return;
        }
        Exception? broken;
        lock (_lock)
        {
            if (_shutdown)
                throw new InvalidOperationException($"The pool \"{ThreadNamePrefix}\" is shut down; it takes no more work.");
            broken = _broken!;
        }
        // The thread that broke the pool tells the owner outside the lock; this post may get here first, and the
        // owner must know before any of its work fails (a second telling is harmless).
        _broke?.Invoke(broken);
        work.Fail(_brokenFailure(broken));
    }

    /// <summary>
    /// Sees that the queued work has a thread: an idle thread is pulsed for it, or a new thread starts, or (at
    /// <see cref="MaxWorkers"/>) it waits its turn. Idle threads that were pulsed but have not dequeued yet still count
    /// as idle, and their work is still queued: one idle thread per queued work, and a new thread for the rest.
    /// </summary>
    private void Wake()
    {
        bool start = false;
        lock (_lock)
        {
            if (_closed)
                return;
            int queued = _queue.Count;
            if (queued == 0)
                return;
            if (queued <= _idle)
                Monitor.Pulse(_lock);
            else if (_threads < MaxWorkers)
            {
                _threads++;
                start = true;
            }
        }
        if (start)
            StartThread();
    }

    /// <summary>
    /// Removes the work no thread has taken yet and returns it (<c>Shutdown(cancelFutures: true)</c>).
    /// </summary>
    public OffloadWork[] TakeQueued()
    {
        lock (_lock)
        {
            return Drain();
        }
    }

    /// <summary>
    /// Takes no more work: the threads finish what is queued, then exit; with <paramref name="wait"/>, returns once they
    /// have (all but the calling thread, when a pool thread shuts its own pool down). Harmless a second time.
    /// </summary>
    /// <remarks>The owner posts nothing concurrently (<c>Executor</c> orders every post before its shutdown).</remarks>
    public void Shutdown(bool wait)
    {
        Thread[] workers;
        lock (_lock)
        {
            _shutdown = true;
            _closed = true;
            Monitor.PulseAll(_lock);
            workers = [.. _workers];
        }
        if (!wait)
            return;
        foreach (var worker in workers)
        {
            if (worker != Thread.CurrentThread)
                worker.Join();
        }
    }

    private void StartThread()
    {
        var thread = new Thread(Work)
        {
            IsBackground = true,
            Name = _threadName(Interlocked.Increment(ref _started) - 1),
        };
        // On the list before it runs, so that its Exit finds it there.
        lock (_lock)
            _workers.Add(thread);
        try
        {
            thread.Start();
        }
        catch
        {
            lock (_lock)
            {
                _threads--;
                _workers.Remove(thread);
            }
            throw;
        }
    }

    private void Work()
    {
        if (_initializer is not null)
        {
            try
            {
                _initializer();
            }
            catch (Exception failure)
            {
                Break(failure);
                return;
            }
        }
        while (TakeWork() is { } work)
            work.Execute();
    }

    /// <summary>The next work, waiting up to the idle timeout for it; <see langword="null"/> when this thread should exit.</summary>
    private OffloadWork? TakeWork()
    {
        while (true)
        {
            if (_queue.TryDequeue(out var work) || SpinForWork(out work))
            {
                // More queued and nobody else looking: the next thread is woken now, not when this work is done.
                if (!_queue.IsEmpty && Volatile.Read(ref _spinning) == 0)
                    Wake();
                return work;
            }
            lock (_lock)
            {
                if (!_queue.IsEmpty)
                    continue;
                if (_closed)
                {
                    Exit();
                    return null;
                }
                _idle++;
                bool pulsed = Monitor.Wait(_lock, _idleTimeoutMilliseconds);
                _idle--;
                // A pulse that raced with the timeout is not lost: the work is still queued, and this thread takes it.
                if (!pulsed && _queue.IsEmpty)
                {
                    Exit();
                    return null;
                }
            }
        }
    }

    /// <summary>
    /// Looks for new work for a few microseconds before the thread sleeps: a burst of small work keeps its threads
    /// awake instead of waking one per post.
    /// </summary>
    private bool SpinForWork(out OffloadWork work)
    {
        Interlocked.Increment(ref _spinning);
        var spinner = default(SpinWait);
        for (int i = 0; i < SpinsBeforeSleep && _queue.IsEmpty && !_closed; i++)
            spinner.SpinOnce(sleep1Threshold: -1);
        // Decremented before the last look (a full fence): a post that saw this thread spinning finds it looking.
        Interlocked.Decrement(ref _spinning);
        return _queue.TryDequeue(out work!);
    }

    // SpinWait's spins (the later ones yield the core): a few microseconds, then the thread sleeps until pulsed.
    private const int SpinsBeforeSleep = 20;

    /// <summary>Takes every queued work; the caller holds <see cref="_lock"/>.</summary>
    private OffloadWork[] Drain()
    {
        var drained = new List<OffloadWork>();
        while (_queue.TryDequeue(out var work))
            drained.Add(work);
        return [.. drained];
    }

    /// <summary>Fails the queued work of a broken pool (a post that raced with <see cref="Break"/>).</summary>
    private void FailQueuedIfBroken()
    {
        OffloadWork[] stranded;
        Exception? broken;
        lock (_lock)
        {
            broken = _broken;
            if (broken is null)
                return;
            stranded = Drain();
        }
        if (stranded.Length == 0)
            return;
        // As in Post: the owner is told before any of its work fails (the breaking thread may not have told it yet).
        _broke?.Invoke(broken);
        foreach (var work in stranded)
            work.Fail(_brokenFailure(broken));
    }

    /// <summary>This thread leaves the pool; the caller holds <see cref="_lock"/>.</summary>
    private void Exit()
    {
        _threads--;
        _workers.Remove(Thread.CurrentThread);
    }

    private void Break(Exception failure)
    {
        OffloadWork[] pending;
        bool first;
        lock (_lock)
        {
            first = _broken is null;
            _broken ??= failure;
            _closed = true;
            Exit();
            pending = Drain();
            Monitor.PulseAll(_lock);
        }
        if (first)
            _broke?.Invoke(failure);
        foreach (var work in pending)
            work.Fail(_brokenFailure(failure));
    }
}

/// <summary>The work could not run: the pool's thread initializer threw (its exception is the inner exception).</summary>
internal sealed class BrokenPoolException(Exception initializerFailure)
    : InvalidOperationException("The offload pool is broken: a thread's initializer threw " + initializerFailure.GetType().Name + ": " + initializerFailure.Message, initializerFailure);
