namespace GreenRuntime.Generators.Twins;

/// <summary>The names of the twin generator's pipeline steps, for incrementality tests.</summary>
internal static class TrackingNames
{
    /// <summary>
    /// The <c>[Greenlet]</c> methods found by <c>ForAttributeWithMetadataName</c>, each with the compilation's shape:
    /// <c>Cached</c>/<c>Unchanged</c> for a method whose model cannot have changed, which is then not transformed again.
    /// </summary>
    public const string GreenletDeclarations = nameof(GreenletDeclarations);

    /// <summary>The <c>[Greenlet]</c> methods transformed to models (or null).</summary>
    public const string GreenletMethods = nameof(GreenletMethods);

    /// <summary>The patch configuration (<c>[assembly: GreenPatches]</c> and <c>GreenPatchesOff</c>): one value per compilation.</summary>
    public const string PatchConfiguration = nameof(PatchConfiguration);

    /// <summary>The twin models that produce a source file.</summary>
    public const string Twins = nameof(Twins);
}
