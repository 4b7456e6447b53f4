using System.Diagnostics;
using System.IO.Pipes;
using GreenRuntime.Hubs;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// The parent's side of one worker process: its process, the ends of its two pipes, and the thread that reads its
/// replies and watches for its exit. The pool's lock guards the state fields; whoever has the reply pipe's turn owns
/// the frame reader.
/// </summary>
/// <remarks>
/// <para>A thread blocked in <c>Result</c> on the call the worker runs reads the reply itself (<see cref="ReadFor"/>):
/// it takes the pipe's turn from the reader thread, which then stops watching the pipe — an epoll set the waiter
/// changes without waking it — so a round trip wakes the worker and the waiting thread only, not the reader thread
/// and then the waiter. The waiter hands the turn back (watched again) as soon as its call is answered, the worker
/// ends or its deadline passes, and finishes the call after that. Elsewhere than Linux the reader thread reads every
/// reply.</para>
/// </remarks>
internal sealed class PoolWorker
{
    /// <summary>How often the reader looks at the process when the pipe is quiet (a dead worker's pipe need not end).</summary>
    private const int ExitCheckMilliseconds = 100;

    /// <summary>How long a worker may take to start worker mode and run its initializer.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a worker told to exit gets before it is killed.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    [ThreadStatic]
    private static bool t_isReader;

    private readonly ProcessPool _pool;
    private readonly Process _process;
    private readonly AnonymousPipeServerStream _requests;
    private readonly AnonymousPipeServerStream _replies;
    private readonly object _writeLock = new();
    private readonly int _replyFd;
    private long _leftAt;

    // The reply pipe's turn: who may read it and owns _frames and _discarding. Guarded by _turnGate (taken before the
    // pool's lock, never inside it).
    private readonly object _turnGate = new();
    private ReadTurn _turn = ReadTurn.Reader;
    private bool _closing;

    // The reader thread's epoll set over the reply pipe (-1: none, the reader thread polls the pipe and reads it all).
    private readonly int _watch;
    private FrameReader _frames = new();
    private bool _discarding;

    private enum ReadTurn
    {
        /// <summary>The reader thread watches the pipe and reads what comes.</summary>
        Reader,

        /// <summary>The reader thread is reading and handling frames.</summary>
        ReaderBusy,

        /// <summary>A thread blocked on the running call reads; the pipe is not watched.</summary>
        Waiter,

        /// <summary>The worker has ended: the reader thread reads what is left, nobody else does.</summary>
        Closed,
    }

    public PoolWorker(ProcessPool pool, Process process, AnonymousPipeServerStream requests, AnonymousPipeServerStream replies)
    {
        _pool = pool;
        _process = process;
        _requests = requests;
        _replies = replies;
        ProcessId = process.Id;
        _replyFd = (int)replies.SafePipeHandle.DangerousGetHandle();
        _watch = ProcessInterop.Watch(_replyFd);
    }

    /// <summary>Whether this thread reads a worker's replies (a done callback runs there: it must not wait for the workers).</summary>
    public static bool OnReaderThread => t_isReader;

    public int ProcessId { get; }

    // ---- guarded by the pool's lock ----

    /// <summary>The call the worker runs now, if any.</summary>
    public ProcessCall? Current { get; set; }

    /// <summary>The worker finished its initializer and takes work.</summary>
    public bool Ready { get; set; }

    /// <summary>The pool let it go (told it to exit, or killed it): its exit is not a death.</summary>
    public bool Leaving { get; private set; }

    /// <summary>Tasks it finished (for <c>maxTasksPerChild</c>).</summary>
    public int TasksDone { get; set; }

    /// <summary>Marks the worker as let go; the caller holds the pool's lock.</summary>
    public void MarkLeaving()
    {
        Leaving = true;
        Interlocked.CompareExchange(ref _leftAt, Environment.TickCount64, 0);
    }

    // ---- any thread ----

    /// <summary>Starts the reader thread after sending the hello.</summary>
    public void Start(byte[] hello)
    {
        Send(hello);
        var reader = new Thread(ReadReplies)
        {
            IsBackground = true,
            Name = $"GreenRuntime process pool worker {ProcessId}",
        };
        reader.Start();
    }

    /// <summary>
    /// Writes a frame to the worker; a worker that is gone is not an error here — the reader sees it exit and the pool
    /// fails what it was running.
    /// </summary>
    public void Send(byte[] frame)
    {
        lock (_writeLock)
        {
            try
            {
                _requests.Write(frame);
                _requests.Flush();
            }
            catch (Exception failure) when (failure is IOException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Kills the worker process (it is let go already, or the pool broke).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (Exception failure) when (failure is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It exited already.
        }
    }

    private void ReadReplies()
    {
        t_isReader = true;
        long started = Environment.TickCount64;
        try
        {
            while (true)
            {
                if (WaitForReplies(ExitCheckMilliseconds))
                {
                    if (!TakeReaderTurn())
                        continue; // a waiter reads now, and the pipe is not watched until it is done
                    var done = default(Completions);
                    int read;
                    try
                    {
                        read = ReadAndTake(ref done);
                    }
                    finally
                    {
                        EndReaderTurn();
                        done.Run();
                    }
                    if (read == 0)
                        break; // the worker closed its end: it is exiting
                    continue;
                }
                if (_process.HasExited)
                    break;
                long now = Environment.TickCount64;
                bool ready, leaving;
                lock (_pool.Gate)
                {
                    ready = Ready;
                    leaving = Leaving;
                }
                if ((!ready && now - started > ReadyTimeout.TotalMilliseconds) ||
                    (leaving && Interlocked.Read(ref _leftAt) is var left and not 0 && now - left > ExitTimeout.TotalMilliseconds))
                    Kill();
            }
            CloseTurn();
            if (!_process.WaitForExit(ExitTimeout))
            {
                Kill();
                _process.WaitForExit();
            }
            // What the worker wrote before it died is still in the pipe: deliver it, then see what is left over.
            var rest = default(Completions);
            try
            {
                while (!_discarding && ProcessInterop.WaitReadable(_replyFd, 0) && ReadAndTake(ref rest) > 0)
                {
                }
            }
            finally
            {
                rest.Run();
            }
            _pool.OnExited(this, _process.ExitCode, truncated: !_discarding && _frames.Buffered > 0);
        }
        catch (Exception failure)
        {
            // A bug here must not take the parent down; the pool treats the worker as dead.
            StandardError.WriteLine(() => $"GreenRuntime: reading process pool worker {ProcessId} failed: {StandardError.Describe(failure)}");
            Kill();
            CloseTurn();
            _process.WaitForExit(ExitTimeout);
            _pool.OnExited(this, _process.HasExited ? _process.ExitCode : -1, truncated: false);
        }
        finally
        {
            ProcessInterop.CloseWatch(_watch);
            _requests.Dispose();
            _replies.Dispose();
            _process.Dispose();
        }
    }

    /// <summary>
    /// On a thread blocked on <paramref name="call"/>: if the worker runs it and the reader thread is only watching the
    /// pipe, takes the pipe's turn and reads the reply here until the call is answered, the worker ends, or
    /// <paramref name="deadline"/> passes; then hands the turn back and finishes what it read. Returns at once when it
    /// cannot take the turn (the caller waits for the reader thread as before).
    /// </summary>
    public void ReadFor(ProcessCall call, long deadline)
    {
        if (_watch < 0)
            return;
        lock (_turnGate)
        {
            if (_turn != ReadTurn.Reader || _discarding)
                return;
            lock (_pool.Gate)
            {
                if (Current != call)
                    return;
            }
            if (!ProcessInterop.SetWatched(_watch, _replyFd, watched: false))
                return;
            _turn = ReadTurn.Waiter;
        }
        var done = default(Completions);
        try
        {
            while (done.IsEmpty && !call.Future.Done)
            {
                long wait = deadline == long.MaxValue
                    ? ExitCheckMilliseconds
                    : Math.Min(deadline - Environment.TickCount64, ExitCheckMilliseconds);
                if (wait <= 0)
                    break;
                if (!ProcessInterop.WaitReadable(_replyFd, (int)wait))
                {
                    if (_process.HasExited)
                        break; // the reader thread sees to it
                    continue;
                }
                if (ReadAndTake(ref done) == 0 || _discarding)
                    break; // the end of the pipe, or what is not ours: the reader thread sees to it
            }
        }
        catch (Exception failure)
        {
            // As on the reader thread: a bug here must not reach the caller's Result; the pool treats the worker as dead.
            StandardError.WriteLine(() => $"GreenRuntime: reading process pool worker {ProcessId} failed: {StandardError.Describe(failure)}");
            Kill();
        }
        finally
        {
            lock (_turnGate)
            {
                // Watched again: what is in the pipe now (the next call's reply, the end) wakes the reader thread.
                ProcessInterop.SetWatched(_watch, _replyFd, watched: true);
                _turn = ReadTurn.Reader;
                if (_closing)
                    Monitor.PulseAll(_turnGate);
            }
            done.Run();
        }
    }

    private bool WaitForReplies(int timeoutMilliseconds) =>
        _watch >= 0 ? ProcessInterop.WaitWatched(_watch, timeoutMilliseconds) : ProcessInterop.WaitReadable(_replyFd, timeoutMilliseconds);

    private bool TakeReaderTurn()
    {
        lock (_turnGate)
        {
            if (_turn != ReadTurn.Reader)
                return false;
            _turn = ReadTurn.ReaderBusy;
            return true;
        }
    }

    private void EndReaderTurn()
    {
        lock (_turnGate)
            _turn = ReadTurn.Reader;
    }

    /// <summary>The worker has ended: waits for a waiter reading the pipe to hand it back, then keeps the pipe for good.</summary>
    private void CloseTurn()
    {
        lock (_turnGate)
        {
            _closing = true;
            while (_turn == ReadTurn.Waiter)
                Monitor.Wait(_turnGate);
            _turn = ReadTurn.Closed;
        }
    }

    /// <summary>Reads once and hands every complete frame to the pool; the count read (0: the end of the pipe).</summary>
    private int ReadAndTake(ref Completions done)
    {
        int read;
        try
        {
            read = _frames.ReadFrom(_replies);
        }
        catch (IOException)
        {
            return 0;
        }
        if (read > 0 && !_discarding && !TakeFrames(ref done))
            _discarding = true;
        if (_discarding)
            _frames = new FrameReader(); // what follows a malformed message is dropped
        return read;
    }

    /// <summary>Hands every complete frame to the pool; false once the stream is not to be trusted (the pool was told).</summary>
    private bool TakeFrames(ref Completions done)
    {
        while (true)
        {
            switch (_frames.TryTake(out var kind, out var payload, out var problem))
            {
                case FrameStatus.Incomplete:
                    return true;
                case FrameStatus.Malformed:
                    _pool.OnMalformed(this, problem!, ref done);
                    return false;
                default:
                    if (!_pool.OnFrame(this, kind, payload, ref done))
                        return false;
                    break;
            }
        }
    }
}
