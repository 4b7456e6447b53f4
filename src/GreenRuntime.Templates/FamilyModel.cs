using GreenRuntime.Generators.Emit;

namespace GreenRuntime.Templates;

/// <summary>
/// One overload family as plain strings: the pipeline caches on it, so it never holds symbols, syntax or locations.
/// </summary>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Namespace">The namespace of the type that gets the overloads, or null for the global namespace.</param>
/// <param name="ContainingTypes">The partial declarations around the overloads, outermost first (<c>partial class Green</c>).</param>
/// <param name="Name">The overloads' name (<c>Spawn</c>).</param>
/// <param name="Kind">What the overloads return: the greenlet, or the future of a call.</param>
/// <param name="IsStatic">Whether the overloads are static (the start method is).</param>
/// <param name="StartMethod">The marked method, which every overload hands its new greenlet to.</param>
/// <param name="TwinStartMethod">The method the twin overloads hand their greenlet to (returning an awaitable of it), or null: the marked one.</param>
/// <param name="LeadingParameters">The start method's parameters before the greenlet: every overload takes them first.</param>
/// <param name="Docs">The overloads' documentation, from the start method's.</param>
/// <param name="Error">Why the marked method cannot start a family (written as <c>#error</c>), or null.</param>
/// <param name="FutureTwins">Whether a <see cref="FamilyKind.Future"/> family also gets twin overloads (<c>Twins = true</c>).</param>
/// <param name="HidesInherited">Whether a base type has members of the overloads' name, which the overloads hide (<c>new</c>).</param>
internal sealed record FamilyModel(
    string HintName,
    string? Namespace,
    EquatableArray<string> ContainingTypes,
    string Name,
    FamilyKind Kind,
    bool IsStatic,
    string StartMethod,
    string? TwinStartMethod,
    EquatableArray<FamilyParameter> LeadingParameters,
    FamilyDocs Docs,
    string? Error,
    bool FutureTwins = false,
    bool HidesInherited = false);

/// <summary>A leading parameter of a family (<c>TimeSpan delay</c>).</summary>
/// <param name="Type">Its fully qualified type.</param>
/// <param name="Name">Its name.</param>
/// <param name="Doc">The inner XML of its <c>param</c> doc.</param>
internal sealed record FamilyParameter(string Type, string Name, string Doc);

/// <summary>The inner XML of the docs every overload of a family shares.</summary>
/// <param name="Summary">The public overloads' summary.</param>
/// <param name="Returns">What every overload returns.</param>
/// <param name="Remarks">The public overloads' remarks, if any.</param>
/// <param name="TwinSummary">The twin overloads' summary.</param>
/// <param name="Exceptions">The start method's <c>&lt;exception&gt;</c> elements, whole, one line each: every overload throws what it throws.</param>
internal sealed record FamilyDocs(string Summary, string Returns, string? Remarks, string TwinSummary, EquatableArray<string> Exceptions);

/// <summary>What a family's overloads make of the user's function, told by its start method's type parameter.</summary>
internal enum FamilyKind
{
    /// <summary>A greenlet running it (<c>Green.Spawn</c>): the start method takes and returns a <c>Greenlet</c>; twin overloads too.</summary>
    Greenlet,

    /// <summary>
    /// A <c>Future</c> of a call to it (<c>Executor.Submit</c>): the start method takes and returns a <c>FutureCall</c>,
    /// and the overloads return the call's future. Twin overloads only with <c>Twins = true</c> (an executor that runs
    /// twins); otherwise what runs the function is the executor's business.
    /// </summary>
    Future,
}
