using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Whether a body the generator would copy (a <c>[Greenlet]</c> method's, a green lambda's) does not compile: the user
/// is typing, and a copy would only repeat the errors in generated code.
/// </summary>
/// <remarks>
/// Read from the syntax tree and from the operations of the body, which the semantic model binds once for everything
/// else the generator asks about it. <see cref="SemanticModel.GetDiagnostics"/> would compile the body a second time,
/// flow analysis and all (together they made up most of the generator's time); the errors only flow analysis finds
/// (an unassigned local, a missing <c>return</c>) are not seen here, so the copy repeats those at the same line.
/// </remarks>
internal static class CompileErrors
{
    /// <summary>Whether <paramref name="node"/> has a syntax error or something that does not bind.</summary>
    public static bool In(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (node.ContainsDiagnostics && node.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            return true;
        // Not expected for a body or a lambda; the compiler's own answer, should it happen.
        if (semanticModel.GetOperation(node, cancellationToken) is not { } operation)
            return semanticModel.GetDiagnostics(node.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError);
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsError(descendant))
                return true;
        }
        return false;
    }

    private static bool IsError(IOperation operation) => operation switch
    {
        { Kind: OperationKind.Invalid } => true,
        { Type: { } type } when ContainsErrorType(type) => true,
        IConversionOperation conversion => !conversion.GetConversion().Exists,
        IVariableDeclaratorOperation declarator => ContainsErrorType(declarator.Symbol.Type),
        ILocalFunctionOperation localFunction => ContainsErrorType(localFunction.Symbol.ReturnType)
            || localFunction.Symbol.Parameters.Any(p => ContainsErrorType(p.Type)),
        IAnonymousFunctionOperation function => function.Symbol.Parameters.Any(p => ContainsErrorType(p.Type)),
        _ => false,
    };

    /// <summary>Whether <paramref name="type"/> is, or is built from, a type that does not bind.</summary>
    public static bool ContainsErrorType(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol => true,
        IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
        IPointerTypeSymbol pointer => ContainsErrorType(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType),
        _ => false,
    };
}
