using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Finds what keeps a suspension point from being rewritten where it stands: a <c>lock</c>, a lambda or local
/// function that is not a green lambda, a catch filter, an unsafe block. The generator leaves such calls
/// untouched; the analyzer reports them.
/// </summary>
internal static class SuspensionBarriers
{
    /// <summary>
    /// The innermost barrier between <paramref name="node"/> and the member that contains it, or
    /// <see cref="SuspensionBarrier.None"/>. Lambdas passed straight to a GreenRuntime function-taking API
    /// (green lambdas) are not barriers: the walk goes on through them to the call they are passed to. With
    /// <paramref name="stopAt"/> (a lambda whose body becomes a green function of its own) the walk ends there: what
    /// stands around that lambda does not stand around its body.
    /// </summary>
    public static SuspensionBarrier Find(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken, SyntaxNode? stopAt = null)
    {
        if (node is InvocationExpressionSyntax invocation && IsConditionallyAccessed(invocation)
            && !(OwningConditionalAccess(invocation) is { } access && CanLower(access, semanticModel, cancellationToken)))
        {
            return new SuspensionBarrier(SuspensionBarrierKind.ConditionalAccess, node);
        }

        var child = node;
        for (var parent = node.Parent; parent is not null && parent != stopAt; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case MemberDeclarationSyntax:
                    return SuspensionBarrier.None;
                case LockStatementSyntax lockStatement when lockStatement.Statement == child:
                    return new SuspensionBarrier(SuspensionBarrierKind.Lock, lockStatement);
                case CatchFilterClauseSyntax filter:
                    return new SuspensionBarrier(SuspensionBarrierKind.CatchFilter, filter);
                case UnsafeStatementSyntax or FixedStatementSyntax:
                    return new SuspensionBarrier(SuspensionBarrierKind.Unsafe, parent);
                case LocalFunctionStatementSyntax localFunction:
                    return new SuspensionBarrier(SuspensionBarrierKind.LocalFunction, localFunction);
                case AnonymousFunctionExpressionSyntax function when !IsGreenLambda(function, semanticModel, cancellationToken):
                    return new SuspensionBarrier(
                        function is AnonymousMethodExpressionSyntax ? SuspensionBarrierKind.AnonymousMethod : SuspensionBarrierKind.Lambda,
                        function);
                case QueryBodySyntax:
                    return new SuspensionBarrier(SuspensionBarrierKind.Query, parent);
                case FromClauseSyntax from when from.Parent is QueryExpressionSyntax query && query.FromClause == from:
                    // The first range expression runs eagerly; only the clauses after it are lambdas.
                    break;
                case QueryClauseSyntax:
                    return new SuspensionBarrier(SuspensionBarrierKind.Query, parent);
            }
        }
        return SuspensionBarrier.None;
    }

    /// <summary>
    /// The <c>?.</c> whose receiver the call's receiver chain starts at (<c>a?.M()</c>, <c>a?.B.M()</c>), or null.
    /// </summary>
    public static ConditionalAccessExpressionSyntax? OwningConditionalAccess(InvocationExpressionSyntax invocation) =>
        LeadingBinding(invocation)?.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>();

    /// <summary>The <c>.M</c> or <c>[i]</c> binding that <paramref name="expression"/>'s receiver chain starts at, or null.</summary>
    public static ExpressionSyntax? LeadingBinding(ExpressionSyntax expression)
    {
        for (var receiver = expression; ;)
        {
            switch (receiver)
            {
                case MemberBindingExpressionSyntax or ElementBindingExpressionSyntax:
                    return receiver;
                case MemberAccessExpressionSyntax access:
                    receiver = access.Expression;
                    break;
                case InvocationExpressionSyntax call:
                    receiver = call.Expression;
                    break;
                case ElementAccessExpressionSyntax element:
                    receiver = element.Expression;
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    receiver = suppressed.Operand;
                    break;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// Whether the twin can lower <paramref name="access"/> (<c>a?.M(x)</c>) to a null test that evaluates <c>a</c>
    /// once and awaits the call only when it is not null: <c>if (a is { } __n1) await __n1.M__GreenTwin(..., x);</c> as a
    /// statement, <c>(a is { } __n1 ? (int?)(await __n1.M__GreenTwin(..., x)) : default(int?))</c> as a value. Not for a
    /// <c>?.</c> chained to another one (<c>a?.B?.M()</c>), nor for a value-less <c>?.</c> call that is not a statement
    /// (<c>=&gt; a?.M()</c>).
    /// </summary>
    public static bool CanLower(ConditionalAccessExpressionSyntax access, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        // a?.B?.M(): the inner '?.' is the outer one's tail, and the outer one's tail is a '?.' again.
        if ((access.Parent is ConditionalAccessExpressionSyntax outer && outer.WhenNotNull == access) || LeadingBinding(access.WhenNotNull) is null)
            return false;
        if (access.Parent is ExpressionStatementSyntax)
            return true;
        // The whole body of a function that returns nothing: the lowered value would not be a statement.
        if (access.Parent is ArrowExpressionClauseSyntax or AnonymousFunctionExpressionSyntax)
        {
            var function = access.Parent is ArrowExpressionClauseSyntax { Parent: { } member }
                ? semanticModel.GetDeclaredSymbol(member, cancellationToken) as IMethodSymbol
                : semanticModel.GetSymbolInfo(access.Parent, cancellationToken).Symbol as IMethodSymbol;
            if (function is null || function.ReturnsVoid)
                return false;
        }
        return semanticModel.GetTypeInfo(access, cancellationToken).Type is { SpecialType: not SpecialType.System_Void } type
            and not IErrorTypeSymbol
            && !type.IsAnonymousType;
    }

    /// <summary>
    /// Whether the call's receiver chain starts at a <c>?.</c> or <c>?[]</c> binding: <c>a?.M()</c>, but also
    /// <c>a?.B.M()</c> and <c>a?.B().M()</c>, where the call runs only when <c>a</c> is not null.
    /// </summary>
    private static bool IsConditionallyAccessed(InvocationExpressionSyntax invocation) => LeadingBinding(invocation.Expression) is not null;

    /// <summary>
    /// Whether <paramref name="function"/> is a green lambda: passed straight (as an argument, no cast) to a
    /// GreenRuntime function-taking API that <see cref="SuspensionPoints.Classify"/> accepts, for a parameter
    /// that takes a twin. The generator makes it an <c>async</c> lambda and rewrites its body.
    /// </summary>
    public static bool IsGreenLambda(AnonymousFunctionExpressionSyntax function, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (function.Parent is not ArgumentSyntax argument
            || argument.Parent is not ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation })
        {
            return false;
        }
        var point = SuspensionPoints.Classify(invocation, semanticModel, cancellationToken);
        return point is { Kind: SuspensionKind.RuntimeFunctionTaking, Replacement: { } marker }
            && SuspensionPoints.IsTwinArgument(argument, GreenletSymbols.Definition(point.Target), marker);
    }
}
