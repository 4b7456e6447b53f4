using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// A monkey patch that matches one target, as <see cref="MonkeyPatchTable.FindPatch"/> found it. Holds symbols:
/// use it inside a transform or an analyzer callback, never in a pipeline output.
/// </summary>
internal sealed class MonkeyPatch
{
    public MonkeyPatch(PatchShape shape, IMethodSymbol awaited, IMethodSymbol? completion = null, PatchSwitches switches = PatchSwitches.None)
    {
        Shape = shape;
        Awaited = awaited;
        Completion = completion;
        Switches = switches;
    }

    /// <summary>The settings that switch the patch off: its class's <c>[PatchGroup]</c> (tier and group).</summary>
    public PatchSwitches Switches { get; }

    /// <summary>How the call is rewritten.</summary>
    public PatchShape Shape { get; }

    /// <summary>The method whose result is awaited: the patch itself, or the readiness phase of a two-phase patch.</summary>
    public IMethodSymbol Awaited { get; }

    /// <summary>The synchronous completion phase of a <see cref="PatchShape.TwoPhase"/> patch (the method marked <c>[Patches]</c>).</summary>
    public IMethodSymbol? Completion { get; }
}
