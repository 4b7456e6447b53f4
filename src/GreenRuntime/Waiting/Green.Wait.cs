using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;

namespace GreenRuntime;

// gevent's wait and iwait: waiting on any mix of greenlets, events and async results.
public static partial class Green
{
    /// <summary>
    /// Waits until <paramref name="count"/> of <paramref name="objects"/> (all of them when null) are ready, or
    /// <paramref name="timeout"/> passed, running the hub meanwhile, and returns the ready ones: those ready at once
    /// first (in the order given), then in the order they became ready (gevent's <c>wait</c>). Never throws a
    /// greenlet's exception.
    /// </summary>
    /// <param name="objects">Greenlets, events and async results, in any mix (<c>Green.Wait([worker, stopEvent], count: 1)</c>).</param>
    /// <param name="timeout">Stop waiting after this long and return the objects ready by then; null: no limit.</param>
    /// <param name="count">Return as soon as this many are ready; null: all of them.</param>
    /// <returns>The ready objects, at most <paramref name="count"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="timeout"/> is negative.</exception>
    public static IReadOnlyList<IGreenWaitable> Wait(IEnumerable<IGreenWaitable> objects, TimeSpan? timeout = null, int? count = null)
    {
        var waitables = ReadyObjects.Checked(objects, count);
        var hub = Hub.Current;
        hub.EnsureCanBlock("Green.Wait");
        return hub.Block(ReadyObjects.Collect(new ReadyObjects(waitables, timeout, count)));
    }

    /// <summary>The resumable twin of <see cref="Wait(IEnumerable{IGreenWaitable}, TimeSpan?, int?)"/>, used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="objects">Greenlets, events and async results.</param>
    /// <param name="timeout">Stop waiting after this long.</param>
    /// <param name="count">Return as soon as this many are ready.</param>
    /// <returns>The ready objects.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<IReadOnlyList<IGreenWaitable>> Wait(
        GreenSuspend suspend, IEnumerable<IGreenWaitable> objects, TimeSpan? timeout = null, int? count = null) =>
        ReadyObjects.Collect(new ReadyObjects(ReadyObjects.Checked(objects, count), timeout, count));

    /// <summary>
    /// Yields <paramref name="objects"/> as they become ready — those ready at once first, in the order given — until
    /// <paramref name="count"/> were yielded (all of them when null) or <paramref name="timeout"/> passed (gevent's
    /// <c>iwait</c>). A <c>foreach</c> over it inside a <c>[Greenlet]</c> method parks the greenlet between items; from
    /// ordinary code it runs the hub. Leaving the loop early (a <c>break</c>, an exception) stops observing the rest.
    /// </summary>
    /// <param name="objects">Greenlets, events and async results, in any mix.</param>
    /// <param name="timeout">How long the whole iteration may wait, from its start; then it ends. Null: no limit.</param>
    /// <param name="count">End after this many objects; null: all of them.</param>
    /// <returns>The objects, lazily, as they become ready. Each enumeration waits anew.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="timeout"/> is negative.</exception>
    public static GreenEnumerable<IGreenWaitable> IWait(IEnumerable<IGreenWaitable> objects, TimeSpan? timeout = null, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be zero or positive (or null to wait for all of them).");
        if (timeout < TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A timeout must be zero or positive (or null for no timeout).");
        return new ReadySequence(objects, timeout, count);
    }

    private sealed class ReadySequence(IEnumerable<IGreenWaitable> objects, TimeSpan? timeout, int? count) : GreenEnumerable<IGreenWaitable>
    {
        public override GreenEnumerator<IGreenWaitable> GetEnumerator() =>
            new ReadyObjects(ReadyObjects.Checked(objects, count), timeout, count);
    }
}
