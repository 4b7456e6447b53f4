using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Finds what the expression around a suspension point evaluates <em>before</em> the point and still needs
/// <em>after</em> it, when that cannot be kept in a state machine: a ref struct value (the receiver of
/// <c>data.AsSpan().IndexOf(Fetch())</c>, an earlier ref struct argument) or a reference (the target of
/// <c>RefReturning() = Fetch()</c>, an earlier <c>ref RefReturning()</c> argument, an element of a span).
/// </summary>
/// <remarks>
/// Turned into an <c>await</c>, such a point makes the compiler fail at emit with CS4007 or CS8178 inside the twin,
/// so it must stay a blocking call, and the analyzer reports it. Complements <see cref="RefStructLiveness"/>, which
/// tracks ref-like <em>locals</em> across statements; this looks only within the point's own statement.
/// </remarks>
internal static class RefTemporaries
{
    /// <summary>
    /// The expression held across <paramref name="point"/> (a call or a patched object creation), or <see langword="null"/>.
    /// For a two-phase patch the point is where its readiness phase waits, before its own arguments are evaluated,
    /// so only what encloses the point matters, as for any other point.
    /// </summary>
    public static ExpressionSyntax? FindHeldAcross(ExpressionSyntax point, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        SyntaxNode child = point;
        for (var parent = point.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case StatementSyntax or MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or QueryExpressionSyntax:
                    return null;

                case BaseArgumentListSyntax list when child is ArgumentSyntax argument:
                    // Earlier arguments are evaluated first ...
                    foreach (var earlier in list.Arguments)
                    {
                        if (earlier == argument)
                            break;
                        if (IsRefLikeValue(earlier.Expression, semanticModel, cancellationToken)
                            || (!earlier.RefKindKeyword.IsKind(SyntaxKind.None) && IsUnspillableReference(earlier.Expression, semanticModel, cancellationToken)))
                        {
                            return earlier.Expression;
                        }
                    }
                    // ... and so is the receiver of the call or indexer the arguments belong to.
                    if (HeldReceiver(list.Parent, semanticModel, cancellationToken) is { } receiver)
                        return receiver;
                    break;

                case AssignmentExpressionSyntax assignment when assignment.Right == child:
                    if (IsUnspillableReference(assignment.Left, semanticModel, cancellationToken))
                        return assignment.Left;
                    break;

                case BinaryExpressionSyntax binary when binary.Right == child:
                    if (IsRefLikeValue(binary.Left, semanticModel, cancellationToken))
                        return binary.Left;
                    break;
            }
        }
        return null;
    }

    private static ExpressionSyntax? HeldReceiver(SyntaxNode? owner, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var receiver = owner switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Expression,
            ElementAccessExpressionSyntax element => element.Expression,
            _ => null,
        };
        if (receiver is null || IsTypeOrNamespace(receiver, semanticModel, cancellationToken))
            return null;
        if (IsRefLikeValue(receiver, semanticModel, cancellationToken))
            return receiver;
        // A struct method called on a reference (`RefReturning().Mutate(Fetch())`) needs that reference afterwards.
        return semanticModel.GetTypeInfo(receiver, cancellationToken).Type is { IsValueType: true }
            && IsUnspillableReference(receiver, semanticModel, cancellationToken)
            ? receiver
            : null;
    }

    private static bool IsRefLikeValue(ExpressionSyntax expression, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        semanticModel.GetTypeInfo(expression, cancellationToken).Type is { IsRefLikeType: true }
        && !IsTypeOrNamespace(expression, semanticModel, cancellationToken);

    /// <summary>
    /// Whether <paramref name="expression"/> denotes a variable the compiler cannot re-find after an await: what a
    /// ref-returning method, property or indexer returned, a ref local, an element of a span, or a field of one of those.
    /// (Locals, fields and array elements are re-found from their spilled array and index; they are fine.)
    /// </summary>
    private static bool IsUnspillableReference(ExpressionSyntax expression, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
            expression = parenthesized.Expression;
        var symbol = semanticModel.GetSymbolInfo(expression, cancellationToken).Symbol;
        switch (symbol)
        {
            case IMethodSymbol method when expression is InvocationExpressionSyntax:
                return method.ReturnsByRef || method.ReturnsByRefReadonly;
            case IPropertySymbol property:
                if (property.ReturnsByRef || property.ReturnsByRefReadonly)
                    return true;
                break;
            case ILocalSymbol local:
                return local.IsRef;
            case IFieldSymbol { IsStatic: false, ContainingType.IsValueType: true } when expression is MemberAccessExpressionSyntax access:
                return IsUnspillableReference(access.Expression, semanticModel, cancellationToken);
        }
        return expression is ElementAccessExpressionSyntax element && IsRefLikeValue(element.Expression, semanticModel, cancellationToken);
    }

    private static bool IsTypeOrNamespace(ExpressionSyntax expression, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        semanticModel.GetSymbolInfo(expression, cancellationToken).Symbol is ITypeSymbol or INamespaceSymbol;
}
