using System.ComponentModel;

namespace GreenRuntime.CompilerServices;

/// <summary>
/// Marker argument that selects the resumable twin of a blocking method.
/// </summary>
/// <remarks>
/// For every blocking method <c>M(args)</c> that can suspend a green thread — a <c>[Greenlet]</c>
/// method or GreenRuntime's own blocking API — there is an overload <c>M(GreenSuspend, args)</c>
/// that returns an awaitable instead of blocking. The source generator calls these overloads from the
/// resumable twins it writes; user code never needs to.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenSuspend;
