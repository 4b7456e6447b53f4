using GreenRuntime.Templates;

namespace GreenRuntime;

// The Spawn and SpawnLater overload families (0-4 arguments, Action and Func, and the hidden twin overloads that
// generated code calls with a [Greenlet] method's resumable twin) are expanded from these two start methods by
// src/GreenRuntime.Templates; docs/internals.md, "Overload families". Their docs are the overloads' docs, whose fn
// these methods do not have.
#pragma warning disable CS1734 // XML comment has a paramref tag, but there is no parameter by that name
public static partial class Green
{
    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <typeparam name="TGreenlet">The greenlet's type.</typeparam>
    /// <param name="greenlet">The new greenlet, not started yet.</param>
    /// <returns>The new greenlet.</returns>
    [OverloadFamily("Spawn")]
    private static TGreenlet Spawned<TGreenlet>(TGreenlet greenlet)
        where TGreenlet : Greenlet => Start(greenlet, null);

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <typeparam name="TGreenlet">The greenlet's type.</typeparam>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="greenlet">The new greenlet, not started yet.</param>
    /// <returns>The new greenlet.</returns>
    [OverloadFamily("SpawnLater")]
    private static TGreenlet SpawnedLater<TGreenlet>(TimeSpan delay, TGreenlet greenlet)
        where TGreenlet : Greenlet => Start(greenlet, delay);
}
