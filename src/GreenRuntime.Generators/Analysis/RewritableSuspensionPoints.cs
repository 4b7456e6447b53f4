using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Which suspension points of a <c>[Greenlet]</c> body the twin generator rewrites where they stand: the body rewriter
/// rewrites exactly these, and <see cref="TwinBodies"/> asks the same question to decide whether a twin needs a
/// resumable copy of the body at all.
/// </summary>
internal static class RewritableSuspensionPoints
{
    /// <summary>
    /// The suspension point <paramref name="node"/> (a call, an object creation or a <c>foreach</c>) is, if it can be rewritten where it
    /// stands: not behind a barrier (a <c>lock</c>, a lambda, ...), holding no ref struct across its wait, and not a
    /// patched call on <c>base</c>. <paramref name="stopAt"/> is <see cref="SuspensionBarriers.Find"/>'s: a lambda
    /// whose body becomes a green function of its own.
    /// </summary>
    public static SuspensionPoint? Find(
        SyntaxNode node, SemanticModel semanticModel, RefStructLiveness liveness, CancellationToken cancellationToken, SyntaxNode? stopAt = null)
    {
        var point = SuspensionPoints.ClassifyNode(node, semanticModel, cancellationToken);
        if (point is null
            || SuspensionBarriers.Find(node, semanticModel, cancellationToken, stopAt).Exists
            || (point.IsAwaited && !liveness.IsEmpty && liveness.FindLiveAcross(node, point) is not null)
            || (point.IsAwaited && node is ExpressionSyntax expression
                && RefTemporaries.FindHeldAcross(expression, semanticModel, cancellationToken) is not null)
            || (point.Kind == SuspensionKind.MonkeyPatch && !point.Target.IsStatic
                && node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax } }))
        {
            return null;
        }
        return point;
    }
}
