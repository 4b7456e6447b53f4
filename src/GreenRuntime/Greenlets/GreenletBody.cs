using GreenRuntime.CompilerServices;

namespace GreenRuntime.Greenlets;

/// <summary>A greenlet body that needs more than a delegate: a twin and the arguments to call it with.</summary>
/// <remarks>
/// One subclass per argument count and kind (<c>VoidTwinBody&lt;T1&gt;</c> ... <c>TwinBody&lt;T1, T2, T3, T4, R&gt;</c>),
/// generated with the overload families that start them (src/GreenRuntime.Templates).
/// </remarks>
internal abstract class GreenletBody
{
    /// <summary>Runs the body up to its first suspension; null means it finished and stored its result.</summary>
    public abstract GreenTaskSource? Start(Greenlet greenlet);

    /// <summary>The function the greenlet runs (for <see cref="Greenlet.ToString"/>).</summary>
    public abstract Delegate Function { get; }

    /// <summary>The arguments it is called with (for <see cref="Greenlet.ToString"/>).</summary>
    public abstract object?[] Arguments { get; }
}
