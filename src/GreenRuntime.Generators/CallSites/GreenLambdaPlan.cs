using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.CallSites;

/// <summary>
/// What <see cref="GreenLambdas.Plan"/> decided for a lambda with suspension points passed from ordinary code to a
/// GreenRuntime function-taking API. Holds symbols and syntax: it lives only while the semantic model is at hand.
/// </summary>
internal sealed class GreenLambdaPlan
{
    public GreenLambdaPlan(
        AnonymousFunctionExpressionSyntax lambda, IMethodSymbol function, SuspensionPoint firstPoint, SyntaxNode firstPointSyntax)
    {
        Lambda = lambda;
        Function = function;
        FirstPoint = firstPoint;
        FirstPointSyntax = firstPointSyntax;
    }

    /// <summary>The lambda as written.</summary>
    public AnonymousFunctionExpressionSyntax Lambda { get; }

    /// <summary>The lambda's symbol: its parameters and return type.</summary>
    public IMethodSymbol Function { get; }

    /// <summary>The first suspension point of the body: what blocks the hub if the lambda stays a plain delegate.</summary>
    public SuspensionPoint FirstPoint { get; }

    /// <summary>The call, creation or <c>foreach</c> of <see cref="FirstPoint"/>.</summary>
    public SyntaxNode FirstPointSyntax { get; }

    /// <summary>Why the generator cannot make the lambda green (<c>"it captures the local 'n'"</c>), or null if it can.</summary>
    public string? Blocker { get; set; }

    /// <summary>Where the generated function is declared: the lambda's containing type, or a class of the namespace.</summary>
    public GreenLambdaHost Host { get; set; }

    /// <summary>The containing type of the lambda.</summary>
    public INamedTypeSymbol ContainingType => Function.ContainingType;

    /// <summary>Whether the body uses <c>this</c> (explicitly or through an instance member): the function is an instance method.</summary>
    public bool UsesThis { get; set; }
}

/// <summary>Where the green function of a lambda is declared.</summary>
internal enum GreenLambdaHost
{
    /// <summary>In the lambda's own (partial, non-generic) containing type: the body means there what it means in the lambda.</summary>
    ContainingType,

    /// <summary>
    /// In a generated class of the lambda's namespace, for a containing type that cannot host it: the body may only use
    /// what a top-level type of the assembly sees, and no member of the containing type by its simple name.
    /// </summary>
    Namespace,
}
