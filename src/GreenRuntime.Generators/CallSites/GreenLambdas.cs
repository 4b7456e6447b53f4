using System.Linq;
using System.Threading;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GreenRuntime.Generators.CallSites;

/// <summary>
/// Lambdas with suspension points passed from ordinary code to a GreenRuntime API that takes a function
/// (<c>Green.Spawn(() =&gt; { Thread.Sleep(300); })</c> in <c>Main</c>; DESIGN §2). The generator cannot rewrite the
/// method around such a lambda, so when the body needs nothing of that method — no captured local, parameter or
/// local function — its body, rewritten as a twin's is, becomes a generated green function
/// (<see cref="GreenLambdaFunctions"/>) that the call's interceptor hands to the API's marker overload instead.
/// The interceptor generator and CallSiteAnalyzer (GRN0024, for the lambdas it cannot make green) both ask
/// <see cref="Plan"/>, so they cannot disagree.
/// </summary>
/// <remarks>
/// A lambda whose whole body is a call of a <c>[Greenlet]</c> method (<c>() =&gt; M(a)</c>) is not planned here: that
/// call's own interceptor lets the greenlet take M's twin over, captured locals and all.
/// </remarks>
internal static class GreenLambdas
{
    /// <summary>
    /// The plan for <paramref name="lambda"/>, passed straight to a function-taking API for a parameter that takes a
    /// twin (<see cref="SuspensionBarriers.IsGreenLambda"/>), or null when it is left alone: it has no suspension point of
    /// its own, is <c>async</c> or has an explicit return type, is a whole-body <c>[Greenlet]</c> call, or does not compile.
    /// </summary>
    public static GreenLambdaPlan? Plan(AnonymousFunctionExpressionSyntax lambda, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (!SuspensionPoints.CanBecomeTwin(lambda, semanticModel, cancellationToken)
            || IsWholeBodyGreenletCall(lambda, semanticModel, cancellationToken)
            || semanticModel.GetSymbolInfo(lambda, cancellationToken).Symbol is not IMethodSymbol function
            || function.ContainingType is null
            || FirstSuspensionPoint(lambda, semanticModel, cancellationToken) is not ({ } point, { } pointSyntax)
            || CompileErrors.In(lambda, semanticModel, cancellationToken))
        {
            return null;
        }
        var plan = new GreenLambdaPlan(lambda, function, point, pointSyntax);
        var compilation = semanticModel.Compilation;
        plan.Blocker = FindCapture(plan, semanticModel, cancellationToken) ?? FindRefStructLocal(plan, semanticModel, cancellationToken);
        if (plan.Blocker is not null)
            return plan;

        // The containing type hosts the function when it can: there the body means what it means in the lambda.
        var containingTypeBlocker = ContainingTypeHostBlocker(plan.ContainingType, compilation);
        if (containingTypeBlocker is null)
        {
            plan.Host = GreenLambdaHost.ContainingType;
            return plan;
        }
        plan.Host = GreenLambdaHost.Namespace;
        var namespaceBlocker = NamespaceHostBlocker(plan, semanticModel, cancellationToken);
        if (namespaceBlocker is not null)
            plan.Blocker = $"{namespaceBlocker}, and {containingTypeBlocker}";
        return plan;
    }

    /// <summary>How a suspension point is named in a message: <c>Thread.Sleep</c>, <c>Napper.Nap</c>, <c>foreach over items</c>.</summary>
    public static string DisplayName(SuspensionPoint point) =>
        point.LoopName ?? GreenletSymbols.Definition(point.Target).ToDisplayString(s_callFormat);

    private static readonly SymbolDisplayFormat s_callFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private static bool IsWholeBodyGreenletCall(AnonymousFunctionExpressionSyntax lambda, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        lambda.ExpressionBody is InvocationExpressionSyntax call
        && semanticModel.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target
        && GreenletSymbols.HasGreenletAttribute(target);

    /// <summary>
    /// The first call, creation or green <c>foreach</c> of the lambda's own body (not of a lambda nested in it) that the
    /// twin rewriter turns into an <c>await</c>; a <c>Green.Spawn</c> inside does not count, it returns at once.
    /// </summary>
    private static (SuspensionPoint, SyntaxNode)? FirstSuspensionPoint(
        AnonymousFunctionExpressionSyntax lambda, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        foreach (var node in lambda.Body.DescendantNodesAndSelf())
        {
            var point = SuspensionPoints.ClassifyNode(node, semanticModel, cancellationToken);
            if (point is { IsAwaited: true }
                && node.Ancestors().OfType<AnonymousFunctionExpressionSyntax>().First() == lambda
                && !SuspensionBarriers.Find(node, semanticModel, cancellationToken, stopAt: lambda).Exists)
            {
                return (point, node);
            }
        }
        return null;
    }

    /// <summary>
    /// What the body takes from the method around it: a local, a parameter, a local function. Notes a use of
    /// <c>this</c> on the plan. A generated function cannot reach any of these.
    /// </summary>
    private static string? FindCapture(GreenLambdaPlan plan, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (semanticModel.GetOperation(plan.Lambda, cancellationToken) is not { } operation)
            return "the generator cannot analyse it";
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            switch (descendant)
            {
                case ILocalReferenceOperation { Local: var local } when !IsDeclaredIn(local, plan.Lambda):
                    return $"it captures the local '{local.Name}'";
                case IParameterReferenceOperation { Parameter: var parameter } when !IsDeclaredIn(parameter, plan.Lambda):
                    return $"it captures the parameter '{parameter.Name}'";
                case IInvocationOperation { TargetMethod: { MethodKind: MethodKind.LocalFunction } localFunction } when !IsDeclaredIn(localFunction, plan.Lambda):
                    return $"it calls the local function '{localFunction.Name}'";
                case IMethodReferenceOperation { Method: { MethodKind: MethodKind.LocalFunction } localFunction } when !IsDeclaredIn(localFunction, plan.Lambda):
                    return $"it uses the local function '{localFunction.Name}'";
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                    plan.UsesThis = true;
                    break;
            }
            if (descendant.Type is { } type && MentionsOuterTypeParameter(type, plan.Lambda))
                return $"it uses a type parameter of the method or type around it ('{type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}')";
        }
        foreach (var parameter in plan.Function.Parameters)
        {
            if (MentionsOuterTypeParameter(parameter.Type, plan.Lambda))
                return $"its parameter '{parameter.Name}' has a type parameter of the method or type around it";
        }
        return null;
    }

    /// <summary>
    /// A ref struct local (a span) in an async method needs C# 13; the twins share this limit (the project's C#
    /// version decides), and a lambda cannot get the diagnostic its method would.
    /// </summary>
    private static string? FindRefStructLocal(GreenLambdaPlan plan, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (((CSharpParseOptions)plan.Lambda.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp13)
            return null;
        foreach (var node in plan.Lambda.Body.DescendantNodes())
        {
            if (node is VariableDeclaratorSyntax or SingleVariableDesignationSyntax
                && semanticModel.GetDeclaredSymbol(node, cancellationToken) is ILocalSymbol { Type.IsRefLikeType: true } local)
            {
                return $"it declares the ref struct local '{local.Name}', which a green function can hold only from C# 13 on";
            }
        }
        return null;
    }

    private static bool IsDeclaredIn(ISymbol symbol, SyntaxNode lambda) =>
        symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == lambda.SyntaxTree && lambda.Span.Contains(r.Span));

    private static bool MentionsOuterTypeParameter(ITypeSymbol type, SyntaxNode lambda) => type switch
    {
        ITypeParameterSymbol parameter => !IsDeclaredIn(parameter, lambda),
        IArrayTypeSymbol array => MentionsOuterTypeParameter(array.ElementType, lambda),
        IPointerTypeSymbol pointer => MentionsOuterTypeParameter(pointer.PointedAtType, lambda),
        INamedTypeSymbol named => named.TypeArguments.Any(t => MentionsOuterTypeParameter(t, lambda))
            || (named.ContainingType is { } containing && MentionsOuterTypeParameter(containing, lambda)),
        _ => false,
    };

    /// <summary>
    /// Why the lambda's containing type cannot host its function: it (or a type around it) is not partial or is generic,
    /// or the interceptors cannot name it (a private nested type). Null when it can.
    /// </summary>
    private static string? ContainingTypeHostBlocker(INamedTypeSymbol type, Compilation compilation)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            string name = current.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            if (current.TypeKind is not (TypeKind.Class or TypeKind.Struct))
                return $"'{name}' is not a class or struct";
            if (!IsPartial(current))
                return $"'{name}' is not partial";
            if (current.TypeParameters.Length > 0)
                return $"'{name}' is generic";
            if (current.IsFileLocal)
                return $"'{name}' is file-local";
        }
        return InterceptorVisibility.CanName(type, compilation, allowTypeParameters: false)
            ? null
            : $"'{type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}' is not visible to the generated interceptor";
    }

    /// <summary>A type declared partial, or the class of top-level statements (which generated code may extend).</summary>
    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() switch
        {
            CompilationUnitSyntax => true,
            TypeDeclarationSyntax declaration => declaration.Modifiers.Any(SyntaxKind.PartialKeyword),
            _ => false,
        });

    /// <summary>
    /// Why a class of the lambda's namespace cannot host its function: the body uses <c>this</c>, a member that only
    /// the containing type can see, or a member of the containing type by its simple name (which would not bind there).
    /// </summary>
    private static string? NamespaceHostBlocker(GreenLambdaPlan plan, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (plan.UsesThis)
            return "it uses 'this'";
        var compilation = semanticModel.Compilation;
        foreach (var name in plan.Lambda.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            var info = semanticModel.GetSymbolInfo(name, cancellationToken);
            var symbol = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
            if (symbol is null or ILocalSymbol or IParameterSymbol or INamespaceSymbol or ILabelSymbol or IRangeVariableSymbol
                or IDiscardSymbol or ITypeParameterSymbol or IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction })
            {
                continue;
            }
            var definition = symbol is IMethodSymbol method ? GreenletSymbols.Definition(method) : symbol.OriginalDefinition;
            string display = definition.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            if (!compilation.IsSymbolAccessibleWithin(definition, compilation.Assembly))
                return $"it uses '{display}', which only its containing type can see";
            if (IsSimpleName(name) && definition.ContainingType is { } owner && IsOwnOrBase(owner, plan.ContainingType))
                return $"it uses '{display}' by its simple name";
        }
        return null;
    }

    /// <summary>A name that binds by itself (<c>Helper</c>), not as the member of something (<c>x.Helper</c>, <c>A.B</c>).</summary>
    private static bool IsSimpleName(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Name != name,
        QualifiedNameSyntax qualified => qualified.Right != name,
        AliasQualifiedNameSyntax aliased => aliased.Name != name,
        MemberBindingExpressionSyntax => false,
        _ => true,
    };

    /// <summary>Whether <paramref name="owner"/> is one of the types around the lambda, or a base type of one.</summary>
    private static bool IsOwnOrBase(INamedTypeSymbol owner, INamedTypeSymbol containingType)
    {
        for (var type = containingType; type is not null; type = type.ContainingType)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, owner.OriginalDefinition))
                    return true;
            }
        }
        return false;
    }
}
