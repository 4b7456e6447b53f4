using System.Linq;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.CallSites;

/// <summary>The names and fragments of C# that every interceptor uses.</summary>
internal static class InterceptorSyntax
{
    /// <summary>The class that runs a twin from ordinary code.</summary>
    public const string GreenCall = "global::GreenRuntime.CompilerServices.GreenCall";

    /// <summary>The name of the interceptor parameter that receives the intercepted call's receiver.</summary>
    /// <remarks>Generated names start with <c>__</c>, like the twin's <c>__suspend</c>, so they cannot meet the user's.</remarks>
    public const string Receiver = "__self";

    /// <summary><paramref name="type"/> as <c>global::</c>-qualified C#, with its nullable annotations.</summary>
    public static string Type(ITypeSymbol type) => TypeNames.Format(type);

    /// <summary>The return type of <paramref name="method"/>, or <c>void</c>.</summary>
    public static string ReturnType(IMethodSymbol method) => method.ReturnsVoid ? "void" : Type(method.ReturnType);

    /// <summary>The type arguments of a call of <paramref name="method"/>: <c>&lt;global::A, global::B&gt;</c>, or an empty string.</summary>
    public static string TypeArgumentList(IMethodSymbol method) =>
        method.IsGenericMethod ? "<" + string.Join(", ", method.TypeArguments.Select(Type)) + ">" : string.Empty;

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
