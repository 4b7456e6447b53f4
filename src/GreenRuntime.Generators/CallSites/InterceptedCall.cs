using GreenRuntime.Generators.Emit;

namespace GreenRuntime.Generators.CallSites;

/// <summary>
/// One call site and the interceptor that replaces it, as plain strings: the pipeline caches on it, so it must
/// never hold symbols, syntax, locations or the compilation.
/// </summary>
/// <param name="Location">Where the intercepted call is.</param>
/// <param name="Interceptor">The method that replaces it; equal interceptors are emitted once, with several locations.</param>
/// <param name="GreenLambdas">The green functions of the call's lambdas (<see cref="GreenLambdaFunctions"/>), each its own file.</param>
internal sealed record InterceptedCall(CallLocation Location, Interceptor Interceptor, EquatableArray<Twins.TwinModel> GreenLambdas);

/// <summary>The compiler's encoding of a call site, for <c>[InterceptsLocation(version, data)]</c>.</summary>
/// <param name="Version">The encoding's version.</param>
/// <param name="Data">The opaque encoded location (file checksum and position).</param>
/// <param name="DisplayLocation">A human-readable <c>file(line,column)</c>, written as a comment.</param>
internal sealed record CallLocation(int Version, string Data, string DisplayLocation);

/// <summary>An interceptor method, without its name and attributes.</summary>
/// <param name="Name">The intercepted method's name; the emitter makes it unique.</param>
/// <param name="TypeParameters">The type parameter list (<c>&lt;T&gt;</c>) or an empty string.</param>
/// <param name="Parameters">The parameter list without parentheses, <c>this</c> receiver first for instance methods.</param>
/// <param name="ReturnType">The fully qualified return type, or <c>void</c>.</param>
/// <param name="Constraints">The <c>where</c> clauses of the type parameters.</param>
/// <param name="Locals">Statements that run before the call (declarations of locals it uses).</param>
/// <param name="Expression">The expression that replaces the call.</param>
internal sealed record Interceptor(
    string Name,
    string TypeParameters,
    string Parameters,
    string ReturnType,
    EquatableArray<string> Constraints,
    EquatableArray<string> Locals,
    string Expression)
{
    /// <summary>Whether the interceptor returns nothing.</summary>
    public bool ReturnsVoid => ReturnType == "void";
}
