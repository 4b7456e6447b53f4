using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Greenlets;

namespace GreenRuntime.Pools;

/// <summary>The function a map runs on each item: the user's, or its resumable twin.</summary>
internal readonly struct MapFunction<T, R>
{
    private readonly Func<T, R>? _plain;
    private readonly Func<T, GreenTask<R>>? _twin;

    private MapFunction(Func<T, R>? plain, Func<T, GreenTask<R>>? twin)
    {
        _plain = plain;
        _twin = twin;
    }

    /// <summary>A plain function; a delegate to a [Greenlet] method runs its twin, as Spawn does.</summary>
    public static MapFunction<T, R> Of(Func<T, R> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T, GreenTask<R>>>(fn) is { } twin)
            return new(null, a1 => twin(default, a1));
        return new(fn, null);
    }

    public static MapFunction<T, R> OfTwin(Func<T, GreenTask<R>> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return new(null, fn);
    }

    /// <summary>What the greenlet of one item runs (the bodies Green.Spawn's overloads make).</summary>
    public object BodyFor(T item)
    {
        if (_twin is { } twin)
            return new TwinBody<T, R>(twin, item);
        var plain = _plain!;
        return (Func<R>)(() => plain(item));
    }
}

/// <summary>
/// One enumeration of <see cref="GreenGroup.IMap{T, R}(Func{T, R}, IEnumerable{T})"/> or <c>IMapUnordered</c> (and
/// <c>Map</c>, which collects one): a feeder greenlet takes the items one by one and starts each in a greenlet of the
/// group, waiting while a pool is full, so the input is read only as fast as the pool takes items; the enumerator hands
/// out the results in input order, or in completion order when unordered (gevent's <c>IMap</c>/<c>IMapUnordered</c>).
/// </summary>
/// <remarks>
/// An item that failed throws its exception from the <c>MoveNext</c> that reaches it, and the enumeration goes on after
/// it (gevent's <c>imap</c>); an exception of the input sequence itself is thrown after the items started before it.
/// Ending the enumeration early stops the feeder; items already running finish in the group.
/// </remarks>
internal sealed class MapRun<T, R> : GreenEnumerator<R>, IGreenletObserver
{
    private readonly GreenGroup _group;
    private readonly MapFunction<T, R> _function;
    private readonly IEnumerable<T> _items;
    private readonly bool _ordered;

    // Ordered: the started items in input order (consumed from the front once finished). Unordered: the finished ones.
    private readonly Queue<Greenlet<R>> _results = new();
    private readonly Greenlet _feeder;
    private int _running;
    private bool _fed;
    private ExceptionDispatchInfo? _inputError;

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
                // An input whose next item may wait (another IMap, a queue's sequence): the feeder parks for it.
                using var items = lazy.GetEnumerator();
                while (await items.MoveNext(default(GreenSuspend)))
                    await Start(items.Current);
            }
            else
            {
                foreach (var item in _items)
                    await Start(item);
            }
        }
        catch (Exception error) when (error is not GreenletExit)
        {
            _inputError = ExceptionDispatchInfo.Capture(error);
        }
        finally
        {
            _fed = true;
            Wake();
        }
    }

    private async GreenTask Start(T item)
    {
        // The group tells this run when the item finishes (the greenlet's one observer); it is only scheduled here.
        var greenlet = await _group.AdmitItem(new Greenlet<R>(_group.Hub, _function.BodyFor(item)), this);
        _running++;
        if (_ordered)
            _results.Enqueue(greenlet);
    }

    void IGreenletObserver.OnFinished(Greenlet greenlet)
    {
        _running--;
        if (!_ordered)
        {
            _results.Enqueue((Greenlet<R>)greenlet);
            Wake();
        }
        else if (_results.Peek() == greenlet || (_running == 0 && _fed))
        {
            Wake();
        }
    }

    protected override bool TryTakeNext([MaybeNullWhen(false)] out R item)
    {
        if (_results.TryPeek(out var next) && next.Dead)
        {
            _results.Dequeue();
            if (next.Exception is { } failure)
                ExceptionDispatchInfo.Throw(failure);
            item = next.Value;
            return true;
        }
        if (_results.Count == 0 && _fed && _running == 0 && _inputError is { } inputError)
        {
            _inputError = null;
            inputError.Throw();
        }
        item = default;
        return false;
    }

    protected override bool IsFinished => _fed && _running == 0 && _results.Count == 0;

    protected override void OnDispose()
    {
        if (!_feeder.Dead)
            _feeder.BeginKill(new GreenletExit());
    }

    public override string ToString() => _ordered ? $"{_group}.IMap" : $"{_group}.IMapUnordered";
}

/// <summary>The sequence <c>IMap</c>/<c>IMapUnordered</c> return: each enumeration maps the items anew.</summary>
internal sealed class MapSequence<T, R>(GreenGroup group, MapFunction<T, R> function, IEnumerable<T> items, bool ordered) : GreenEnumerable<R>
{
    public override GreenEnumerator<R> GetEnumerator() => new MapRun<T, R>(group, function, items, ordered);
}
