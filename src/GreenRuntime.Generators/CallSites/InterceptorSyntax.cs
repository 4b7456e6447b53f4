using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GreenRuntime.Generators.CallSites;

/// <summary>The names and fragments of C# that every interceptor uses.</summary>
internal static class InterceptorSyntax
{
    /// <summary>The marker argument that selects a twin overload.</summary>
    public const string Marker = "default(global::GreenRuntime.CompilerServices.GreenSuspend)";

    /// <summary>The class that runs a twin from ordinary code.</summary>
    public const string GreenCall = "global::GreenRuntime.CompilerServices.GreenCall";

    /// <summary>The name of the interceptor parameter that receives the intercepted call's receiver.</summary>
    /// <remarks>Generated names start with <c>__</c>, like the twin's <c>__suspend</c>, so they cannot meet the user's.</remarks>
    public const string Receiver = "__self";

    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(
        SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><paramref name="type"/> as <c>global::</c>-qualified C#, with its nullable annotations.</summary>
    public static string Type(ITypeSymbol type) => type.ToDisplayString(s_typeFormat);

    /// <summary>The return type of <paramref name="method"/>, or <c>void</c>.</summary>
    public static string ReturnType(IMethodSymbol method) => method.ReturnsVoid ? "void" : Type(method.ReturnType);

    /// <summary>Prefixes <c>@</c> to names that are C# keywords.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The <c>this</c> parameter of an interceptor for an instance method of <paramref name="type"/>.</summary>
    /// <remarks>
    /// A struct receiver is passed by reference, as the compiler passes it to the intercepted method: <c>in</c> for
    /// a <c>readonly</c> member, <c>ref</c> otherwise.
    /// </remarks>
    public static string ThisParameter(IMethodSymbol method, string typeName)
    {
        string refKind = method.ContainingType.IsValueType ? (method.IsReadOnly ? "in " : "ref ") : string.Empty;
        return $"this {refKind}{typeName} {Receiver}";
    }
}
