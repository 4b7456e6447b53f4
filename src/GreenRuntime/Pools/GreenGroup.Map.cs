using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Pools;

namespace GreenRuntime;

// Running a function over items in greenlets of the group: gevent's map, imap, imap_unordered and apply.
public partial class GreenGroup
{
    /// <summary>
    /// Runs <paramref name="fn"/> on every item in greenlets of this group (at most the pool's size at once, items
    /// started in input order as slots free up), and returns the results in input order, running the hub meanwhile
    /// (gevent's <c>map</c>). If an item fails, its exception is rethrown once the items before it have finished, and
    /// no further item is started; items already running finish in the group.
    /// </summary>
    /// <remarks>
    /// The items run on worker greenlets that are members of the group, each taking the next item when it finished one
    /// (a worker leaves between items when a spawner waits for a slot): inside an item <see cref="Green.Current"/> is
    /// the worker, which runs other items before and after it. Each item starts with fresh <see cref="GreenLocal{T}"/>
    /// values. Killing a worker (with <see cref="GreenletExit"/>, or through the group's <c>Kill</c>) ends it with its
    /// item; the same goes for <c>IMap</c> and <c>IMapUnordered</c>.
    /// </remarks>
    /// <typeparam name="T">The items' type.</typeparam>
    /// <typeparam name="R">The results' type.</typeparam>
    /// <param name="fn">The function to run on each item; inside a <c>[Greenlet]</c> method a lambda here may suspend (it becomes a green lambda).</param>
    /// <param name="items">The items; read one at a time, as the group takes them.</param>
    /// <returns>The results, in the order of the items.</returns>
    public IReadOnlyList<R> Map<T, R>(Func<T, R> fn, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var function = MapFunction<T, R>.Of(fn);
        _hub.CheckThread(this);
        _hub.EnsureCanBlock($"{GetType().Name}.Map");
        return _hub.Block(new MapRun<T, R>(this, function, items, ordered: true).Collect());
    }

    /// <summary>The resumable twin of <see cref="Map{T, R}(Func{T, R}, IEnumerable{T})"/>, used by generated code.</summary>
    /// <typeparam name="T">The items' type.</typeparam>
    /// <typeparam name="R">The results' type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The function's twin.</param>
    /// <param name="items">The items.</param>
    /// <returns>The results, in the order of the items.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<IReadOnlyList<R>> Map<T, R>(GreenSuspend suspend, Func<T, GreenTask<R>> fn, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var function = MapFunction<T, R>.OfTwin(fn);
        _hub.CheckThread(this);
        return new MapRun<T, R>(this, function, items, ordered: true).Collect();
    }

    /// <summary>
    /// Lazily runs <paramref name="fn"/> on every item in greenlets of this group and yields the results in input order
    /// (gevent's <c>imap</c>). Items are read and started only while the group has room (a pool's size), starting with
    /// the enumeration. An item that failed throws its exception from the <c>MoveNext</c> that reaches it; the
    /// enumeration can go on after it. A <c>foreach</c> over it inside a <c>[Greenlet]</c> method parks between results.
    /// Leaving the loop early stops reading items; those already running finish in the group.
    /// </summary>
    /// <typeparam name="T">The items' type.</typeparam>
    /// <typeparam name="R">The results' type.</typeparam>
    /// <param name="fn">The function to run on each item.</param>
    /// <param name="items">The items.</param>
    /// <returns>The results, in the order of the items; each enumeration maps the items anew.</returns>
    public GreenEnumerable<R> IMap<T, R>(Func<T, R> fn, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new MapSequence<T, R>(this, MapFunction<T, R>.Of(fn), items, ordered: true);
    }

    /// <summary>The twin form of <see cref="IMap{T, R}(Func{T, R}, IEnumerable{T})"/>, used by generated code.</summary>
    /// <typeparam name="T">The items' type.</typeparam>
    /// <typeparam name="R">The results' type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The function's twin.</param>
    /// <param name="items">The items.</param>
    /// <returns>The results, in the order of the items.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenEnumerable<R> IMap<T, R>(GreenSuspend suspend, Func<T, GreenTask<R>> fn, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new MapSequence<T, R>(this, MapFunction<T, R>.OfTwin(fn), items, ordered: true);
    }

    /// <summary>
    /// Like <see cref="IMap{T, R}(Func{T, R}, IEnumerable{T})"/>, but yields each result as soon as its item finishes:
    /// in completion order (gevent's <c>imap_unordered</c>).
    /// </summary>
    /// <typeparam name="T">The items' type.</typeparam>
    /// <typeparam name="R">The results' type.</typeparam>
    /// <param name="fn">The function to run on each item.</param>
    /// <param name="items">The items.</param>
    /// <returns>The results, in the order the items finished; each enumeration maps the items anew.</returns>
    public GreenEnumerable<R> IMapUnordered<T, R>(Func<T, R> fn, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new MapSequence<T, R>(this, MapFunction<T, R>.Of(fn), items, ordered: false);
    }

    /// <summary>The twin form of <see cref="IMapUnordered{T, R}(Func{T, R}, IEnumerable{T})"/>, used by generated code.</summary>
    /// <typeparam name="T">The items' type.</typeparam>
    /// <typeparam name="R">The results' type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The function's twin.</param>
    /// <param name="items">The items.</param>
    /// <returns>The results, in the order the items finished.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenEnumerable<R> IMapUnordered<T, R>(GreenSuspend suspend, Func<T, GreenTask<R>> fn, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new MapSequence<T, R>(this, MapFunction<T, R>.OfTwin(fn), items, ordered: false);
    }

    /// <summary>
    /// Runs <paramref name="fn"/> in a greenlet of this group and returns its result, rethrowing its exception (gevent's
    /// <c>apply</c>); a full pool waits for a slot first. Called from a greenlet of this group, it runs
    /// <paramref name="fn"/> at once in that greenlet (a member waiting for a slot of its own pool could wait for ever).
    /// </summary>
    /// <typeparam name="R">The result's type.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <returns>What <paramref name="fn"/> returned.</returns>
    public R Apply<R>(Func<R> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        _hub.CheckThread(this);
        if (_members.ContainsKey(_hub.CurrentGreenlet))
            return fn();
        _hub.EnsureCanBlock($"{GetType().Name}.Apply");
        return Spawn(fn).Get();
    }

    /// <summary>The resumable twin of <see cref="Apply{R}(Func{R})"/>, used by generated code.</summary>
    /// <typeparam name="R">The result's type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The function's twin.</param>
    /// <returns>What the function returned.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<R> Apply<R>(GreenSuspend suspend, Func<GreenTask<R>> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        _hub.CheckThread(this);
        if (_members.ContainsKey(_hub.CurrentGreenlet))
            return await fn();
        var greenlet = await Spawn(suspend, fn);
        return await greenlet.Get(suspend);
    }

    /// <summary>Admits a map's worker (its feeder), waiting while the pool is full; <paramref name="worker"/> is told when it finishes.</summary>
    internal GreenTask<Greenlet> AdmitItem(Greenlet greenlet, IGreenletObserver worker) => Admit(greenlet, start: true, worker);

    /// <summary>Whether a spawner waits for a slot of this pool: a map's worker then leaves between items and gives it its slot.</summary>
    internal bool SlotWanted => SpawnersWaiting;

    /// <summary>Whether <paramref name="exception"/> is what a <c>Kill</c> of this group throws into its members (a map's worker then dies with its item).</summary>
    internal bool IsKilledWith(Exception exception) => ReferenceEquals(exception, _killedWith);
}
