namespace GreenRuntime.Generators.Analysis;

/// <summary>How a monkey patch replaces the call it patches (docs/internals.md, "Suspension points", rule 3).</summary>
internal enum PatchShape
{
    /// <summary><c>T.M(a)</c> → <c>await Patch(receiver, default(GreenSuspend), a)</c>.</summary>
    Plain,

    /// <summary>
    /// A target with <c>out</c>/<c>ref</c> parameters: <c>T.M(a, out e)</c> →
    /// <c>(await Patch(receiver, default(GreenSuspend), a)).Unpack(out e)</c>; <c>ref</c> arguments go in by value too.
    /// </summary>
    Unpack,

    /// <summary>
    /// Readiness awaited first, then a synchronous completion that sees the arguments: <c>T.M(span)</c> →
    /// <c>Complete(await Ready(receiver, default(GreenSuspend)), span)</c>.
    /// </summary>
    TwoPhase,

    /// <summary><c>new T(a)</c> → <c>await Create(default(GreenSuspend), a)</c>.</summary>
    Constructor,
}
