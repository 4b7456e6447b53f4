using System.Linq;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.CallSites;

/// <summary>
/// What the generated interceptors may mention: they live in a file-local top-level class, so they see what any
/// top-level type of the assembly sees, and nothing private or protected.
/// </summary>
internal static class InterceptorVisibility
{
    /// <summary>
    /// Whether <paramref name="type"/> can be written in the interceptor file: it is accessible from a top-level type
    /// of <paramref name="compilation"/>, has a name (no anonymous types) and is not file-local to another file.
    /// Type parameters count only if <paramref name="allowTypeParameters"/> (the interceptor declares them itself).
    /// </summary>
    public static bool CanName(ITypeSymbol type, Compilation compilation, bool allowTypeParameters)
    {
        switch (type)
        {
            case ITypeParameterSymbol:
                return allowTypeParameters;
            case IArrayTypeSymbol array:
                return CanName(array.ElementType, compilation, allowTypeParameters);
            case IDynamicTypeSymbol:
                return true;
            case INamedTypeSymbol named:
                if (named.IsAnonymousType || named.TypeKind == TypeKind.Error || named.IsFileLocal)
                    return false;
                if (!compilation.IsSymbolAccessibleWithin(named.OriginalDefinition, compilation.Assembly))
                    return false;
                if (named.ContainingType is { } containing && !CanName(containing, compilation, allowTypeParameters))
                    return false;
                return named.TypeArguments.All(argument => CanName(argument, compilation, allowTypeParameters));
            default:
                // Pointers and function pointers: no twin has them.
                return false;
        }
    }

    /// <summary>
    /// Whether the parameter types and the return type of <paramref name="method"/>, and the <paramref name="others"/>,
    /// can all be written in the interceptor file (<see cref="CanName"/>).
    /// </summary>
    public static bool CanNameSignature(
        IMethodSymbol method, Compilation compilation, bool allowTypeParameters, params ITypeSymbol[] others)
    {
        var types = method.Parameters.Select(p => p.Type).Concat(others);
        if (!method.ReturnsVoid)
            types = types.Append(method.ReturnType);
        return types.All(t => CanName(t, compilation, allowTypeParameters));
    }

    /// <summary>
    /// Whether the twin of the <c>[Greenlet]</c> method <paramref name="definition"/> can be called from the interceptor
    /// file. A twin from another assembly is looked up; a twin of this compilation is being written by the twin
    /// generator (nobody else sees it yet) with the original's accessibility, private widened to internal and protected
    /// to protected internal, unless it overrides or its signature would not allow it (docs/internals.md).
    /// </summary>
    public static bool IsTwinReachable(IMethodSymbol definition, Compilation compilation)
    {
        if (!SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, compilation.Assembly))
        {
            var twin = GreenletSymbols.FindMatchingMarkerOverload(definition);
            return twin is not null && compilation.IsSymbolAccessibleWithin(twin, compilation.Assembly);
        }

        // A private nested type (or one nested in it) cannot be named from a top-level class at all.
        if (!compilation.IsSymbolAccessibleWithin(definition.ContainingType, compilation.Assembly))
            return false;
        switch (definition.DeclaredAccessibility)
        {
            case Accessibility.Public:
            case Accessibility.Internal:
            case Accessibility.ProtectedOrInternal:
                return true;
            case Accessibility.Private:
            case Accessibility.Protected:
            case Accessibility.ProtectedAndInternal:
                // Only if the twin generator widens the twin (it does not when a type of the signature is less visible).
                return !definition.IsOverride
                    && TwinModelBuilder.TwinAccessibilityOf(definition) is Accessibility.Internal or Accessibility.ProtectedOrInternal
                    && CanNameSignature(definition, compilation, allowTypeParameters: true);
            default:
                return false;
        }
    }
}
