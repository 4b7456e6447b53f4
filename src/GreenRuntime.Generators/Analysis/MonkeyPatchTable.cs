using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// The monkey patches GreenRuntime offers: static methods in namespace <c>GreenRuntime.Monkey</c> of the
/// GreenRuntime assembly marked <c>[Patches(typeof(T), "Name")]</c>, indexed by the method they replace.
/// </summary>
/// <remarks>
/// Built once per <see cref="Compilation"/> and cached: every suspension-point query of a compilation
/// (the generator's and the analyzer's) shares one table.
/// </remarks>
internal sealed class MonkeyPatchTable
{
    private static readonly ConditionalWeakTable<Compilation, MonkeyPatchTable> s_cache = new();

    private static readonly MonkeyPatchTable s_empty = new(new Dictionary<(INamedTypeSymbol, string), ImmutableArray<IMethodSymbol>>());

    private readonly Dictionary<(INamedTypeSymbol Type, string Name), ImmutableArray<IMethodSymbol>> _patches;

    private MonkeyPatchTable(Dictionary<(INamedTypeSymbol, string), ImmutableArray<IMethodSymbol>> patches) => _patches = patches;

    /// <summary>The table for <paramref name="compilation"/>, built on first use.</summary>
    public static MonkeyPatchTable For(Compilation compilation) => s_cache.GetValue(compilation, Build);

    /// <summary>
    /// The patch that replaces <paramref name="target"/>, or <see langword="null"/>: a patch whose parameters are
    /// the target's with <c>GreenSuspend</c> first, or <c>(T receiver, GreenSuspend, ...)</c> for an instance target.
    /// </summary>
    public IMethodSymbol? FindPatch(IMethodSymbol target)
    {
        var definition = GreenletSymbols.Definition(target);
        if (definition.ContainingType is null
            || !_patches.TryGetValue((definition.ContainingType.OriginalDefinition, definition.Name), out var candidates))
        {
            return null;
        }
        foreach (var patch in candidates)
        {
            if (Matches(patch, definition))
                return patch;
        }
        return null;
    }

    private static bool Matches(IMethodSymbol patch, IMethodSymbol target)
    {
        int offset = target.IsStatic ? 1 : 2;
        if (patch.Parameters.Length != target.Parameters.Length + offset)
            return false;
        if (!target.IsStatic && !SymbolEqualityComparer.Default.Equals(patch.Parameters[0].Type.OriginalDefinition, target.ContainingType.OriginalDefinition))
            return false;
        if (!GreenletSymbols.IsGreenSuspend(patch.Parameters[offset - 1].Type))
            return false;
        for (int i = 0; i < target.Parameters.Length; i++)
        {
            var mine = target.Parameters[i];
            var theirs = patch.Parameters[i + offset];
            if (mine.RefKind != theirs.RefKind || !SymbolEqualityComparer.Default.Equals(mine.Type, theirs.Type))
                return false;
        }
        return true;
    }

    private static MonkeyPatchTable Build(Compilation compilation)
    {
        IAssemblySymbol? runtime = null;
        if (GreenletSymbols.IsGreenRuntimeAssembly(compilation.Assembly))
        {
            runtime = compilation.Assembly;
        }
        else
        {
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (GreenletSymbols.IsGreenRuntimeAssembly(assembly))
                {
                    runtime = assembly;
                    break;
                }
            }
        }
        if (runtime is null)
            return s_empty;

        var monkey = runtime.GlobalNamespace.GetNamespaceMembers().FirstOrDefaultNamed("GreenRuntime")?
            .GetNamespaceMembers().FirstOrDefaultNamed("Monkey");
        if (monkey is null)
            return s_empty;

        var builders = new Dictionary<(INamedTypeSymbol, string), ImmutableArray<IMethodSymbol>.Builder>(PatchKeyComparer.Instance);
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(monkey);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container)
                    pending.Push(container);
                if (member is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public } method
                    && TryGetPatchedMember(method, out var key))
                {
                    if (!builders.TryGetValue(key, out var list))
                        builders[key] = list = ImmutableArray.CreateBuilder<IMethodSymbol>();
                    list.Add(method);
                }
            }
        }

        var patches = new Dictionary<(INamedTypeSymbol, string), ImmutableArray<IMethodSymbol>>(PatchKeyComparer.Instance);
        foreach (var entry in builders)
            patches[entry.Key] = entry.Value.ToImmutable();
        return new MonkeyPatchTable(patches);
    }

    private static bool TryGetPatchedMember(IMethodSymbol method, out (INamedTypeSymbol, string) key)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (GreenletSymbols.IsNamed(attribute.AttributeClass, "PatchesAttribute", "GreenRuntime", "Monkey")
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value is INamedTypeSymbol type
                && attribute.ConstructorArguments[1].Value is string name)
            {
                key = (type.OriginalDefinition, name);
                return true;
            }
        }
        key = default;
        return false;
    }

    private sealed class PatchKeyComparer : IEqualityComparer<(INamedTypeSymbol Type, string Name)>
    {
        public static readonly PatchKeyComparer Instance = new();

        public bool Equals((INamedTypeSymbol Type, string Name) x, (INamedTypeSymbol Type, string Name) y) =>
            x.Name == y.Name && SymbolEqualityComparer.Default.Equals(x.Type, y.Type);

        public int GetHashCode((INamedTypeSymbol Type, string Name) obj) =>
            unchecked((SymbolEqualityComparer.Default.GetHashCode(obj.Type) * 31) + obj.Name.GetHashCode());
    }
}

internal static class NamespaceSymbolExtensions
{
    /// <summary>The namespace named <paramref name="name"/> among <paramref name="namespaces"/>, if any.</summary>
    public static INamespaceSymbol? FirstOrDefaultNamed(this IEnumerable<INamespaceSymbol> namespaces, string name)
    {
        foreach (var ns in namespaces)
        {
            if (ns.Name == name)
                return ns;
        }
        return null;
    }
}
