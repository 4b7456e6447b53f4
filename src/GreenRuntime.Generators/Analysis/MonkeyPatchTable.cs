using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// The monkey patches GreenRuntime offers: static methods in namespace <c>GreenRuntime.Monkey</c> of the
/// GreenRuntime assembly marked <c>[Patches(typeof(T), "Name")]</c>, indexed by the member they replace.
/// </summary>
/// <remarks>
/// Built once per <see cref="Compilation"/> and cached: every suspension-point query of a compilation
/// (the generator's and the analyzer's) shares one table. Which shape a patch has (<see cref="PatchShape"/>)
/// follows from its target and its attribute; docs/internals.md states the rules.
/// </remarks>
internal sealed class MonkeyPatchTable
{
    /// <summary>The name of the method that hands back the out/ref values of an <see cref="PatchShape.Unpack"/> patch's result.</summary>
    public const string UnpackName = "Unpack";

    private static readonly ConditionalWeakTable<Compilation, MonkeyPatchTable> s_cache = new();

    private static readonly MonkeyPatchTable s_empty = new(new Dictionary<(INamedTypeSymbol, string), ImmutableArray<Entry>>());

    private readonly Dictionary<(INamedTypeSymbol Type, string Name), ImmutableArray<Entry>> _patches;

    private MonkeyPatchTable(Dictionary<(INamedTypeSymbol, string), ImmutableArray<Entry>> patches) => _patches = patches;

    /// <summary>The table for <paramref name="compilation"/>, built on first use.</summary>
    public static MonkeyPatchTable For(Compilation compilation) => s_cache.GetValue(compilation, Build);

    /// <summary>The patch that replaces <paramref name="target"/> (a method or a constructor), or <see langword="null"/>.</summary>
    public MonkeyPatch? FindPatch(IMethodSymbol target)
    {
        var match = FindUngrouped(target);
        return match is null ? null : new MonkeyPatch(match.Shape, match.Awaited, match.Completion, SwitchesOf((match.Completion ?? match.Awaited).ContainingType));
    }

    /// <summary>
    /// The settings that switch a patch class off: the <c>GreenPatch</c> of its <c>[PatchGroup]</c> (same bits as
    /// <see cref="PatchSwitches"/>); a class without one cannot be switched off.
    /// </summary>
    private static PatchSwitches SwitchesOf(INamedTypeSymbol patchClass)
    {
        foreach (var attribute in patchClass.GetAttributes())
        {
            if (GreenletSymbols.IsNamed(attribute.AttributeClass, "PatchGroupAttribute", "GreenRuntime", "Monkey")
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is int switches)
            {
                return (PatchSwitches)switches;
            }
        }
        return PatchSwitches.None;
    }

    private MonkeyPatch? FindUngrouped(IMethodSymbol target)
    {
        var definition = GreenletSymbols.Definition(target);
        if (definition.ContainingType is null
            || !_patches.TryGetValue((definition.ContainingType.OriginalDefinition, definition.Name), out var candidates))
        {
            return null;
        }
        foreach (var candidate in candidates)
        {
            if (Match(candidate, definition) is { } patch)
                return patch;
        }
        return null;
    }

    private static MonkeyPatch? Match(Entry entry, IMethodSymbol target)
    {
        if (target.MethodKind == MethodKind.Constructor)
            return entry.ReadyPhase is null && MatchesConstructor(entry.Method, target) ? new MonkeyPatch(PatchShape.Constructor, entry.Method) : null;
        if (target.MethodKind != MethodKind.Ordinary)
            return null;
        if (entry.ReadyPhase is { } readyPhase)
            return FindReadyPhase(entry.Method, readyPhase, target) is { } ready ? new MonkeyPatch(PatchShape.TwoPhase, ready, entry.Method) : null;
        if (ForReceiverType(entry.Method, target) is not { } patch)
            return null;
        if (target.Parameters.Any(IsWrittenBack))
            return MatchesUnpack(patch, target) ? new MonkeyPatch(PatchShape.Unpack, patch) : null;
        return MatchesPlain(patch, target) ? new MonkeyPatch(PatchShape.Plain, patch) : null;
    }

    /// <summary>
    /// A patch of a generic type's instance method is generic over the type's parameters, in their order
    /// (<c>Take&lt;T&gt;(BlockingCollection&lt;T&gt; collection, GreenSuspend suspend)</c> for <c>BlockingCollection&lt;T&gt;.Take()</c>):
    /// constructed with them, it compares with the target parameter for parameter. The rewritten call names the patch
    /// without type arguments; C# infers them from the receiver. Any other generic patch matches nothing.
    /// </summary>
    private static IMethodSymbol? ForReceiverType(IMethodSymbol patch, IMethodSymbol target)
    {
        if (patch.Arity == 0)
            return patch;
        var type = target.ContainingType;
        if (target.IsStatic || target.Arity != 0 || type.Arity != patch.Arity)
            return null;
        return patch.Construct(type.TypeParameters.Cast<ITypeSymbol>().ToArray());
    }

    /// <summary>Parameters whose value the call writes back, which an awaited patch must hand back through <c>Unpack</c>.</summary>
    private static bool IsWrittenBack(IParameterSymbol parameter) => parameter.RefKind is RefKind.Out or RefKind.Ref;

    /// <summary>Plain: <c>([T receiver,] GreenSuspend, target parameters)</c>, returning an awaitable of the target's result.</summary>
    private static bool MatchesPlain(IMethodSymbol patch, IMethodSymbol target)
    {
        int offset = LeadingParameterCount(target);
        if (patch.Parameters.Length != target.Parameters.Length + offset || !HasLeadingParameters(patch, target))
            return false;
        for (int i = 0; i < target.Parameters.Length; i++)
        {
            if (!SameParameter(patch.Parameters[i + offset], target.Parameters[i].RefKind, target.Parameters[i].Type))
                return false;
        }
        return GreenletSymbols.ReturnsAwaitableOf(patch, target);
    }

    /// <summary>
    /// Out/ref: the plain shape without the <c>out</c> parameters and with the <c>ref</c> ones by value, returning an
    /// awaitable whose result has <c>Unpack(out/ref ...)</c> (the written-back parameters, in order) returning the
    /// target's result.
    /// </summary>
    private static bool MatchesUnpack(IMethodSymbol patch, IMethodSymbol target)
    {
        int offset = LeadingParameterCount(target);
        var passedIn = target.Parameters.Where(p => p.RefKind != RefKind.Out).ToList();
        if (patch.Parameters.Length != passedIn.Count + offset || !HasLeadingParameters(patch, target))
            return false;
        for (int i = 0; i < passedIn.Count; i++)
        {
            var refKind = passedIn[i].RefKind == RefKind.Ref ? RefKind.None : passedIn[i].RefKind;
            if (!SameParameter(patch.Parameters[i + offset], refKind, passedIn[i].Type))
                return false;
        }
        var result = GreenletSymbols.GetAwaitResultType(patch.ReturnType);
        return result is not null && FindUnpack(result, target) is not null;
    }

    /// <summary>The public instance <c>Unpack</c> of <paramref name="result"/> that hands back <paramref name="target"/>'s out/ref values.</summary>
    private static IMethodSymbol? FindUnpack(ITypeSymbol result, IMethodSymbol target)
    {
        var writtenBack = target.Parameters.Where(IsWrittenBack).ToList();
        return GreenletSymbols.FindMember<IMethodSymbol>(result, UnpackName, unpack =>
            !unpack.IsStatic
            && unpack.TypeParameters.IsEmpty
            && unpack.Parameters.Length == writtenBack.Count
            && GreenletSymbols.IsSameType(unpack.ReturnType, target.ReturnType)
            && writtenBack.Select((p, i) => SameParameter(unpack.Parameters[i], p.RefKind, p.Type)).All(matches => matches));
    }

    /// <summary>
    /// Two-phase: the completion takes the readiness phase's result and then exactly the target's parameters, and
    /// returns the target's result synchronously; the readiness phase named by the attribute takes
    /// <c>([T receiver,] GreenSuspend)</c> and returns an awaitable of the completion's first parameter type.
    /// </summary>
    private static IMethodSymbol? FindReadyPhase(IMethodSymbol completion, string readyPhase, IMethodSymbol target)
    {
        if (completion.Parameters.Length != target.Parameters.Length + 1
            || completion.Parameters[0].RefKind != RefKind.None
            || !GreenletSymbols.IsSameType(completion.ReturnType, target.ReturnType))
        {
            return null;
        }
        for (int i = 0; i < target.Parameters.Length; i++)
        {
            if (!SameParameter(completion.Parameters[i + 1], target.Parameters[i].RefKind, target.Parameters[i].Type))
                return null;
        }
        var token = completion.Parameters[0].Type;
        foreach (var member in completion.ContainingType.GetMembers(readyPhase))
        {
            if (member is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public, TypeParameters.IsEmpty: true } ready
                && ready.Parameters.Length == LeadingParameterCount(target)
                && HasLeadingParameters(ready, target)
                && GreenletSymbols.GetAwaitResultType(ready.ReturnType) is { } result
                && SymbolEqualityComparer.Default.Equals(result, token))
            {
                return ready;
            }
        }
        return null;
    }

    /// <summary>Constructor: <c>(GreenSuspend, constructor parameters)</c>, returning an awaitable of the new instance.</summary>
    private static bool MatchesConstructor(IMethodSymbol patch, IMethodSymbol constructor)
    {
        if (patch.Parameters.Length != constructor.Parameters.Length + 1 || !GreenletSymbols.IsGreenSuspend(patch.Parameters[0].Type))
            return false;
        for (int i = 0; i < constructor.Parameters.Length; i++)
        {
            var parameter = constructor.Parameters[i];
            // A constructor patch is awaited: it cannot write arguments back.
            if (IsWrittenBack(parameter) || !SameParameter(patch.Parameters[i + 1], parameter.RefKind, parameter.Type))
                return false;
        }
        return GreenletSymbols.GetAwaitResultType(patch.ReturnType) is { } result
            && SymbolEqualityComparer.Default.Equals(result, constructor.ContainingType);
    }

    /// <summary>The receiver (instance targets) and the marker come before the target's own parameters.</summary>
    private static int LeadingParameterCount(IMethodSymbol target) => target.IsStatic ? 1 : 2;

    private static bool HasLeadingParameters(IMethodSymbol patch, IMethodSymbol target)
    {
        int offset = LeadingParameterCount(target);
        if (patch.Parameters.Length < offset)
            return false;
        if (!target.IsStatic
            && (patch.Parameters[0].RefKind != RefKind.None
                || !SymbolEqualityComparer.Default.Equals(patch.Parameters[0].Type.OriginalDefinition, target.ContainingType.OriginalDefinition)))
        {
            return false;
        }
        return GreenletSymbols.IsGreenSuspend(patch.Parameters[offset - 1].Type);
    }

    private static bool SameParameter(IParameterSymbol parameter, RefKind refKind, ITypeSymbol type) =>
        parameter.RefKind == refKind && GreenletSymbols.IsSameType(parameter.Type, type);

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

        var builders = new Dictionary<(INamedTypeSymbol, string), ImmutableArray<Entry>.Builder>(PatchKeyComparer.Instance);
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(monkey);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container)
                    pending.Push(container);
                if (member is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public } method
                    && TryGetPatchedMember(method, out var key, out var readyPhase))
                {
                    if (!builders.TryGetValue(key, out var list))
                        builders[key] = list = ImmutableArray.CreateBuilder<Entry>();
                    list.Add(new Entry(method, readyPhase));
                }
            }
        }

        var patches = new Dictionary<(INamedTypeSymbol, string), ImmutableArray<Entry>>(PatchKeyComparer.Instance);
        foreach (var entry in builders)
            patches[entry.Key] = entry.Value.ToImmutable();
        return new MonkeyPatchTable(patches);
    }

    private static bool TryGetPatchedMember(IMethodSymbol method, out (INamedTypeSymbol, string) key, out string? readyPhase)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (GreenletSymbols.IsNamed(attribute.AttributeClass, "PatchesAttribute", "GreenRuntime", "Monkey")
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value is INamedTypeSymbol type
                && attribute.ConstructorArguments[1].Value is string name)
            {
                key = (type.OriginalDefinition, name);
                readyPhase = null;
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "ReadyPhase" && argument.Value.Value is string ready)
                        readyPhase = ready;
                }
                return true;
            }
        }
        key = default;
        readyPhase = null;
        return false;
    }

    /// <summary>A <c>[Patches]</c> method, and the readiness phase it names if it completes a two-phase patch.</summary>
    private readonly struct Entry(IMethodSymbol method, string? readyPhase)
    {
        public IMethodSymbol Method { get; } = method;

        public string? ReadyPhase { get; } = readyPhase;
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
