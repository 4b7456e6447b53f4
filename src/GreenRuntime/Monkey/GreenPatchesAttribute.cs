namespace GreenRuntime;

/// <summary>
/// Switches tiers and groups of GreenRuntime's compile-time patches off for this assembly, like gevent's
/// <c>patch_all(socket=False, ...)</c>: <c>[assembly: GreenPatches(Off = GreenPatch.Sockets | GreenPatch.Offload)]</c>.
/// </summary>
/// <remarks>
/// The MSBuild property <c>&lt;GreenPatchesOff&gt;Sockets;Offload&lt;/GreenPatchesOff&gt;</c> (the names of
/// <see cref="GreenPatch"/>, case-insensitive) does the same; what either switches off is off. The generator and the
/// analyzers read the same setting, so every call the setting leaves blocking gets warning GRN0032. To leave one call
/// blocking deliberately, write it as <c>Green.Blocking(() =&gt; call)</c> instead.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class GreenPatchesAttribute : Attribute
{
    /// <summary>The tiers and groups switched off (<see cref="GreenPatch.None"/> by default: everything on).</summary>
    public GreenPatch Off { get; init; }
}
