using System.Collections.Generic;
using System.Linq;
using GreenRuntime.CompilerServices;
using GreenRuntime.Generators.CallSites;
using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Twins the interceptors cannot name: the twin of a static <c>[Greenlet]</c> method of a private or protected nested
/// type. The twin generator adds an internal static forwarder to it in the top-level type around it (which sees its
/// own nested types), and the interceptor generator calls the forwarder instead; both ask <see cref="For"/>, so they
/// agree on whether it exists and what it is called.
/// </summary>
internal static class TwinForwarders
{
    /// <summary>The forwarder to the twin of <paramref name="definition"/>, or null when none is needed or possible.</summary>
    public static TwinForwarder? For(IMethodSymbol definition, Compilation compilation)
    {
        var type = definition.ContainingType;
        if (!definition.IsStatic
            || definition.IsGenericMethod
            || definition.IsExtensionMethod
            || definition.MethodKind != MethodKind.Ordinary
            || type.ContainingType is null
            || !SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, compilation.Assembly)
            // Reachable as it is: the interceptor calls the twin itself.
            || compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
        {
            return null;
        }

        // Outermost first: the nested types' names, under the top-level type that hosts the forwarder.
        var nested = new List<string>();
        var host = type;
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType || current.IsFileLocal || current.TypeKind == TypeKind.Interface || current.IsExtension)
                return null;
            host = current;
            if (current.ContainingType is not null)
                nested.Insert(0, current.Name);
        }
        // A type private to a nested type (Outer.Middle's private Inner) is hidden from the top-level type too.
        if (!compilation.IsSymbolAccessibleWithin(type, host))
            return null;
        // The forwarder is internal: every type it takes and returns must be visible from the whole assembly.
        if (!InterceptorVisibility.CanNameSignature(definition, compilation, allowTypeParameters: false)
            || definition.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            return null;
        }
        return new TwinForwarder(host, nested, TwinNames.Forwarder(nested, definition.Name));
    }
}

/// <summary>
/// A forwarder to a twin: the top-level type that declares it, the names of the nested types from there down to the
/// twin's type (outermost first), and the forwarder's name.
/// </summary>
internal sealed record TwinForwarder(INamedTypeSymbol Host, IReadOnlyList<string> NestedTypes, string Name);
