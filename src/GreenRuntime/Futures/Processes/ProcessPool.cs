using System.Security.Cryptography;
using System.Text.Json;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// What runs a <see cref="ProcessPoolExecutor"/>: the queue of calls waiting for a worker, the workers (started on
/// demand, up to <see cref="MaxWorkers"/>, one call at a time each), their replacement after
/// <see cref="MaxTasksPerChild"/> calls or a malformed reply, and the broken state once a worker dies.
/// </summary>
/// <remarks>
/// One lock (<see cref="Gate"/>) guards the queue and every worker's state; pipes are written and futures completed
/// outside it, so a done callback may submit again. Futures complete on the workers' reader threads, or on the thread
/// blocked in <c>Result</c> when it read the reply itself (<see cref="PoolWorker.ReadFor"/>), through the futures'
/// thread-safe completion API (which also wakes greenlets parked on them).
/// </remarks>
internal sealed class ProcessPool
{
    private readonly Queue<ProcessCall> _queue = new();
    private readonly List<PoolWorker> _workers = [];
    private readonly Stack<PoolWorker> _idle = new();
    private readonly ManualResetEventSlim _allExited = new(initialState: true);
    private readonly byte[] _hello;
    private readonly byte[] _secretHash;
    private int _active;       // launched and not let go: counts against MaxWorkers
    private int _notReady;     // launched, initializer not done yet
    private int _launching;    // asked of the launcher, process not started yet
    private long _nextId;
    private bool _shutdown;
    private BrokenProcessPoolException? _broken;

    private readonly Action<BrokenProcessPoolException> _broke;

    /// <param name="maxWorkers">The most worker processes at once.</param>
    /// <param name="initializer">Runs once in each worker before its first call.</param>
    /// <param name="maxTasksPerChild">Calls after which a worker is replaced; null: never.</param>
    /// <param name="broke">Told (once, outside the lock) when the pool breaks, so the executor refuses new work.</param>
    public ProcessPool(int maxWorkers, ProcessMethod? initializer, int? maxTasksPerChild, Action<BrokenProcessPoolException> broke)
    {
        _broke = broke;
        MaxWorkers = maxWorkers;
        MaxTasksPerChild = maxTasksPerChild;
        var secret = RandomNumberGenerator.GetBytes(32);
        _secretHash = SHA256.HashData(secret);
        _hello = Frames.Build(FrameKind.Hello, Wire.Object((secret, initializer), static (writer, state) =>
        {
            writer.WriteString("secret", Convert.ToBase64String(state.secret));
            if (state.initializer is { } init)
            {
                writer.WritePropertyName("initializer");
                writer.WriteRawValue(new WorkItem(0, init.Target, "[]"u8.ToArray()).ToJson());
            }
        }));
    }

    public object Gate { get; } = new();

    public int MaxWorkers { get; }

    public int? MaxTasksPerChild { get; }

    /// <summary>The worker processes alive now (for tests and diagnostics).</summary>
    public IReadOnlyList<int> WorkerProcessIds
    {
        get
        {
            lock (Gate)
                return [.. _workers.Select(w => w.ProcessId)];
        }
    }

    /// <summary>Queues <paramref name="call"/>, hands it to an idle worker or starts one; throws if the pool is broken.</summary>
    public void Schedule(ProcessCall call)
    {
        PoolWorker? idle = null;
        byte[]? frame = null;
        lock (Gate)
        {
            if (_broken is { } broken)
                throw new BrokenProcessPoolException(broken.Message, broken.InnerException);
            if (_shutdown)
                throw new InvalidOperationException("The ProcessPoolExecutor was shut down; it takes no new work.");
            _queue.Enqueue(call);
            if (_idle.TryPop(out idle))
                frame = NextForLocked(idle);
            else if (_active < MaxWorkers && _notReady < _queue.Count)
                LaunchLocked();
        }
        if (frame is not null)
            idle!.Send(frame);
    }

    /// <summary>Removes the calls no worker has started yet (<c>Shutdown(cancelFutures: true)</c> cancels them).</summary>
    public IReadOnlyCollection<FutureCall> TakeQueued()
    {
        lock (Gate)
        {
            var queued = _queue.Select(call => call.Call).ToArray();
            _queue.Clear();
            return queued;
        }
    }

    /// <summary>
    /// Stops taking work: idle workers are told to exit now, busy ones once the queue is empty; with
    /// <paramref name="wait"/>, returns when every worker has exited.
    /// </summary>
    public void ShutdownWorkers(bool wait)
    {
        List<PoolWorker> leaving = [];
        lock (Gate)
        {
            _shutdown = true;
            if (_queue.Count == 0)
            {
                while (_idle.TryPop(out var worker))
                {
                    LetGoLocked(worker);
                    leaving.Add(worker);
                }
            }
        }
        var exit = Frames.Build(FrameKind.Exit, []);
        foreach (var worker in leaving)
            worker.Send(exit);
        // A done callback runs on a reader thread, which must see its own worker exit: it cannot wait for that.
        if (wait && !PoolWorker.OnReaderThread)
            _allExited.Wait();
    }

    // ---- called by the launcher and the reader threads ----

    private void LaunchLocked()
    {
        _active++;
        _notReady++;
        _launching++;
        _allExited.Reset();
        WorkerLauncher.Start(_secretHash, OnLaunched, OnLaunchFailed);
    }

    private void OnLaunched(System.Diagnostics.Process process, System.IO.Pipes.AnonymousPipeServerStream requests, System.IO.Pipes.AnonymousPipeServerStream replies)
    {
        var worker = new PoolWorker(this, process, requests, replies);
        bool unwanted;
        lock (Gate)
        {
            _launching--;
            _workers.Add(worker);
            // Started for work that is gone (shut down with nothing queued, or broken meanwhile): let it go at once.
            unwanted = _broken is not null || (_shutdown && _queue.Count == 0);
            if (unwanted)
                LetGoLocked(worker);
        }
        worker.Start(_hello);
        if (unwanted)
            worker.Kill();
    }

    private void OnLaunchFailed(Exception failure)
    {
        List<ProcessCall> failed = [];
        List<PoolWorker> killed = [];
        string message = $"ProcessPoolExecutor could not start a worker process ({failure.GetType().Name}: {failure.Message}); the pool is broken.";
        lock (Gate)
        {
            _launching--;
            _notReady--;
            _active--;
            BreakLocked(message, failure, failed, killed);
            UpdateExitedLocked();
        }
        Fail(failed, killed, message, failure);
    }

    /// <summary>
    /// A complete frame from <paramref name="worker"/>; false if it was a protocol error (the worker is being replaced).
    /// The call it answers (or fails) goes to <paramref name="done"/>, finished by the caller once it lets the pipe go.
    /// </summary>
    public bool OnFrame(PoolWorker worker, FrameKind kind, byte[] payload, ref Completions done)
    {
        try
        {
            switch (kind)
            {
                case FrameKind.Ready:
                    OnReady(worker);
                    return true;
                case FrameKind.InitializerFailed:
                    using (var document = JsonDocument.Parse(payload))
                        OnInitializerFailed(worker, RemoteError.Read(Wire.Property(document.RootElement, "error")));
                    return true;
                case FrameKind.Outcome:
                    using (var document = JsonDocument.Parse(payload))
                    {
                        var (id, result, error) = WorkOutcome.Parse(document.RootElement);
                        return OnOutcome(worker, id, result, error, ref done);
                    }
                default:
                    OnMalformed(worker, $"a worker does not send {kind} frames", ref done);
                    return false;
            }
        }
        catch (Exception failure) when (failure is JsonException or InvalidDataException or InvalidOperationException or FormatException)
        {
            OnMalformed(worker, $"its {kind} message could not be read ({failure.Message})", ref done);
            return false;
        }
    }

    private void OnReady(PoolWorker worker)
    {
        byte[]? frame;
        lock (Gate)
        {
            if (worker.Ready)
                throw new InvalidDataException("the worker said it was ready twice");
            worker.Ready = true;
            _notReady--;
            frame = worker.Leaving ? null : NextForLocked(worker);
        }
        if (frame is not null)
            worker.Send(frame);
    }

    private void OnInitializerFailed(PoolWorker worker, RemoteError error)
    {
        List<ProcessCall> failed = [];
        List<PoolWorker> killed = [];
        var cause = RemoteErrors.Recreate(error);
        string message = $"The initializer of ProcessPoolExecutor worker process {worker.ProcessId} threw {error.Type}: {error.Message}; the pool is broken.";
        lock (Gate)
            BreakLocked(message, cause, failed, killed);
        Fail(failed, killed, message, cause);
    }

    private bool OnOutcome(PoolWorker worker, long id, JsonElement? result, RemoteError? error, ref Completions done)
    {
        ProcessCall? call;
        byte[]? frame = null;
        lock (Gate)
        {
            call = worker.Current;
            if (call is null || call.Id != id)
                throw new InvalidDataException($"it answered work item {id}, which it was not running");
            worker.Current = null;
            worker.TasksDone++;
            if (!worker.Leaving)
            {
                if (MaxTasksPerChild is { } most && worker.TasksDone >= most)
                {
                    // Retired: a replacement starts now if work is waiting, or on the next submit.
                    LetGoLocked(worker);
                    frame = Frames.Build(FrameKind.Exit, []);
                    if (_queue.Count > 0 && _broken is null)
                        LaunchLocked();
                }
                else
                {
                    frame = NextForLocked(worker);
                }
            }
        }
        if (frame is not null)
            worker.Send(frame);
        if (error is not null)
            call.SetFailure(RemoteErrors.Recreate(error));
        else
            call.ReadResult(result!.Value, worker.ProcessId);
        done.Add(call);
        return true;
    }

    /// <summary>
    /// <paramref name="worker"/> wrote something that is not a message of ours: the call it runs fails with a clear
    /// error (added to <paramref name="done"/>), the worker is killed and replaced; the pool and the other calls go on.
    /// </summary>
    public void OnMalformed(PoolWorker worker, string problem, ref Completions done)
    {
        ProcessCall? call;
        lock (Gate)
        {
            call = worker.Current;
            worker.Current = null;
            if (!worker.Leaving)
            {
                LetGoLocked(worker);
                if (_queue.Count > 0 && _broken is null && !_shutdown && _active < MaxWorkers)
                    LaunchLocked();
            }
        }
        worker.Kill();
        string what = call is null ? "while it ran nothing" : $"while it ran {call.Method.Target}";
        if (call is null)
            return;
        call.SetFailure(new InvalidDataException(
            $"ProcessPoolExecutor worker process {worker.ProcessId} sent a malformed message {what}: {problem}. " +
            "Its result is lost; the worker was stopped and is replaced (did the task write to the worker's pipe?)."));
        done.Add(call);
    }

    /// <summary>
    /// <paramref name="worker"/>'s process exited. Let go, that is the end of it; otherwise it died: the pool breaks,
    /// every pending call fails with <see cref="BrokenProcessPoolException"/> and the other workers are killed.
    /// </summary>
    public void OnExited(PoolWorker worker, int exitCode, bool truncated)
    {
        List<ProcessCall> failed = [];
        List<PoolWorker> killed = [];
        string? message = null;
        lock (Gate)
        {
            _workers.Remove(worker);
            RemoveIdleLocked(worker);
            if (!worker.Ready)
                _notReady--;
            if (!worker.Leaving)
                _active--;
            bool died = !worker.Leaving || worker.Current is not null;
            if (died && _broken is null)
            {
                string running = worker.Current is { } current ? $"while running {current.Method.Target}" : worker.Ready ? "while idle" : "before it was ready";
                string signal = exitCode > 128 && exitCode < 160 ? $", signal {exitCode - 128}" : "";
                string partial = truncated ? "; its last message was cut short" : "";
                message = $"A ProcessPoolExecutor worker process (pid {worker.ProcessId}) terminated abruptly {running} (exit code {exitCode}{signal}{partial}); " +
                    "the pool is broken: the futures still pending fail and new work is refused.";
                if (worker.Current is { } lost)
                    failed.Add(lost);
                BreakLocked(message, null, failed, killed);
            }
            worker.Current = null;
            UpdateExitedLocked();
        }
        if (message is not null)
            Fail(failed, killed, message, null);
    }

    // ---- under the lock ----

    /// <summary>The next call for <paramref name="worker"/> (marked running), the exit frame, or null: it idles.</summary>
    private byte[]? NextForLocked(PoolWorker worker)
    {
        while (_queue.TryDequeue(out var call))
        {
            if (!call.Future.SetRunningOrNotifyCancel())
                continue; // cancelled while queued
            call.Id = ++_nextId;
            call.Worker = worker;
            worker.Current = call;
            return call.ToFrame();
        }
        if (_shutdown || _broken is not null)
        {
            LetGoLocked(worker);
            return Frames.Build(FrameKind.Exit, []);
        }
        _idle.Push(worker);
        return null;
    }

    private void LetGoLocked(PoolWorker worker)
    {
        if (worker.Leaving)
            return;
        worker.MarkLeaving();
        _active--;
    }

    private void RemoveIdleLocked(PoolWorker worker)
    {
        if (!_idle.Contains(worker))
            return;
        var rest = _idle.Where(w => w != worker).Reverse().ToArray();
        _idle.Clear();
        foreach (var w in rest)
            _idle.Push(w);
    }

    /// <summary>Breaks the pool: collects every pending call (queued and running) and every worker, all let go.</summary>
    private void BreakLocked(string message, Exception? cause, List<ProcessCall> failed, List<PoolWorker> killed)
    {
        if (_broken is not null)
            return;
        _broken = new BrokenProcessPoolException(message, cause);
        failed.AddRange(_queue);
        _queue.Clear();
        _idle.Clear();
        foreach (var worker in _workers)
        {
            if (worker.Current is { } call)
                failed.Add(call);
            worker.Current = null;
            LetGoLocked(worker);
            killed.Add(worker);
        }
    }

    private void UpdateExitedLocked()
    {
        if (_workers.Count == 0 && _launching == 0)
            _allExited.Set();
    }

    private void Fail(List<ProcessCall> failed, List<PoolWorker> killed, string message, Exception? cause)
    {
        _broke(new BrokenProcessPoolException(message, cause));
        foreach (var worker in killed)
            worker.Kill();
        // One exception per future: each is thrown (and its stack trace filled in) on its own.
        foreach (var call in failed)
            call.Future.TrySetException(new BrokenProcessPoolException(message, cause));
    }
}
