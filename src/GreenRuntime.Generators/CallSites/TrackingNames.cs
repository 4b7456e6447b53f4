namespace GreenRuntime.Generators.CallSites;

/// <summary>The names of the interceptor generator's pipeline steps, for incrementality tests.</summary>
internal static class TrackingNames
{
    /// <summary>
    /// Every candidate invocation with the compilation's shape: <c>Cached</c>/<c>Unchanged</c> for one of an unchanged
    /// file when no declaration changed, which is then not bound again.
    /// </summary>
    public const string CallSites = nameof(CallSites);

    /// <summary>Every candidate invocation, transformed to a model (or null when it is not intercepted).</summary>
    public const string Invocations = nameof(Invocations);

    /// <summary>The patch configuration (<c>[assembly: GreenPatches]</c> and <c>GreenPatchesOff</c>): one value per compilation.</summary>
    public const string PatchConfiguration = nameof(PatchConfiguration);

    /// <summary>The invocations that get an interceptor.</summary>
    public const string InterceptedCalls = nameof(InterceptedCalls);

    /// <summary>All intercepted calls of the compilation, collected for the one generated file.</summary>
    public const string AllInterceptedCalls = nameof(AllInterceptedCalls);

    /// <summary>The green functions of lambdas passed from ordinary code, one generated file each.</summary>
    public const string GreenLambdas = nameof(GreenLambdas);
}
