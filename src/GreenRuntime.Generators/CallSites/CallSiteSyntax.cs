using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.CallSites;

/// <summary>The interceptor generator's syntactic filter: cheap checks that run on every syntax node.</summary>
internal static class CallSiteSyntax
{
    /// <summary>
    /// Whether <paramref name="node"/> is an invocation that may need an interceptor. Invocations inside a method
    /// that looks <c>[Greenlet]</c> are left out: the twin generator rewrites those bodies itself.
    /// </summary>
    public static bool IsCandidate(SyntaxNode node) =>
        node is InvocationExpressionSyntax invocation && !IsInGreenletLookingMethod(invocation);

    /// <summary>
    /// Whether the method around <paramref name="node"/> carries an attribute spelled like <c>[Greenlet]</c>
    /// (the semantic check that it really is GreenRuntime's comes later).
    /// </summary>
    public static bool IsInGreenletLookingMethod(SyntaxNode node)
    {
        // Local functions and lambdas are not MethodDeclarationSyntax: this finds the member they live in.
        if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method)
            return false;
        foreach (var list in method.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                if (SimpleName(attribute.Name) is "Greenlet" or "GreenletAttribute")
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether <paramref name="invocation"/> is the whole expression body of a lambda passed as an argument to some
    /// call or constructor (<c>Green.Spawn(() =&gt; M(a))</c>, <c>new StreamServer(ep, (c, p) =&gt; M(c, p))</c>);
    /// returns that argument and call.
    /// </summary>
    public static bool IsWholeLambdaBody(
        InvocationExpressionSyntax invocation, out ArgumentSyntax argument, out ExpressionSyntax call)
    {
        argument = null!;
        call = null!;
        if (invocation.Parent is not LambdaExpressionSyntax lambda
            || lambda.ExpressionBody != invocation
            || !lambda.AsyncKeyword.IsKind(SyntaxKind.None)
            || lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ExpressionSyntax outer } } outerArgument
            || outer is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax))
        {
            return false;
        }
        argument = outerArgument;
        call = outer;
        return true;
    }

    /// <summary>Whether <paramref name="expression"/> is <c>base.M</c>: a non-virtual call an interceptor cannot repeat.</summary>
    public static bool IsBaseAccess(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax };

    private static string SimpleName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };
}
