using System.Collections.Immutable;
using System.Linq;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.CallSites;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Reports the calls of <c>[Greenlet]</c> methods, and the lambdas passed to GreenRuntime, that run the plain code
/// instead of a twin: a call from ordinary code the interceptor generator cannot route (GRN0023), a lambda it cannot
/// make green (GRN0024), a method of another assembly that has no twin there (GRN0019). It asks
/// <see cref="DirectCallInterceptors"/>, <see cref="GreenLambdas"/> and <see cref="FunctionTakingInterceptors"/>, as
/// the generators do, so the two cannot disagree.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallSiteAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NoTwinInMetadata,
        DiagnosticDescriptors.CallNotRoutedToTwin,
        DiagnosticDescriptors.LambdaNotGreen,
        DiagnosticDescriptors.LanguageVersionTooOld);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // The patch configuration decides what is a suspension point: it is read before anything is classified.
            PatchConfiguration.Register(start.Compilation, start.Options);
            start.RegisterSyntaxNodeAction(AnalyzeGreenletBody, SyntaxKind.MethodDeclaration);
            start.RegisterSyntaxNodeAction(AnalyzeOrdinaryCall, SyntaxKind.InvocationExpression);
            start.RegisterSyntaxNodeAction(
                AnalyzeOrdinaryLambda, SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.SimpleLambdaExpression, SyntaxKind.AnonymousMethodExpression);
        });
    }

    /// <summary>GRN0019 for every call and method group of a <c>[Greenlet]</c> body that runs on the greenlet.</summary>
    private static void AnalyzeGreenletBody(SyntaxNodeAnalysisContext context)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        if (GreenletBodies.Find(declaration, context.SemanticModel, context.CancellationToken) is not { } body)
            return;
        foreach (var node in GreenletBodies.NodesOnTheGreenlet(body, context.SemanticModel, context.CancellationToken))
        {
            // Green.Spawn(Remote.Fetch, 1): the greenlet would run the plain method and block the hub.
            if (node is ArgumentSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax } methodGroup)
                ReportCallWithoutTwin(context, methodGroup.Expression);
            else if (node is InvocationExpressionSyntax invocation)
                ReportCallWithoutTwin(context, invocation);
        }
    }

    /// <summary>
    /// GRN0019: a call or method group of a <c>[Greenlet]</c> method of another assembly that has no twin there.
    /// (A method group argument binds to its method only when it is one: a plain value binds to a local, field, ...)
    /// Such a call is no suspension point (<see cref="SuspensionPoints.Classify"/> asks for a twin).
    /// </summary>
    private static void ReportCallWithoutTwin(SyntaxNodeAnalysisContext context, ExpressionSyntax invocation)
    {
        var symbolInfo = context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken);
        var symbol = symbolInfo.Symbol ?? (symbolInfo.CandidateSymbols.Length == 1 ? symbolInfo.CandidateSymbols[0] : null);
        if (symbol is not IMethodSymbol target
            || !GreenletSymbols.HasGreenletAttribute(target)
            // A method of this compilation gets its twin from the generator: only metadata can lack one.
            || GreenletSymbols.Definition(target).Locations.Any(l => l.IsInSource)
            || (GreenletSymbols.GetTwinBlockers(target, context.Compilation, context.CancellationToken) & TwinBlockers.NoTwinInMetadata) == 0)
        {
            return;
        }
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.NoTwinInMetadata,
            invocation.GetLocation(),
            GreenletSymbols.Definition(target).ToDisplayString(DiagnosticText.NameFormat),
            target.ContainingAssembly?.Name ?? "?"));
    }

    /// <summary>
    /// GRN0024: a lambda with suspension points passed from ordinary code to a GreenRuntime function-taking API that
    /// the generator cannot make green (it asks <see cref="GreenLambdas"/> and <see cref="FunctionTakingInterceptors"/>,
    /// as the generator does), so it runs as a plain delegate and blocks the hub.
    /// </summary>
    private static void AnalyzeOrdinaryLambda(SyntaxNodeAnalysisContext context)
    {
        var lambda = (AnonymousFunctionExpressionSyntax)context.Node;
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        // Only a lambda passed to a call by a function-taking API's name can be green; no other is bound (CallNames).
        if (lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
            || !CallNames.For(context.Compilation).MayBeRouted(call)
            || !SuspensionBarriers.IsGreenLambda(lambda, semanticModel, cancellationToken)
            || InterceptedCallBuilder.IsInGreenletMethod(lambda, semanticModel, cancellationToken)
            || InterceptedCallBuilder.IsInExpressionTree(lambda, semanticModel, cancellationToken)
            || IsInGreenFunction(lambda, semanticModel, cancellationToken)
            || GreenLambdas.Plan(lambda, semanticModel, cancellationToken) is not { } plan)
        {
            return;
        }
        var invocation = (InvocationExpressionSyntax)lambda.Parent!.Parent!.Parent!;
        if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol api)
            return;
        string? reason = plan.Blocker;
        if (reason is null && FunctionTakingInterceptors.Build(invocation, api, semanticModel, cancellationToken) is null)
            reason = "the generated interceptor cannot name a type of the call";
        if (reason is null)
            return;
        // The lambda's head (parameters and arrow), not its whole body.
        var head = lambda switch
        {
            LambdaExpressionSyntax arrow => TextSpan.FromBounds(lambda.SpanStart, arrow.ArrowToken.Span.End),
            AnonymousMethodExpressionSyntax method => TextSpan.FromBounds(lambda.SpanStart, (method.ParameterList?.Span ?? method.DelegateKeyword.Span).End),
            _ => lambda.Span,
        };
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.LambdaNotGreen,
            Location.Create(lambda.SyntaxTree, head),
            GreenletSymbols.Definition(api).ToDisplayString(DiagnosticText.CallFormat),
            GreenLambdas.DisplayName(plan.FirstPoint),
            reason));
    }

    /// <summary>
    /// Whether <paramref name="lambda"/> is inside another lambda that becomes a green function: its body is rewritten
    /// there as a twin's, and this lambda with it.
    /// </summary>
    private static bool IsInGreenFunction(SyntaxNode lambda, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var outer in lambda.Ancestors().OfType<AnonymousFunctionExpressionSyntax>())
        {
            if (SuspensionBarriers.IsGreenLambda(outer, semanticModel, cancellationToken)
                && GreenLambdas.Plan(outer, semanticModel, cancellationToken) is { Blocker: null })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// GRN0023: a call of a <c>[Greenlet]</c> method from ordinary code that the interceptor generator leaves alone
    /// (it asks <see cref="DirectCallInterceptors"/>, as the generator does), so the plain method runs.
    /// </summary>
    private static void AnalyzeOrdinaryCall(SyntaxNodeAnalysisContext context)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        // As in the generator: a call by a name nothing is routed under is not bound (CallNames).
        // A call in a [Greenlet] body (most calls by a routed name) is the twin's: asked first, since it needs only the
        // declaration's symbol, where the checks of the target would work out its twin blockers for every call.
        if (!CallNames.For(context.Compilation).MayBeRouted(invocation)
            || InterceptedCallBuilder.IsInGreenletMethod(invocation, semanticModel, cancellationToken)
            || semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol target
            || !GreenletSymbols.HasGreenletAttribute(target)
            || GreenletSymbols.IsMarkerOverload(target)
            // A method that cannot have a twin gets its own diagnostic at its declaration.
            || !GreenletSymbols.CanHaveTwin(target, semanticModel.Compilation, cancellationToken)
            || InterceptedCallBuilder.IsInExpressionTree(invocation, semanticModel, cancellationToken))
        {
            return;
        }
        if (TwinBodies.LanguageVersionOf(invocation.SyntaxTree) is var version && version < TwinBodies.MinimumLanguageVersion)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersionTooOld, invocation.GetLocation(),
                $"This call of the [Greenlet] method '{GreenletSymbols.Definition(target).ToDisplayString(DiagnosticText.NameFormat)}'", version.ToDisplayString()));
            return;
        }
        if (DirectCallInterceptors.Build(invocation, target, semanticModel, cancellationToken) is not null)
            return;

        var definition = GreenletSymbols.Definition(target);
        var compilation = semanticModel.Compilation;
        string reason, fix;
        if (CallSiteSyntax.IsBaseAccess(invocation.Expression))
        {
            reason = "a 'base.' call";
            fix = "call it from a [Greenlet] method, where it suspends as any call of a [Greenlet] method does";
        }
        else if (InaccessibleContainingType(definition.ContainingType, compilation) is { } hidden)
        {
            string name = hidden.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            reason = $"'{name}' is {DiagnosticText.AccessibilityText(hidden.DeclaredAccessibility)}, and the generated interceptor cannot name it";
            fix = $"make '{name}' internal, or call the method from a [Greenlet] method";
        }
        else
        {
            reason = "the generated interceptor cannot name a type of its signature, or reach its twin";
            fix = "make the method and the types it takes and returns internal or public, or call it from a [Greenlet] method";
        }
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.CallNotRoutedToTwin, invocation.GetLocation(), definition.ToDisplayString(DiagnosticText.NameFormat), reason, fix));
    }

    /// <summary>The outermost of <paramref name="type"/> and its containing types that a top-level type cannot see.</summary>
    private static INamedTypeSymbol? InaccessibleContainingType(INamedTypeSymbol type, Compilation compilation)
    {
        INamedTypeSymbol? hidden = null;
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!compilation.IsSymbolAccessibleWithin(current.OriginalDefinition, compilation.Assembly))
                hidden = current;
        }
        return hidden;
    }
}
