using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Which method declarations are greenlet bodies, the ones whose calls the twin generator rewrites, and which of their
/// nodes run on the greenlet, and what those nodes are as suspension points. Every analyzer that looks inside
/// <c>[Greenlet]</c> bodies asks here, so they agree; the answers are worked out once per compilation and shared by
/// the analyzers (<see cref="ClassifiedBodies"/>).
/// </summary>
internal static class GreenletBodies
{
    /// <summary>
    /// The body (block or expression) of <paramref name="declaration"/> when it is the body of a <c>[Greenlet]</c>
    /// method that becomes a twin's body; <see langword="null"/> otherwise. An async method or an iterator is no
    /// greenlet body at all (its calls mean something else); a method of an unsupported kind, or under too old a C#
    /// version, gets its own diagnostic at its declaration and nothing inside.
    /// </summary>
    public static SyntaxNode? Find(MethodDeclarationSyntax declaration, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        ClassifiedBodies.For(semanticModel.Compilation).FindBody(declaration, semanticModel, cancellationToken);

    internal static SyntaxNode? FindUncached(MethodDeclarationSyntax declaration, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } method
            || !GreenletSymbols.HasGreenletAttribute(method)
            || method.MethodKind != MethodKind.Ordinary
            || method.ContainingType.IsExtension
            || TwinBodies.LanguageVersionOf(declaration.SyntaxTree) < TwinBodies.MinimumLanguageVersion
            || GreenletSymbols.GetBodyDeclaration(method, cancellationToken) != declaration)
        {
            return null;
        }
        var blockers = ClassifiedBodies.For(semanticModel.Compilation).TwinBlockersOf(method, semanticModel.Compilation, cancellationToken);
        if ((blockers & (TwinBlockers.Async | TwinBlockers.Iterator)) != 0)
            return null;
        return (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
    }

    /// <summary>
    /// The nodes of <paramref name="body"/> that run on the greenlet: all but those of a lambda run on another thread
    /// (<c>Green.Offload</c>, <c>Task.Run</c>, <c>new Thread</c>, ...), which is ordinary code that may block.
    /// </summary>
    public static ImmutableArray<SyntaxNode> NodesOnTheGreenlet(SyntaxNode body, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        ClassifiedBodies.For(semanticModel.Compilation).NodesOnTheGreenlet(body, semanticModel, cancellationToken);

    internal static IEnumerable<SyntaxNode> NodesOnTheGreenletUncached(SyntaxNode body, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        body.DescendantNodes(n =>
            n is not AnonymousFunctionExpressionSyntax function || !OtherThreadLambdas.IsRunOnAnotherThread(function, semanticModel, cancellationToken));

    /// <summary>
    /// What <paramref name="node"/> (a call, an object creation, a <c>foreach</c>, a <c>task.Result</c>) is as a
    /// suspension point, the patch configuration applied (<see cref="SuspensionPoints.ClassifyNode"/>);
    /// <see langword="null"/> for an ordinary node.
    /// </summary>
    public static SuspensionPoint? Classify(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        ClassifiedBodies.For(semanticModel.Compilation).Classify(node, semanticModel, cancellationToken);

    /// <summary>
    /// What <paramref name="node"/> would be with every tier and group on
    /// (<see cref="SuspensionPoints.ClassifyIgnoringConfiguration"/>).
    /// </summary>
    public static SuspensionPoint? ClassifyIgnoringConfiguration(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        ClassifiedBodies.For(semanticModel.Compilation).ClassifyIgnoringConfiguration(node, semanticModel, cancellationToken);

    /// <summary>Whether <paramref name="attribute"/> is <c>[Greenlet]</c>, however it is spelled.</summary>
    public static bool IsGreenletAttribute(AttributeSyntax attribute, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        semanticModel.GetSymbolInfo(attribute, cancellationToken).Symbol is IMethodSymbol constructor
        && GreenletSymbols.IsNamed(constructor.ContainingType, "GreenletAttribute", "GreenRuntime");

    /// <summary>The <c>[Greenlet]</c> attribute of <paramref name="declaration"/>, if this part carries it.</summary>
    public static AttributeSyntax? FindGreenletAttribute(MethodDeclarationSyntax declaration, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        declaration.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => IsGreenletAttribute(a, semanticModel, cancellationToken));
}
