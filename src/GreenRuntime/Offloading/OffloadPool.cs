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
/// later post with <see cref="BrokenPoolException"/> (Python's <c>BrokenThreadPool</c>).
/// </remarks>
internal sealed class OffloadPool
{
    /// <summary>How long the shared pool's idle threads wait for work before they exit.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The most threads the shared pool runs at once: enough for every parked greenlet of an ordinary program.</summary>
    public const int SharedMaxWorkers = 512;

    /// <summary>The pool behind <c>Green.Offload</c> and the offload patches.</summary>
    public static OffloadPool Shared { get; } = new(SharedMaxWorkers, "GreenRuntime offload", initializer: null, DefaultIdleTimeout);

    private readonly object _lock = new();
    private readonly Queue<OffloadWork> _queue = new();
    private readonly Action? _initializer;
    private readonly int _idleTimeoutMilliseconds;
    private int _threads;
    private int _idle;
    private int _started;
    private Exception? _broken;

    /// <param name="maxWorkers">The most threads that run at once (positive).</param>
    /// <param name="threadNamePrefix">The threads are named after it: <c>"prefix 1"</c>, <c>"prefix 2"</c>, ...</param>
    /// <param name="initializer">Runs once on each new thread before its first work; <see langword="null"/> for none.</param>
    /// <param name="idleTimeout">How long an idle thread waits for work before it exits; <see cref="Timeout.InfiniteTimeSpan"/> keeps it.</param>
    public OffloadPool(int maxWorkers, string threadNamePrefix, Action? initializer, TimeSpan idleTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWorkers);
        ArgumentNullException.ThrowIfNull(threadNamePrefix);
        if (idleTimeout < TimeSpan.Zero && idleTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), idleTimeout, "An idle timeout must be zero or positive, or Timeout.InfiniteTimeSpan.");
        MaxWorkers = maxWorkers;
        ThreadNamePrefix = threadNamePrefix;
        IdleTimeout = idleTimeout;
        _initializer = initializer;
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
    public void Post(OffloadWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        bool start = false;
        Exception? broken;
        lock (_lock)
        {
            broken = _broken;
            if (broken is null)
            {
                _queue.Enqueue(work);
                // Idle threads that were pulsed but have not dequeued yet still count as idle, and their work is still
                // queued: one idle thread per queued work, and a new thread for the rest.
                if (_queue.Count <= _idle)
                {
                    Monitor.Pulse(_lock);
                }
                else if (_threads < MaxWorkers)
                {
                    _threads++;
                    start = true;
                }
            }
        }
        if (broken is not null)
            work.Fail(new BrokenPoolException(broken));
        else if (start)
            StartThread();
    }

    private void StartThread()
    {
        var thread = new Thread(Work)
        {
            IsBackground = true,
            Name = $"{ThreadNamePrefix} {Interlocked.Increment(ref _started)}",
        };
        try
        {
            thread.Start();
        }
        catch
        {
            lock (_lock)
                _threads--;
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
        lock (_lock)
        {
            while (_queue.Count == 0)
            {
                if (_broken is not null)
                {
                    _threads--;
                    return null;
                }
                _idle++;
                bool pulsed = Monitor.Wait(_lock, _idleTimeoutMilliseconds);
                _idle--;
                // A pulse that raced with the timeout is not lost: the work is still queued, and this thread takes it.
                if (!pulsed && _queue.Count == 0)
                {
                    _threads--;
                    return null;
                }
            }
            return _queue.Dequeue();
        }
    }

    private void Break(Exception failure)
    {
        OffloadWork[] pending;
        lock (_lock)
        {
            _broken ??= failure;
            _threads--;
            pending = [.. _queue];
            _queue.Clear();
            Monitor.PulseAll(_lock);
        }
        foreach (var work in pending)
            work.Fail(new BrokenPoolException(failure));
    }
}

/// <summary>The work could not run: the pool's thread initializer threw (its exception is the inner exception).</summary>
internal sealed class BrokenPoolException(Exception initializerFailure)
    : InvalidOperationException("The offload pool is broken: a thread's initializer threw " + initializerFailure.GetType().Name + ": " + initializerFailure.Message, initializerFailure);
