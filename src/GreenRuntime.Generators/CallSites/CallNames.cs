using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.CallSites;

/// <summary>
/// The names under which ordinary code can call what the interceptor generator routes: the <c>[Greenlet]</c> methods of
/// the compilation and of its references, and GreenRuntime's function-taking APIs. A call by any other name is no call
/// site, so it is never bound: binding every invocation of ordinary code meant binding every method body of the
/// project, on every edit.
/// </summary>
/// <remarks>
/// A superset, read cheaply and cached: in source, the name of every method declared with an attribute (an alias of
/// <c>[Greenlet]</c> is an attribute too; the semantic check comes later), per syntax tree; in a referenced assembly
/// built against GreenRuntime, the name behind every twin (<see cref="TwinNames.OriginalName"/>: a <c>[Greenlet]</c>
/// method without a twin there is not routed) and, in GreenRuntime itself, every method with a marker overload.
/// Trees and assembly symbols outlive the compilations of an IDE's edits, so each is read once.
/// </remarks>
internal sealed class CallNames
{
    private static readonly ConditionalWeakTable<Compilation, CallNames> s_byCompilation = new();
    private static readonly ConditionalWeakTable<SyntaxTree, string[]> s_byTree = new();
    private static readonly ConditionalWeakTable<IAssemblySymbol, string[]> s_byAssembly = new();

    // Null when every name may be routed: GreenRuntime compiled from source declares its APIs in no referenced assembly.
    private readonly HashSet<string>? _names;

    private CallNames(HashSet<string>? names) => _names = names;

    /// <summary>The names of <paramref name="compilation"/>.</summary>
    public static CallNames For(Compilation compilation) => s_byCompilation.GetValue(compilation, Build);

    /// <summary>
    /// Whether <paramref name="invocation"/> calls by one of the names (or by no simple name at all): only then may it
    /// be a call of a <c>[Greenlet]</c> method or a function-taking API.
    /// </summary>
    public bool MayBeRouted(InvocationExpressionSyntax invocation) =>
        _names is null || CalledName(invocation.Expression) is not { } name || _names.Contains(name);

    /// <summary>Whether <paramref name="name"/> is one of the names.</summary>
    public bool Contains(string name) => _names is null || _names.Contains(name);

    /// <summary>The simple name a call is made by: <c>M</c> of <c>M(a)</c>, <c>x.M&lt;T&gt;(a)</c>, <c>x?.M(a)</c>.</summary>
    internal static string? CalledName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax name => name.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        _ => null,
    };

    private static CallNames Build(Compilation compilation)
    {
        if (compilation.AssemblyName == GreenletSymbols.RuntimeAssemblyName)
            return new CallNames(null);
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
            names.UnionWith(s_byTree.GetValue(tree, AttributedMethodNames));
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Name == GreenletSymbols.RuntimeAssemblyName || ReferencesRuntime(assembly))
                names.UnionWith(s_byAssembly.GetValue(assembly, RoutedNames));
        }
        return new CallNames(names);
    }

    /// <summary>The names of the methods declared with an attribute in <paramref name="tree"/> (members only: no bodies are walked).</summary>
    private static string[] AttributedMethodNames(SyntaxTree tree) =>
        tree.GetRoot()
            .DescendantNodes(node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .OfType<MethodDeclarationSyntax>()
            .Where(method => method.AttributeLists.Count > 0)
            .Select(method => method.Identifier.ValueText)
            .Distinct()
            .ToArray();

    private static bool ReferencesRuntime(IAssemblySymbol assembly) =>
        assembly.Modules.Any(module => module.ReferencedAssemblies.Any(reference => reference.Name == GreenletSymbols.RuntimeAssemblyName));

    /// <summary>The names behind the twins of <paramref name="assembly"/> and, in GreenRuntime, of its marker overloads.</summary>
    private static string[] RoutedNames(IAssemblySymbol assembly)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        bool isRuntime = assembly.Name == GreenletSymbols.RuntimeAssemblyName;
        var types = new Stack<INamespaceOrTypeSymbol>();
        types.Push(assembly.GlobalNamespace);
        while (types.Count > 0)
        {
            var container = types.Pop();
            if (container is INamespaceSymbol ns)
            {
                foreach (var member in ns.GetMembers())
                    types.Push(member);
                continue;
            }
            var type = (INamedTypeSymbol)container;
            foreach (var nested in type.GetTypeMembers())
                types.Push(nested);
            foreach (var name in type.MemberNames)
            {
                if (TwinNames.OriginalName(name) is { } original)
                    names.Add(original);
            }
            if (isRuntime)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IMethodSymbol method && GreenletSymbols.IsMarkerOverload(method))
                        names.Add(method.Name);
                }
            }
        }
        return names.ToArray();
    }
}
