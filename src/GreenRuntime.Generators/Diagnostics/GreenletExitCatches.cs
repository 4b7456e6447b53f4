using System.Linq;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// GRN0027: a catch-all clause (<c>catch</c>, <c>catch (Exception)</c>) in a <c>[Greenlet]</c> body around a suspension
/// point, which catches the <c>GreenletExit</c> that <c>Kill()</c> throws there. In gevent <c>except Exception</c> lets
/// <c>GreenletExit</c> through (it derives from <c>BaseException</c>); in .NET it is an <c>Exception</c> like any other.
/// A clause lets it through when its filter excludes it (<c>when (e is not GreenletExit)</c>), when an earlier clause
/// of the same <c>try</c> catches <c>GreenletExit</c>, or when its block rethrows (<c>throw;</c>, <c>throw e;</c>).
/// </summary>
internal static class GreenletExitCatches
{
    /// <summary>Reports every catch-all clause of <paramref name="body"/> (lambdas and local functions left out) that swallows GreenletExit.</summary>
    public static void Analyze(SyntaxNodeAnalysisContext context, SyntaxNode body)
    {
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        INamedTypeSymbol? greenletExit = null;
        foreach (var tryStatement in OwnNodes(body).OfType<TryStatementSyntax>())
        {
            // Most bodies have no try at all: the type is looked up at the first one.
            if (tryStatement.Catches.Count == 0)
                continue;
            greenletExit ??= semanticModel.Compilation.GetTypeByMetadataName("GreenRuntime.GreenletExit");
            if (greenletExit is null)
                return;
            // A catch-all around no suspension point ends the search, as it always has.
            if (!AnalyzeTry(context, tryStatement, greenletExit))
                return;
        }
    }

    /// <summary>Reports the clauses of one <c>try</c>; false when a catch-all clause has no suspension point to guard.</summary>
    private static bool AnalyzeTry(SyntaxNodeAnalysisContext context, TryStatementSyntax tryStatement, INamedTypeSymbol greenletExit)
    {
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        SuspensionPoint? point = null;
        SyntaxNode? pointNode = null;
        bool exitCaughtBefore = false;
        foreach (var clause in tryStatement.Catches)
        {
            var caught = clause.Declaration is { } declaration
                ? semanticModel.GetTypeInfo(declaration.Type, cancellationToken).Type
                : null;
            if (caught is not null && caught.TypeKind == TypeKind.Error)
                break;
            bool catchesAll = caught is null || IsStrictBaseOf(caught, greenletExit);
            if (!catchesAll)
            {
                exitCaughtBefore |= caught is not null && SymbolEqualityComparer.Default.Equals(caught, greenletExit);
                continue;
            }
            if (exitCaughtBefore || ExcludesGreenletExit(clause.Filter, greenletExit, semanticModel, cancellationToken)
                || Rethrows(clause, semanticModel, cancellationToken))
            {
                continue;
            }
            if (pointNode is null)
            {
                // The first suspension point of the try block: where Kill() would throw GreenletExit.
                foreach (var node in OwnNodes(tryStatement.Block))
                {
                    if (GreenletBodies.Classify(node, semanticModel, cancellationToken) is { IsAwaited: true } found)
                    {
                        (point, pointNode) = (found, node);
                        break;
                    }
                }
                if (pointNode is null)
                    return false;
            }
            var head = TextSpan.FromBounds(clause.CatchKeyword.SpanStart, (clause.Declaration?.Span ?? clause.CatchKeyword.Span).End);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.CatchSwallowsGreenletExit,
                Location.Create(clause.SyntaxTree, head),
                clause.SyntaxTree.GetText(cancellationToken).ToString(head),
                DiagnosticText.CallName(point!, pointNode as ExpressionSyntax)));
        }
        return true;
    }

    /// <summary>The nodes of <paramref name="root"/> that run as part of it: not those of its lambdas and local functions.</summary>
    private static System.Collections.Generic.IEnumerable<SyntaxNode> OwnNodes(SyntaxNode root) =>
        root.DescendantNodes(n => n == root || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));

    /// <summary>Whether <paramref name="type"/> is a base class of <paramref name="greenletExit"/> (<c>Exception</c>, <c>object</c>).</summary>
    private static bool IsStrictBaseOf(ITypeSymbol type, INamedTypeSymbol greenletExit)
    {
        for (var current = greenletExit.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, type))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Whether the filter says, somewhere, that the exception is not a <c>GreenletExit</c>:
    /// <c>e is not GreenletExit</c> or <c>!(e is GreenletExit)</c>.
    /// </summary>
    private static bool ExcludesGreenletExit(
        CatchFilterClauseSyntax? filter, INamedTypeSymbol greenletExit, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
    {
        if (filter is null)
            return false;
        bool IsGreenletExit(SyntaxNode type) =>
            SymbolEqualityComparer.Default.Equals(semanticModel.GetTypeInfo(type, cancellationToken).Type, greenletExit);
        foreach (var node in filter.FilterExpression.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case UnaryPatternSyntax { Pattern: TypePatternSyntax { Type: var type } } when IsGreenletExit(type):
                case UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: var name } } when IsGreenletExit(name):
                    return true;
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: var operand }:
                    while (operand is ParenthesizedExpressionSyntax parenthesized)
                        operand = parenthesized.Expression;
                    if (operand is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression, Right: var right } && IsGreenletExit(right))
                        return true;
                    if (operand is IsPatternExpressionSyntax { Pattern: TypePatternSyntax { Type: var isType } } && IsGreenletExit(isType))
                        return true;
                    if (operand is IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: var isName } } && IsGreenletExit(isName))
                        return true;
                    break;
            }
        }
        return false;
    }

    /// <summary>Whether the clause's own block (not a lambda or local function in it) rethrows: <c>throw;</c> or <c>throw e;</c> of its variable.</summary>
    private static bool Rethrows(CatchClauseSyntax clause, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
    {
        var variable = clause.Declaration is { Identifier.RawKind: not 0 } declaration
            ? semanticModel.GetDeclaredSymbol(declaration, cancellationToken)
            : null;
        foreach (var node in OwnNodes(clause.Block))
        {
            if (node is not ThrowStatementSyntax statement)
                continue;
            if (statement.Expression is null)
                return true;
            if (variable is not null && statement.Expression is IdentifierNameSyntax identifier
                && SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol, variable))
            {
                return true;
            }
        }
        return false;
    }
}
