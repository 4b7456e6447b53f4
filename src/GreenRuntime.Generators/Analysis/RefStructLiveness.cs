using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Finds <c>ref struct</c> locals (and <c>ref</c> locals) that would be live across a suspension point: C# cannot
/// keep them in a state machine, so such a suspension point is left as it is and the analyzer reports it.
/// </summary>
/// <remarks>
/// A conservative, syntactic approximation of liveness: a local is live across a point if it is used after the
/// point, if it is a <c>using</c> local (disposed at the end of its scope), or if the point is in a loop that uses
/// the local declared outside it. Enumerating a <c>Span</c> in <c>foreach</c> keeps its ref-struct enumerator
/// live across the whole loop body, and a <c>using</c> statement over a ref struct (<c>using (gate.EnterScope())</c>,
/// <c>using (var scope = gate.EnterScope())</c>) keeps it live across its whole body, to be disposed at the end.
/// </remarks>
internal sealed class RefStructLiveness
{
    private readonly List<TrackedLocal> _locals;
    private readonly List<ForEachStatementSyntax> _refStructLoops;
    private readonly List<UsingStatementSyntax> _refStructUsings;

    private RefStructLiveness(List<TrackedLocal> locals, List<ForEachStatementSyntax> refStructLoops, List<UsingStatementSyntax> refStructUsings)
    {
        _locals = locals;
        _refStructLoops = refStructLoops;
        _refStructUsings = refStructUsings;
    }

    /// <summary>Collects the ref-like locals of a method body (including the bodies of lambdas in it).</summary>
    public static RefStructLiveness Analyze(SyntaxNode body, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var locals = new List<TrackedLocal>();
        var loops = new List<ForEachStatementSyntax>();
        var usings = new List<UsingStatementSyntax>();
        foreach (var node in body.DescendantNodesAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case VariableDeclaratorSyntax or SingleVariableDesignationSyntax:
                    if (semanticModel.GetDeclaredSymbol(node, cancellationToken) is ILocalSymbol local && IsRefLike(local))
                    {
                        bool isUsing = node.Parent?.Parent is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } or UsingStatementSyntax;
                        locals.Add(new TrackedLocal(local, node, isUsing));
                    }
                    break;
                case ForEachStatementSyntax forEach:
                    var info = semanticModel.GetForEachStatementInfo(forEach);
                    if (info.GetEnumeratorMethod?.ReturnType is { IsRefLikeType: true }
                        || (semanticModel.GetDeclaredSymbol(forEach, cancellationToken) is { } iteration && IsRefLike(iteration)))
                    {
                        loops.Add(forEach);
                    }
                    break;
                case UsingStatementSyntax { Expression: { } resource } usingStatement:
                    if (semanticModel.GetTypeInfo(resource, cancellationToken).Type is { IsRefLikeType: true })
                        usings.Add(usingStatement);
                    break;
            }
        }

        if (locals.Count > 0)
        {
            foreach (var identifier in body.DescendantNodes())
            {
                if (identifier is not IdentifierNameSyntax name)
                    continue;
                foreach (var tracked in locals)
                {
                    if (tracked.Local.Name == name.Identifier.ValueText
                        && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, tracked.Local))
                    {
                        tracked.References.Add(name);
                    }
                }
            }
        }
        return new RefStructLiveness(locals, loops, usings);
    }

    /// <summary>
    /// Where the body declares a ref-like local, enumerates a ref struct with <c>foreach</c> or disposes one with
    /// <c>using</c>, in source order, with the function (method, lambda or local function) each belongs to.
    /// </summary>
    public IEnumerable<(SyntaxNode Declaration, SyntaxNode? Function)> Declarations =>
        _locals.Select(l => l.Declaration).Concat(_refStructLoops).Concat(_refStructUsings)
            .OrderBy(n => n.SpanStart).Select(n => (n, EnclosingFunction(n)));

    /// <summary>Whether there is nothing to track (the common case: no ref-like locals at all).</summary>
    public bool IsEmpty => _locals.Count == 0 && _refStructLoops.Count == 0 && _refStructUsings.Count == 0;

    /// <summary>
    /// The declaration of a ref-like local live across <paramref name="point"/>, classified as
    /// <paramref name="classified"/> (a <c>VariableDeclaratorSyntax</c>, a designation, a <c>foreach</c> over a
    /// span, or a <c>using</c> statement over a ref struct expression), or <see langword="null"/>.
    /// </summary>
    /// <remarks>
    /// Monkey patches of some shapes read arguments after they suspend (<see cref="SuspensionPoints.IsEvaluatedAfterSuspending"/>):
    /// a local used there was assigned before the wait and is read after it, so it is live across it.
    /// (A span <em>temporary</em> in such an argument is fine: it is created after the wait.)
    /// </remarks>
    public SyntaxNode? FindLiveAcross(SyntaxNode point, SuspensionPoint classified)
    {
        var function = EnclosingFunction(point);
        foreach (var loop in _refStructLoops)
        {
            if (loop.Statement.Span.Contains(point.Span) && EnclosingFunction(loop) == function)
                return loop;
        }
        foreach (var usingStatement in _refStructUsings)
        {
            if (usingStatement.Statement.Span.Contains(point.Span) && EnclosingFunction(usingStatement) == function)
                return usingStatement;
        }
        foreach (var tracked in _locals)
        {
            var declaration = tracked.Declaration;
            if (declaration.SpanStart >= point.SpanStart || EnclosingFunction(declaration) != function)
                continue;
            var scope = Scope(declaration);
            if (scope is null || !scope.Span.Contains(point.Span))
                continue;
            if (tracked.IsUsing)
                return declaration;
            foreach (var reference in tracked.References)
            {
                if (reference.SpanStart >= point.Span.End)
                    return declaration;
                if (point.Span.Contains(reference.Span) && IsReadAfterSuspending(reference, point, classified))
                    return declaration;
            }
            for (var loop = point.Parent; loop is not null && loop != scope; loop = loop.Parent)
            {
                if (loop is not (ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax))
                    continue;
                if (loop.Span.Contains(declaration.Span))
                    break;
                foreach (var reference in tracked.References)
                {
                    if (loop.Span.Contains(reference.Span))
                        return declaration;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Whether <paramref name="reference"/>, inside <paramref name="point"/>, is evaluated after the point suspends: in an
    /// argument a patch evaluates after its wait, or in the body of a green <c>foreach</c>.
    /// </summary>
    private static bool IsReadAfterSuspending(IdentifierNameSyntax reference, SyntaxNode point, SuspensionPoint classified)
    {
        // A green foreach waits before each item: its iteration variables and body come after the wait, its collection before.
        if (point is CommonForEachStatementSyntax loop)
            return !loop.Expression.Span.Contains(reference.Span);
        if (point is not InvocationExpressionSyntax invocation)
            return false;
        ArgumentSyntax? argument = null;
        for (SyntaxNode? node = reference; node is not null && node != point; node = node.Parent)
        {
            if (node is ArgumentSyntax candidate && candidate.Parent == invocation.ArgumentList)
            {
                argument = candidate;
                break;
            }
        }
        if (argument is null)
            return false;
        return SuspensionPoints.IsEvaluatedAfterSuspending(argument, classified);
    }

    private static bool IsRefLike(ILocalSymbol local) =>
        local.IsRef || local.Type.IsRefLikeType || local.Type is ITypeParameterSymbol { AllowsRefLikeType: true };

    private static SyntaxNode? EnclosingFunction(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)
                return current;
        }
        return null;
    }

    private static SyntaxNode? Scope(SyntaxNode declaration)
    {
        for (var current = declaration.Parent; current is not null; current = current.Parent)
        {
            if (current is BlockSyntax or SwitchSectionSyntax or ForStatementSyntax or ForEachStatementSyntax
                or UsingStatementSyntax or ArrowExpressionClauseSyntax or AnonymousFunctionExpressionSyntax)
            {
                return current;
            }
            if (current is StatementSyntax && current.Parent is not BlockSyntax && current.Parent is not SwitchSectionSyntax
                && current is not LocalDeclarationStatementSyntax)
            {
                // An embedded statement (if/while body without braces) is its own scope for pattern variables.
                return current;
            }
        }
        return null;
    }

    private sealed class TrackedLocal(ILocalSymbol local, SyntaxNode declaration, bool isUsing)
    {
        public ILocalSymbol Local { get; } = local;

        public SyntaxNode Declaration { get; } = declaration;

        public bool IsUsing { get; } = isUsing;

        public List<IdentifierNameSyntax> References { get; } = new();
    }
}
