using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>
/// Something <see cref="Green.Wait(IEnumerable{IGreenWaitable}, TimeSpan?, int?)"/> and <see cref="Green.IWait(IEnumerable{IGreenWaitable}, TimeSpan?, int?)"/> can wait on: it becomes ready once — a
/// <see cref="Greenlet"/> finishing, a <see cref="GreenEvent"/> being set, an async result getting its value (gevent's
/// objects with <c>rawlink</c>).
/// </summary>
/// <remarks>
/// Only GreenRuntime's own types implement it (the runtime links to them through an internal member): wait on a mix of
/// them with <c>Green.Wait([greenlet, stopEvent])</c> and tell which became ready by type (<c>ready is Greenlet g</c>).
/// </remarks>
public interface IGreenWaitable
{
    /// <summary>Whether a wait on it returns at once: the greenlet has finished, the event is set, the result is in.</summary>
    bool Ready { get; }

    /// <summary>The runtime's side of the object: its observers.</summary>
    internal IWaitable Waitable { get; }
}
