using System.ComponentModel;

namespace GreenRuntime.Monkey;

/// <summary>
/// What the readiness phase of a two-phase patch hands to its completion phase
/// (<see cref="PatchesAttribute.ReadyPhase"/>): the object the call was made on, and whether its timeout
/// (<see cref="System.Net.Sockets.Socket.ReceiveTimeout"/>, ...) ran out while the greenlet waited.
/// </summary>
/// <typeparam name="TSource">The type whose method is patched (<see cref="System.Net.Sockets.Socket"/>, <see cref="System.Net.Sockets.NetworkStream"/>).</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Readiness<TSource>
    where TSource : class
{
    internal Readiness(TSource source, bool timedOut)
    {
        Source = source;
        TimedOut = timedOut;
    }

    /// <summary>The receiver of the patched call.</summary>
    internal TSource Source { get; }

    /// <summary>Whether the wait ended because the timeout ran out: the completion reports it without calling.</summary>
    internal bool TimedOut { get; }
}
