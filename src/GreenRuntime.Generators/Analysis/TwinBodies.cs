using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// What the twin of a <c>[Greenlet]</c> method is made of, decided once for the twin generator and the analyzer:
/// either a resumable copy of the body (an <c>async</c> method) or, when the body has nothing to suspend, a plain
/// method that calls the user's method and returns a completed <c>GreenTask</c>.
/// </summary>
internal static class TwinBodies
{
    /// <summary>The oldest C# the generated twins and interceptors compile with (interceptors are <c>file</c> classes).</summary>
    public const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp11;

    /// <summary>The oldest C# that allows ref struct and <c>ref</c> locals in <c>async</c> methods.</summary>
    public const LanguageVersion RefLocalsInAsyncLanguageVersion = LanguageVersion.CSharp13;

    /// <summary>The C# version <paramref name="tree"/> is compiled with.</summary>
    public static LanguageVersion LanguageVersionOf(SyntaxTree tree) =>
        tree.Options is CSharpParseOptions options ? options.LanguageVersion : LanguageVersion.Latest;

    /// <summary>
    /// Whether the twin can simply call <paramref name="method"/>: its body has no suspension point the twin would
    /// rewrite (a green lambda passed to <c>Green.Spawn</c> counts: the twin rewrites it; so does a <c>foreach</c> over a
    /// green sequence), and a call of the method
    /// runs exactly its own body (it is not virtual: a twin of <c>base.M()</c> must not dispatch again, and C# has no
    /// non-virtual call of <c>this.M()</c>). Such a twin is not <c>async</c>, keeps the body's own frame and, for a
    /// struct, works on <c>this</c> itself rather than on a copy.
    /// </summary>
    public static bool CallsTheMethod(
        IMethodSymbol method, SyntaxNode body, SemanticModel semanticModel, RefStructLiveness liveness, CancellationToken cancellationToken)
    {
        if (method.IsVirtual || method.IsOverride || method.IsAbstract || method.ContainingType.TypeKind == TypeKind.Interface)
            return false;
        // A call from generated code would be an error of its own (obsolete as an error) or vanish (conditional).
        if (method.GetAttributes().Any(a => a.AttributeClass?.Name is "ObsoleteAttribute" or "ConditionalAttribute"))
            return false;
        foreach (var node in body.DescendantNodesAndSelf())
        {
            if (node is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or CommonForEachStatementSyntax or MemberAccessExpressionSyntax
                && RewritableSuspensionPoints.Find(node, semanticModel, liveness, cancellationToken) is not null)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The first ref struct or <c>ref</c> local (or <c>foreach</c> over a span) that the <c>async</c> twin of a body
    /// would declare — in the body itself or in a lambda the twin makes <c>async</c> — when
    /// <paramref name="version"/> cannot compile one there (CS9202 before C# 13); null otherwise.
    /// </summary>
    public static SyntaxNode? FindRefLocalUnsupportedInAsync(
        SyntaxNode body, SemanticModel semanticModel, RefStructLiveness liveness, LanguageVersion version, CancellationToken cancellationToken)
    {
        if (version >= RefLocalsInAsyncLanguageVersion || liveness.IsEmpty)
            return null;
        foreach (var (declaration, function) in liveness.Declarations)
        {
            if (function is MemberDeclarationSyntax)
                return declaration;
            if (function is AnonymousFunctionExpressionSyntax lambda
                && lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
                && SuspensionBarriers.IsGreenLambda(lambda, semanticModel, cancellationToken)
                && RewritableSuspensionPoints.Find(invocation, semanticModel, liveness, cancellationToken) is not null)
            {
                return declaration;
            }
        }
        return null;
    }
}
