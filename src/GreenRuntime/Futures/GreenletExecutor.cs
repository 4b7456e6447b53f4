using GreenRuntime.CompilerServices;
using GreenRuntime.Templates;

namespace GreenRuntime.Futures;

/// <summary>
/// An executor whose workers are greenlets of one hub (DESIGN §5): submitted work runs in at most <see cref="MaxWorkers"/>
/// greenlets of the hub of the thread that created the executor at once, bounded like <see cref="GreenPool"/> (gevent's
/// <c>pool.Pool</c>). A <c>[Greenlet]</c> method submitted runs its resumable twin, so its blocking calls park its
/// worker, not the hub.
/// </summary>
/// <remarks>
/// <para>Workers take the submitted calls in order, one at a time each; what no worker has taken waits in a queue (no
/// greenlet per queued call), where <see cref="Future.Cancel"/> still succeeds. A call that never suspends lets the other
/// greenlets run before its worker takes the next one. A <see cref="Executor.Map{T, R}"/> is one entry of that queue:
/// the workers take its items (or chunks) in order the same way, each worker running them one after the other, with no
/// future per item.</para>
/// <para>The work runs while the hub runs: in its greenlets, or while ordinary code on its thread waits — a future's
/// <c>Result</c>, <c>Futures.Wait</c>, <see cref="Executor.Shutdown(bool, bool)"/> (and so <c>using</c>), <c>Green.Sleep</c>, ...
/// Submitting from another thread is safe: the work is posted to the hub.</para>
/// <para>Through <see cref="IExecutor"/> or <see cref="Executor"/> (and in <see cref="Executor.Map{T, R}"/>) a
/// <c>[Greenlet]</c> method group still runs its twin; a lambda with blocking calls parks them only when submitted through
/// this type, where the generator sees the call and makes the lambda green.</para>
/// </remarks>
#pragma warning disable CS1734 // the Submit family's docs are the overloads', whose fn its start method does not have
public sealed partial class GreenletExecutor : Executor
{
    private readonly Hub _hub;
    private readonly int _maxWorkers;
    private readonly object _gate = new();
    private readonly Queue<object> _queued = new();        // FutureCall or MapWork; guarded by _gate
    private int _pending;                                   // calls and map pieces queued, not taken; guarded by _gate
    private readonly HashSet<Greenlet> _workers = [];      // hub thread only
    private readonly Func<GreenTask> _work;
    private readonly Action _startWorkers;
    private int _waitingWorkers;                            // spawned, not yet running: each will take a call
    private int _liveWorkers;                               // _workers.Count, for other threads; guarded by _gate

    /// <summary>
    /// Creates an executor on the current thread's hub whose work runs in at most <paramref name="maxWorkers"/> greenlets
    /// at once (<see langword="null"/>: no bound, as <c>new GreenPool()</c>).
    /// </summary>
    /// <param name="maxWorkers">How many submitted calls may run at once; <see langword="null"/> for no bound.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWorkers"/> is 0 or less.</exception>
    public GreenletExecutor(int? maxWorkers = null)
    {
        if (maxWorkers <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxWorkers), maxWorkers, "maxWorkers is how many greenlets may run submitted work at once: pass 1 or more, or null for no bound.");
        _hub = Hub.Current;
        _maxWorkers = maxWorkers ?? int.MaxValue;
        _work = Work;
        _startWorkers = StartWorkers;
    }

    /// <summary>How many submitted calls may run at once (<see cref="int.MaxValue"/>: no bound).</summary>
    public int MaxWorkers => _maxWorkers;

    /// <summary>The hub whose greenlets run the work (the creating thread's).</summary>
    public Hub Hub => _hub;

    /// <summary>
    /// Schedules <paramref name="fn"/> to run in a worker greenlet of the executor's hub; the future finishes when it
    /// returns (its result is what it returns) or throws (its exception is what it throws). A <c>[Greenlet]</c> method runs
    /// its resumable twin, and so does a lambda with blocking calls: they park the worker, not the hub.
    /// </summary>
    /// <typeparam name="TCall">The call's type.</typeparam>
    /// <param name="call">The new call of the function with its arguments.</param>
    /// <returns>The future of the work: pending until a worker greenlet takes it, cancellable until then.</returns>
    /// <exception cref="InvalidOperationException">The executor was shut down.</exception>
    [OverloadFamily("Submit", TwinSummary = "Submits a [Greenlet] method's resumable twin, or a green lambda, to run in a worker greenlet; used by generated code.", Twins = true)]
    private TCall SubmittedToGreenlets<TCall>(TCall call)
        where TCall : FutureCall => Submitted(call);

    private protected override void Schedule(FutureCall call)
    {
        call.Future.CompletingHub = _hub;
        lock (_gate)
        {
            _queued.Enqueue(call);
            _pending++;
        }
        if (_hub.IsOwnerThread)
            StartWorkers();
        else
            _hub.Post(_startWorkers);
    }

    private protected override IReadOnlyCollection<FutureCall> TakeQueued()
    {
        var calls = new List<FutureCall>();
        List<MapWork>? maps = null;
        lock (_gate)
        {
            foreach (var entry in _queued)
            {
                if (entry is MapWork map)
                {
                    if (map.CancelUntakenLocked())
                        (maps ??= []).Add(map);
                }
                else
                {
                    calls.Add((FutureCall)entry);
                }
            }
            _queued.Clear();
            _pending = 0;
            Monitor.PulseAll(_gate);
        }
        // The maps' pieces no worker took are cancelled, as their futures would be: their readers see it.
        if (maps is not null)
        {
            foreach (var map in maps)
                map.WakeReader();
        }
        return calls;
    }

    private protected override void ShutdownWorkers(bool wait)
    {
        if (!wait)
            return;
        if (_hub.IsOwnerThread)
        {
            if (IsIdle)
                return;
            _hub.EnsureCanBlock("GreenletExecutor.Shutdown(wait: true)");
            _hub.Block(JoinWorkers());
            return;
        }
        // Another thread: the hub's own thread runs the work; wait until it has.
        lock (_gate)
        {
            while (_liveWorkers > 0 || _pending > 0)
                Monitor.Wait(_gate);
        }
    }

    private protected override GreenTask WaitForWorkers(GreenSuspend suspend)
    {
        if (!_hub.IsOwnerThread)
            return base.WaitForWorkers(suspend);
        if (_workers.Contains(_hub.CurrentGreenlet))
            throw new InvalidOperationException("A GreenletExecutor's own task cannot wait for its Shutdown to finish (it would wait for itself): call Shutdown(wait: false) there.");
        return IsIdle ? GreenTask.CompletedTask : JoinWorkers();
    }

    private bool IsIdle
    {
        get
        {
            lock (_gate)
                return _liveWorkers == 0 && _pending == 0;
        }
    }

    /// <summary>Runs the hub until the queue is empty and every worker has ended.</summary>
    private async GreenTask JoinWorkers()
    {
        while (true)
        {
            StartWorkers();
            if (_workers.Count == 0)
                return;
            await Green.JoinAll(default(GreenSuspend), [.. _workers]);
        }
    }

    /// <summary>Starts a worker for each queued call no worker is about to take, while the bound allows (hub thread).</summary>
    private void StartWorkers()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_workers.Count >= _maxWorkers || _waitingWorkers >= _pending)
                    return;
                _liveWorkers++;
            }
            _waitingWorkers++;
            _workers.Add(Green.Spawn(default(GreenSuspend), _work));
        }
    }

    /// <summary>A worker greenlet: takes queued calls (and a map's pieces) one at a time until none is left.</summary>
    private async GreenTask Work()
    {
        _waitingWorkers--;
        try
        {
            while (TryTake(out var entry))
            {
                if (entry is MapWork map)
                {
                    // The map's pieces, one after the other, while it has any (it stays first in the queue until then).
                    await map.Work();
                    continue;
                }
                var call = (FutureCall)entry;
                if (call.FindTwin() is { } twin)
                {
                    var running = twin.RunGreen();
                    if (!running.IsCompleted)
                    {
                        await running;
                        continue;
                    }
                    running.GetResult();
                }
                else
                {
                    call.Run();
                }
                // It never suspended: let the other greenlets run before the next call.
                await Green.Sleep(default(GreenSuspend), 0);
            }
        }
        finally
        {
            _workers.Remove(_hub.CurrentGreenlet);
            lock (_gate)
            {
                _liveWorkers--;
                Monitor.PulseAll(_gate);
            }
            // Killed with calls left: another worker takes them.
            if (!IsIdle)
                StartWorkers();
        }
    }

    /// <summary>The next call, dequeued; or the map first in the queue, left there while it has pieces no worker took.</summary>
    private bool TryTake(out object entry)
    {
        lock (_gate)
        {
            while (_queued.TryPeek(out entry!))
            {
                if (entry is MapWork map)
                {
                    if (map.HasUntakenLocked)
                        return true;
                    _queued.Dequeue(); // all taken, or cancelled: its pieces are no longer pending
                    continue;
                }
                _queued.Dequeue();
                _pending--;
                return true;
            }
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"GreenletExecutor ({_workers.Count} of {(_maxWorkers == int.MaxValue ? "unbounded" : _maxWorkers.ToString())} workers) on the {_hub}";
}
