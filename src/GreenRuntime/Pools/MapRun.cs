using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Greenlets;
using GreenRuntime.Locals;

namespace GreenRuntime.Pools;

/// <summary>The function a map runs on each item: the user's, or its resumable twin.</summary>
internal readonly struct MapFunction<T, R>
{
    private readonly Func<T, R>? _plain;
    private readonly Func<T, GreenTask<R>>? _twin;

    // The twin of a [Greenlet] method passed as a plain delegate: called as it is (one delegate call per item).
    private readonly Func<GreenSuspend, T, GreenTask<R>>? _foundTwin;

    private MapFunction(Func<T, R>? plain, Func<T, GreenTask<R>>? twin, Func<GreenSuspend, T, GreenTask<R>>? foundTwin = null)
    {
        _plain = plain;
        _twin = twin;
        _foundTwin = foundTwin;
    }

    /// <summary>A plain function; a delegate to a [Greenlet] method runs its twin, as Spawn does.</summary>
    public static MapFunction<T, R> Of(Func<T, R> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T, GreenTask<R>>>(fn) is { } twin)
            return new(fn, null, twin);
        return new(fn, null);
    }

    public static MapFunction<T, R> OfTwin(Func<T, GreenTask<R>> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return new(null, fn);
    }

    /// <summary>The user's delegate (for a worker's <see cref="Greenlet.ToString"/>).</summary>
    public Delegate Delegate => (Delegate?)_twin ?? _plain!;

    /// <summary>
    /// Calls the function on one item in <paramref name="worker"/>, the running greenlet. A plain delegate that is
    /// <c>x =&gt; M(x)</c> for a [Greenlet] <c>M</c> hands over <c>M</c>'s twin instead of blocking, as it would as a
    /// spawned greenlet's body.
    /// </summary>
    public GreenTask<R> Call(T item, Greenlet worker)
    {
        if (_foundTwin is { } found)
            return found(default, item);
        if (_twin is { } twin)
            return twin(item);
        var hub = worker.Hub;
        R result;
        hub.CaptureTarget = worker;
        try
        {
            result = _plain!(item);
        }
        finally
        {
            hub.CaptureTarget = null;
        }
        var captured = hub.Captured;
        if (captured is null)
            return new GreenTask<R>(result);
        hub.Captured = null;
        return captured is GreenTaskSource<R> typed ? new GreenTask<R>(typed) : DefaultAfter(captured);
    }

    private static async GreenTask<R> DefaultAfter(GreenTaskSource captured)
    {
        await new GreenTask(captured);
        return default!;
    }
}

/// <summary>
/// One enumeration of <see cref="GreenGroup.IMap{T, R}(Func{T, R}, IEnumerable{T})"/> or <c>IMapUnordered</c> (and
/// <c>Map</c>, which collects one): the items run on worker greenlets of the group, and the enumerator hands out the
/// results in input order, or in completion order when unordered (gevent's <c>IMap</c>/<c>IMapUnordered</c>).
/// </summary>
/// <remarks>
/// <para>
/// A feeder greenlet (not a member) starts a worker whenever the group has a free slot, with the next item; a worker
/// that finished its item takes the next one from the input itself — a call of the function instead of a greenlet's
/// spawn and finish per item — unless a spawner waits for a slot of the pool (it then leaves, and the spawner gets its
/// slot, FIFO) or the input has ended. So at most a pool's size of items run, and the input is read only as slots take
/// items. A plain input is read by whoever takes an item (a plain <c>MoveNext</c> never waits, so there is one reader
/// at a time); a lazy one (a <see cref="GreenEnumerable{T}"/>, whose <c>MoveNext</c> may park) only by the feeder,
/// and its workers run one item each. A group without a bound starts a worker per item, as the feeder finds room for
/// each at once.
/// </para>
/// <para>
/// An item that failed throws its exception from the <c>MoveNext</c> that reaches it, and the enumeration goes on after
/// it (gevent's <c>imap</c>); the failure is reported to the hub's error handler with the worker, as a failed greenlet
/// is. An exception of the input sequence itself is thrown after the items started before it. Ending the enumeration
/// early stops the feeder and the workers' reading; items already running finish in the group. A worker killed with
/// <see cref="GreenletExit"/> (or with the exception a <see cref="GreenGroup.Kill(Exception?, bool, TimeSpan?)"/> of its
/// group throws) dies with its item, whose result is the default (a killed greenlet's value) or that exception.
/// </para>
/// </remarks>
internal sealed class MapRun<T, R> : GreenEnumerator<R>
{
    private readonly GreenGroup _group;
    private readonly MapFunction<T, R> _function;
    private readonly IEnumerable<T> _items;
    private readonly bool _ordered;
    private readonly Greenlet _feeder;

    // A plain input, read by the feeder and the workers; null once it ended (or for a lazy input). An array is read by
    // index (no interface call per item).
    private IEnumerator<T>? _source;
    private T[]? _array;
    private int _index;
    private bool _lazy;

    // No item will be taken any more: the input ended or failed, or the enumeration was disposed.
    private bool _fed;
    private int _running;
    private ExceptionDispatchInfo? _inputError;

    // The outcomes from _head (next to hand out) to _tail, at position & (length - 1). Ordered: one per item taken, in
    // input order, filled as items finish. Unordered: the finished ones, in completion order.
    private Outcome[] _outcomes = new Outcome[16];
    private long _head;
    private long _tail;

    // A Wake since the reader last looked (TryTakeNext): it is scheduled or busy, and will look again without another.
    private bool _woken;

    public MapRun(GreenGroup group, MapFunction<T, R> function, IEnumerable<T> items, bool ordered)
    {
        _group = group;
        _function = function;
        _items = items;
        _ordered = ordered;
        _feeder = Green.Spawn(default(GreenSuspend), Feed);
        _feeder.Name = $"{this} feeder";
    }

    private async GreenTask Feed()
    {
        try
        {
            if (_items is GreenEnumerable<T> lazy)
            {
                // An input whose next item may wait (another IMap, a queue's sequence): only the feeder reads it.
                _lazy = true;
                using var items = lazy.GetEnumerator();
                while (await WaitForRoom() && await items.MoveNext(default(GreenSuspend)))
                    await StartWorker(Taken(), items.Current);
            }
            else
            {
                if (_items is T[] array)
                    _array = array;
                else
                    _source = _items.GetEnumerator();
                while (await WaitForRoom() && TryTake(out long position, out var item))
                    await StartWorker(position, item);
            }
        }
        catch (Exception error) when (error is not GreenletExit)
        {
            _inputError = ExceptionDispatchInfo.Capture(error);
        }
        finally
        {
            EndInput();
        }
    }

    /// <summary>Waits until the group has room for one more worker (a pool's free slot, spawners waiting served first).</summary>
    private async GreenTask<bool> WaitForRoom()
    {
        if (_group is GreenPool pool)
            await pool.WaitAvailable(default(GreenSuspend));
        return !_fed;
    }

    private async GreenTask StartWorker(long position, T item)
    {
        var worker = new Worker(this, position, item);
        try
        {
            // The group tells the worker when its greenlet finishes (its one observer); it is only scheduled here.
            await _group.AdmitItem(new Greenlet(_group.Hub, (object)worker), worker);
        }
        catch
        {
            worker.Drop(); // the feeder was killed waiting for a slot: the worker never ran
            throw;
        }
    }

    /// <summary>Takes the next item of a plain input for a worker (the feeder's or a worker's); false once it ended.</summary>
    private bool TryTake(out long position, [MaybeNullWhen(false)] out T item)
    {
        if (_array is { } array && !_fed)
        {
            if (_index < array.Length)
            {
                item = array[_index++];
                position = Taken();
                return true;
            }
            EndInput();
        }
        else if (!_fed && _source is { } source)
        {
            try
            {
                if (source.MoveNext())
                {
                    item = source.Current;
                    position = Taken();
                    return true;
                }
            }
            catch (Exception error)
            {
                _inputError = ExceptionDispatchInfo.Capture(error);
            }
            EndInput();
        }
        position = 0;
        item = default;
        return false;
    }

    private long Taken()
    {
        _running++;
        return _ordered ? Reserve() : 0;
    }

    private void EndInput()
    {
        _fed = true;
        _array = null;
        var source = _source;
        _source = null;
        source?.Dispose();
        Wake();
    }

    private long Reserve()
    {
        if (_tail - _head == _outcomes.Length)
        {
            var larger = new Outcome[_outcomes.Length * 2];
            for (long p = _head; p < _tail; p++)
                larger[p & (larger.Length - 1)] = _outcomes[p & (_outcomes.Length - 1)];
            _outcomes = larger;
        }
        return _tail++;
    }

    /// <summary>An item finished (a worker's, or one that never ran: its value is the default).</summary>
    private void Finished(long position, R value, Exception? error)
    {
        _running--;
        if (!_ordered)
            position = Reserve();
        _outcomes[position & (_outcomes.Length - 1)] = new Outcome(value, error, Done: true);
        if (!_woken && (!_ordered || position == _head || (_running == 0 && _fed)))
        {
            _woken = true;
            Wake();
        }
    }

    /// <summary>A worker's life: its item, then the next ones while the input lasts and no spawner waits for the slot.</summary>
    private async GreenTask Work(Worker worker, Greenlet self)
    {
        while (true)
        {
            R value = default!;
            Exception? failure = null;
            bool suspended = false;
            try
            {
                var task = _function.Call(worker.Item, self);
                suspended = !task.IsCompleted;
                value = await task;
            }
            catch (Exception error)
            {
                failure = error;
            }
            worker.Holding = false;
            if (failure is GreenletExit || (failure is not null && _group.IsKilledWith(failure)))
            {
                // The worker was killed: it dies with its item, as the item's own greenlet would have.
                Finished(worker.Position, default!, failure is GreenletExit ? null : failure);
                ExceptionDispatchInfo.Throw(failure!);
            }
            Finished(worker.Position, value, failure);
            if (failure is not null)
                _group.Hub.ReportError(self, failure);
            if ((self.Flags & Greenlet.FlagHasLocals) != 0)
                LocalSlots.Forget(self); // the next item starts with fresh GreenLocal values, as a new greenlet would
            if (_fed || _lazy || _group.SlotWanted)
                return;
            if (!suspended)
                await Green.Sleep(default(GreenSuspend), 0); // items that never wait still take turns with the others
            Hub.ThrowIfInterrupted(self);
            if (_group.SlotWanted || !TryTake(out long position, out var item))
                return;
            worker.Take(position, item);
        }
    }

    /// <summary>Map: all the results, in input order (the enumeration, without a MoveNext per result that is there).</summary>
    public async GreenTask<IReadOnlyList<R>> Collect()
    {
        var results = _items.TryGetNonEnumeratedCount(out int count) ? new List<R>(count) : new List<R>();
        using (this)
        {
            while (await MoveNext(default(GreenSuspend)))
            {
                results.Add(Current);
                while (TryTakeNext(out var more))
                    results.Add(more);
            }
        }
        return results;
    }

    protected override bool TryTakeNext([MaybeNullWhen(false)] out R item)
    {
        _woken = false;
        if (_head < _tail)
        {
            ref var next = ref _outcomes[_head & (_outcomes.Length - 1)];
            if (next.Done)
            {
                var outcome = next;
                next = default;
                _head++;
                if (outcome.Error is { } failure)
                    ExceptionDispatchInfo.Throw(failure);
                item = outcome.Value;
                return true;
            }
        }
        if (_head == _tail && _fed && _running == 0 && _inputError is { } inputError)
        {
            _inputError = null;
            inputError.Throw();
        }
        item = default;
        return false;
    }

    protected override bool IsFinished => _fed && _running == 0 && _head == _tail;

    protected override void OnDispose()
    {
        _fed = true; // workers take no more items
        if (!_feeder.Dead)
            _feeder.BeginKill(new GreenletExit());
    }

    public override string ToString() => _ordered ? $"{_group}.IMap" : $"{_group}.IMapUnordered";

    /// <summary>One item's outcome.</summary>
    private readonly record struct Outcome(R Value, Exception? Error, bool Done);

    /// <summary>A worker greenlet's body and its current item; told when the greenlet finishes (the group's observer).</summary>
    private sealed class Worker(MapRun<T, R> run, long position, T item) : GreenletBody, IGreenletObserver
    {
        public long Position = position;
        public T Item = item;

        // Whether Item was taken and has not finished: a worker killed before it ran still owes its item's outcome.
        public bool Holding = true;

        public void Take(long position, T item)
        {
            Position = position;
            Item = item;
            Holding = true;
        }

        public void Drop()
        {
            if (!Holding)
                return;
            Holding = false;
            Item = default!;
            run.Finished(Position, default!, null);
        }

        public override GreenTaskSource? Start(Greenlet greenlet) => run.Work(this, greenlet).Source;

        public override Delegate Function => run._function.Delegate;

        public override object?[] Arguments => [Item];

        void IGreenletObserver.OnFinished(Greenlet greenlet) => Drop();
    }
}

/// <summary>The sequence <c>IMap</c>/<c>IMapUnordered</c> return: each enumeration maps the items anew.</summary>
internal sealed class MapSequence<T, R>(GreenGroup group, MapFunction<T, R> function, IEnumerable<T> items, bool ordered) : GreenEnumerable<R>
{
    public override GreenEnumerator<R> GetEnumerator() => new MapRun<T, R>(group, function, items, ordered);
}
