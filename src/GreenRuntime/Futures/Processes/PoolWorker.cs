using System.Diagnostics;
using System.IO.Pipes;
using GreenRuntime.Hubs;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// The parent's side of one worker process: its process, the ends of its two pipes, and the thread that reads its
/// replies and watches for its exit. The pool's lock guards the state fields; the reader thread owns the rest.
/// </summary>
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
    private long _leftAt;

    public PoolWorker(ProcessPool pool, Process process, AnonymousPipeServerStream requests, AnonymousPipeServerStream replies)
    {
        _pool = pool;
        _process = process;
        _requests = requests;
        _replies = replies;
        ProcessId = process.Id;
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
        var frames = new FrameReader();
        int fd = (int)_replies.SafePipeHandle.DangerousGetHandle();
        long started = Environment.TickCount64;
        bool discarding = false;
        try
        {
            while (true)
            {
                if (ProcessInterop.WaitReadable(fd, ExitCheckMilliseconds))
                {
                    if (ReadOnce(frames) == 0)
                        break; // the worker closed its end: it is exiting
                    if (!discarding && !TakeFrames(frames))
                        discarding = true;
                    if (discarding)
                        frames = new FrameReader();
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
            if (!_process.WaitForExit(ExitTimeout))
            {
                Kill();
                _process.WaitForExit();
            }
            // What the worker wrote before it died is still in the pipe: deliver it, then see what is left over.
            while (!discarding && ProcessInterop.WaitReadable(fd, 0) && ReadOnce(frames) > 0)
            {
                if (!TakeFrames(frames))
                    discarding = true;
            }
            _pool.OnExited(this, _process.ExitCode, truncated: !discarding && frames.Buffered > 0);
        }
        catch (Exception failure)
        {
            // A bug here must not take the parent down; the pool treats the worker as dead.
            StandardError.WriteLine(() => $"GreenRuntime: reading process pool worker {ProcessId} failed: {StandardError.Describe(failure)}");
            Kill();
            _process.WaitForExit(ExitTimeout);
            _pool.OnExited(this, _process.HasExited ? _process.ExitCode : -1, truncated: false);
        }
        finally
        {
            _requests.Dispose();
            _replies.Dispose();
            _process.Dispose();
        }
    }

    private int ReadOnce(FrameReader frames)
    {
        try
        {
            return frames.ReadFrom(_replies);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Hands every complete frame to the pool; false once the stream is not to be trusted (the pool was told).</summary>
    private bool TakeFrames(FrameReader frames)
    {
        while (true)
        {
            switch (frames.TryTake(out var kind, out var payload, out var problem))
            {
                case FrameStatus.Incomplete:
                    return true;
                case FrameStatus.Malformed:
                    _pool.OnMalformed(this, problem!);
                    return false;
                default:
                    if (!_pool.OnFrame(this, kind, payload))
                        return false;
                    break;
            }
        }
    }
}
