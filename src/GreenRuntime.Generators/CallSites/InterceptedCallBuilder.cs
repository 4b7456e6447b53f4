using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Emit;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.CallSites;

/// <summary>
/// The generator's transform: decides whether an invocation in ordinary code is routed to a twin, and reduces it to
/// an <see cref="InterceptedCall"/> of strings while the semantic model is at hand.
/// </summary>
internal static class InterceptedCallBuilder
{
    /// <summary>The model for <paramref name="invocation"/>, or null when it is not intercepted.</summary>
    public static InterceptedCall? Build(InvocationExpressionSyntax invocation, Compilation compilation, CancellationToken cancellationToken)
    {
        // Interceptors are file classes: below C# 11 nothing is generated (the analyzer says so, GRN0026).
        if (TwinBodies.LanguageVersionOf(invocation.SyntaxTree) < TwinBodies.MinimumLanguageVersion)
            return null;
        // Most calls of ordinary code are by names nothing is routed under: those are not bound at all.
        if (!CallNames.For(compilation).MayBeRouted(invocation))
            return null;
        var semanticModel = compilation.GetSemanticModel(invocation.SyntaxTree);
        if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol target)
            return null;

        Interceptor? interceptor;
        var greenLambdas = new List<TwinModel>();
        if (GreenletSymbols.HasGreenletAttribute(target))
            interceptor = DirectCallInterceptors.Build(invocation, target, semanticModel, cancellationToken);
        else if (GreenletSymbols.IsGreenRuntimeAssembly(target) && GreenletSymbols.IsFunctionTakingApi(target))
            interceptor = FunctionTakingInterceptors.Build(invocation, target, semanticModel, cancellationToken, greenLambdas);
        else
            return null;

        if (interceptor is null
            || IsInGreenletMethod(invocation, semanticModel, cancellationToken)
            || IsInExpressionTree(invocation, semanticModel, cancellationToken)
            || semanticModel.GetInterceptableLocation(invocation, cancellationToken) is not { } location)
        {
            return null;
        }
        return new InterceptedCall(
            new CallLocation(location.Version, location.Data, location.GetDisplayLocation()), interceptor, greenLambdas.ToEquatableArray());
    }

    /// <summary>
    /// Whether the invocation is in the body of a <c>[Greenlet]</c> method (spelled through an alias, say, which the
    /// syntactic filter cannot see): the twin generator rewrites those calls into awaits.
    /// </summary>
    internal static bool IsInGreenletMethod(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } declaration
        && semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is { } method
        // The attribute of a partial method may sit on the other part.
        && (GreenletSymbols.HasGreenletAttribute(method)
            || method.PartialDefinitionPart is { } definition && GreenletSymbols.HasGreenletAttribute(definition));

    /// <summary>Whether the invocation is inside a lambda converted to an expression tree, where nothing is intercepted.</summary>
    internal static bool IsInExpressionTree(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        node.Ancestors().OfType<LambdaExpressionSyntax>().Any(lambda =>
            semanticModel.GetTypeInfo(lambda, cancellationToken).ConvertedType is INamedTypeSymbol type
            && IsExpressionType(type));

    private static bool IsExpressionType(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (GreenletSymbols.IsNamed(current.OriginalDefinition, "LambdaExpression", "System", "Linq", "Expressions"))
                return true;
        }
        return false;
    }
}
