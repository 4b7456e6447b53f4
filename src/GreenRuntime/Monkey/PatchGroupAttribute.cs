using System.ComponentModel;

namespace GreenRuntime.Monkey;

/// <summary>
/// The settings that switch a class of patches off: its tier and its group (<c>[PatchGroup(GreenPatch.Offload |
/// GreenPatch.Console)]</c>). The generator leaves a call as written when any of them is in the assembly's
/// <see cref="GreenPatchesAttribute.Off"/> (or <c>GreenPatchesOff</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PatchGroupAttribute(GreenPatch switchedOffBy) : Attribute
{
    /// <summary>The tier and group of the class's patches.</summary>
    public GreenPatch SwitchedOffBy { get; } = switchedOffBy;
}
