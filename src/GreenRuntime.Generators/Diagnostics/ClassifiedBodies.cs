using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// What the analyzers ask about one compilation's <c>[Greenlet]</c> bodies, worked out once and shared by all of them:
/// which declaration is a greenlet body, which of its nodes run on the greenlet, and what each node is as a suspension
/// point. Five analyzers walk the same bodies; without it each one re-classified every call.
/// </summary>
/// <remarks>
/// One instance per compilation (the analyzers of one build all see the same <see cref="Compilation"/>), so an edit,
/// which makes a new compilation, starts afresh. Every answer is a function of the compilation and the node only:
/// which semantic model of the compilation asks does not matter. A cancelled computation stores nothing.
/// </remarks>
internal sealed class ClassifiedBodies
{
    private static readonly ConditionalWeakTable<Compilation, ClassifiedBodies> s_byCompilation = new();

    // StrongBox: ConcurrentDictionary cannot hold a null value for "no body" or "no suspension point".
    private readonly ConcurrentDictionary<MethodDeclarationSyntax, StrongBox<SyntaxNode?>> _bodies = new();
    private readonly ConcurrentDictionary<SyntaxNode, ImmutableArray<SyntaxNode>> _nodesOnTheGreenlet = new();
    private readonly ConcurrentDictionary<SyntaxNode, StrongBox<SuspensionPoint?>> _points = new();
    private readonly ConcurrentDictionary<IMethodSymbol, TwinBlockers> _blockers = new(SymbolEqualityComparer.Default);

    private ClassifiedBodies()
    {
    }

    /// <summary>The shared answers for <paramref name="compilation"/>.</summary>
    public static ClassifiedBodies For(Compilation compilation) => s_byCompilation.GetValue(compilation, static _ => new ClassifiedBodies());

    /// <summary><see cref="GreenletBodies.Find"/>, once per declaration.</summary>
    public SyntaxNode? FindBody(MethodDeclarationSyntax declaration, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (_bodies.TryGetValue(declaration, out var known))
            return known.Value;
        var body = GreenletBodies.FindUncached(declaration, semanticModel, cancellationToken);
        return _bodies.GetOrAdd(declaration, new StrongBox<SyntaxNode?>(body)).Value;
    }

    /// <summary><see cref="GreenletBodies.NodesOnTheGreenlet"/>, once per body.</summary>
    public ImmutableArray<SyntaxNode> NodesOnTheGreenlet(SyntaxNode body, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (_nodesOnTheGreenlet.TryGetValue(body, out var known))
            return known;
        var nodes = GreenletBodies.NodesOnTheGreenletUncached(body, semanticModel, cancellationToken).ToImmutableArray();
        return _nodesOnTheGreenlet.GetOrAdd(body, nodes);
    }

    /// <summary>
    /// <see cref="GreenletSymbols.GetTwinBlockers"/> of a <c>[Greenlet]</c> method, once per method: the declaration
    /// analyzer and the search for greenlet bodies both ask it of every method.
    /// </summary>
    public TwinBlockers TwinBlockersOf(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        var definition = GreenletSymbols.Definition(method);
        if (_blockers.TryGetValue(definition, out var known))
            return known;
        var blockers = GreenletSymbols.GetTwinBlockers(definition, compilation, cancellationToken);
        return _blockers.GetOrAdd(definition, blockers);
    }

    /// <summary><see cref="SuspensionPoints.ClassifyIgnoringConfiguration"/>, once per node.</summary>
    public SuspensionPoint? ClassifyIgnoringConfiguration(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (_points.TryGetValue(node, out var known))
            return known.Value;
        var point = SuspensionPoints.ClassifyIgnoringConfiguration(node, semanticModel, cancellationToken);
        return _points.GetOrAdd(node, new StrongBox<SuspensionPoint?>(point)).Value;
    }

    /// <summary>
    /// <see cref="SuspensionPoints.ClassifyNode"/>: the same answer with the patch configuration's gate applied (the one
    /// difference between the two, <see cref="SuspensionPoints.AsConfigured"/>).
    /// </summary>
    public SuspensionPoint? Classify(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        SuspensionPoints.AsConfigured(ClassifyIgnoringConfiguration(node, semanticModel, cancellationToken), semanticModel);
}
