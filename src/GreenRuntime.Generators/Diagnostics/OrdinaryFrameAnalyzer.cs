using System.Collections.Generic;
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
/// Reports where a <c>[Greenlet]</c> body enters an ordinary frame of this compilation (a helper, an accessor, an
/// operator, an iterator, a lambda run by LINQ) that blocks the thread (GRN0028) or needs to suspend (GRN0029), and the
/// spawn targets that are no <c>[Greenlet]</c> methods and block (GRN0030). What each frame does is
/// <see cref="OrdinaryFrames"/>' answer, computed once per compilation; the diagnostics carry the frame's documentation
/// comment ID as <see cref="HelperProperty"/>, so a code fix can find it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OrdinaryFrameAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The key of <see cref="Diagnostic.Properties"/> that names the helper (its documentation comment ID).</summary>
    public const string HelperProperty = "Helper";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.BlockingHelper,
        DiagnosticDescriptors.SuspendingOrdinaryFrame,
        DiagnosticDescriptors.BlockingSpawnTarget);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // The patch configuration decides what is a suspension point: it is read before anything is classified.
            PatchConfiguration.Register(start.Compilation, start.Options);
            var frames = OrdinaryFrames.For(start.Compilation);
            start.RegisterSyntaxNodeAction(c => AnalyzeGreenletBody(c, frames), SyntaxKind.MethodDeclaration);
            start.RegisterSyntaxNodeAction(
                c => AnalyzeGreenLambda(c, frames), SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.SimpleLambdaExpression, SyntaxKind.AnonymousMethodExpression);
            start.RegisterSyntaxNodeAction(c => AnalyzeSpawn(c, frames), SyntaxKind.InvocationExpression);
        });
    }

    /// <summary>GRN0028 and GRN0029 for every ordinary frame a <c>[Greenlet]</c> body enters.</summary>
    private static void AnalyzeGreenletBody(SyntaxNodeAnalysisContext context, OrdinaryFrames frames)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        if (GreenletBodies.Find(declaration, context.SemanticModel, context.CancellationToken) is { } body
            && context.SemanticModel.GetOperation(body, context.CancellationToken) is { } operation)
        {
            ReportFramesEntered(context, frames, operation);
        }
    }

    /// <summary>
    /// The same for a green lambda of ordinary code (<c>Green.Spawn(() =&gt; Pause(10))</c> in <c>Main</c>): its body runs
    /// as a greenlet. Green lambdas inside <c>[Greenlet]</c> bodies, or inside another green lambda, are walked with it.
    /// </summary>
    private static void AnalyzeGreenLambda(SyntaxNodeAnalysisContext context, OrdinaryFrames frames)
    {
        var lambda = (AnonymousFunctionExpressionSyntax)context.Node;
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        if (!SuspensionBarriers.IsGreenLambda(lambda, semanticModel, cancellationToken)
            || lambda.Ancestors().OfType<AnonymousFunctionExpressionSyntax>().Any(outer => SuspensionBarriers.IsGreenLambda(outer, semanticModel, cancellationToken))
            || lambda.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method && GreenletBodies.Find(method, semanticModel, cancellationToken) is not null
            || semanticModel.GetOperation(lambda, cancellationToken) is not { } operation)
        {
            return;
        }
        ReportFramesEntered(context, frames, operation);
    }

    private static void ReportFramesEntered(SyntaxNodeAnalysisContext context, OrdinaryFrames frames, IOperation operation)
    {
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        frames.Share(semanticModel);
        var reportedRunners = new HashSet<SyntaxNode>();
        foreach (var step in frames.Walk(operation, semanticModel, inGreenletBody: true, cancellationToken))
        {
            if (step.Kind != FrameStepKind.Enters)
                continue;
            if (frames.FindBlocking(step.Target, cancellationToken) is { } blocking)
            {
                if (IsReportedInside(step.Target, blocking))
                    continue;
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.BlockingHelper, LocationOf(step.Syntax), HelperProperties(step.Target),
                    Name(step.Target), Describe(blocking), BlockingFix(step.Target, blocking)));
            }
            else if (frames.FindSuspending(step.Target, cancellationToken) is { } suspending)
            {
                if (IsReportedInside(step.Target, suspending))
                    continue;
                // In a lambda run by LINQ (or the like) the frame the greenlet enters is the lambda: reported on the call that runs it.
                if (step.Runner is { } runner)
                {
                    if (!reportedRunners.Add(runner))
                        continue;
                    string api = semanticModel.GetSymbolInfo(runner, cancellationToken).Symbol is IMethodSymbol method
                        ? GreenletSymbols.Definition(method).ToDisplayString(DiagnosticText.CallFormat)
                        : runner.Expression.ToString();
                    var through = new FrameChain(suspending.Through.Insert(0, step.Target), suspending.Leaf);
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.SuspendingOrdinaryFrame, runner.GetLocation(), HelperProperties(step.Target),
                        $"The lambda (or method) that '{api}' runs", Describe(through),
                        $"loop with foreach in the [Greenlet] method instead of '{api}', and mark '{Name(step.Target)}' [Greenlet] (in a partial type)"));
                }
                else
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.SuspendingOrdinaryFrame, LocationOf(step.Syntax), HelperProperties(step.Target),
                        $"The {KindOf(step.Target)} '{Name(step.Target)}'", Describe(suspending), SuspendingFix(step.Target)));
                }
            }
        }
    }

    /// <summary>
    /// GRN0030: a method group passed to a GreenRuntime API that runs it as a greenlet (<c>Green.Spawn</c>, a pool's
    /// <c>Spawn</c>/<c>Map</c>/<c>Apply</c>, ...) that is an ordinary method of this compilation and blocks.
    /// </summary>
    private static void AnalyzeSpawn(SyntaxNodeAnalysisContext context, OrdinaryFrames frames)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var arguments = invocation.ArgumentList.Arguments;
        // Only a GreenRuntime function-taking API runs a method group as a greenlet: a call by any other name is not bound.
        if (!arguments.Any(a => a.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax)
            || !CallNames.For(context.Compilation).MayBeRouted(invocation))
        {
            return;
        }
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        frames.Share(semanticModel);
        if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol api
            || !GreenletSymbols.IsFunctionTakingApi(api)
            || GreenletSymbols.FindMatchingMarkerOverload(api) is not { } marker)
        {
            return;
        }
        foreach (var argument in arguments)
        {
            if (argument.Expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax)
                || !SuspensionPoints.IsTwinArgument(argument, GreenletSymbols.Definition(api), marker))
            {
                continue;
            }
            var symbolInfo = semanticModel.GetSymbolInfo(argument.Expression, cancellationToken);
            var method = symbolInfo.Symbol as IMethodSymbol ?? (symbolInfo.CandidateSymbols.Length == 1 ? symbolInfo.CandidateSymbols[0] as IMethodSymbol : null);
            if (frames.AsFrame(method) is not { } frame || frames.FindBlocking(frame, cancellationToken) is not { } blocking)
                continue;
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.BlockingSpawnTarget, argument.Expression.GetLocation(), HelperProperties(frame),
                Name(frame), GreenletSymbols.Definition(api).ToDisplayString(DiagnosticText.CallFormat), Describe(blocking)));
        }
    }

    /// <summary>
    /// A local function of the body that makes the call itself: a suspension point there is reported where it stands
    /// (GRN0011), not on each call of the local function.
    /// </summary>
    private static bool IsReportedInside(IMethodSymbol frame, FrameChain chain) =>
        frame.MethodKind == MethodKind.LocalFunction && chain.Through.IsEmpty && chain.Leaf.Point is not null;

    private static ImmutableDictionary<string, string?> HelperProperties(IMethodSymbol helper) =>
        ImmutableDictionary<string, string?>.Empty.Add(HelperProperty, helper.GetDocumentationCommentId());

    /// <summary>A loop is reported on its head (<c>foreach (var x in items)</c>), not on its whole body.</summary>
    private static Location LocationOf(SyntaxNode syntax) => syntax is CommonForEachStatementSyntax forEach
        ? Location.Create(forEach.SyntaxTree, TextSpan.FromBounds(forEach.ForEachKeyword.SpanStart, forEach.CloseParenToken.Span.End))
        : syntax.GetLocation();

    private static string Name(IMethodSymbol frame) => frame.AssociatedSymbol is IPropertySymbol { IsIndexer: true } indexer
        ? $"{indexer.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}.this[].{(frame.MethodKind == MethodKind.PropertyGet ? "get" : "set")}"
        : frame.ToDisplayString(DiagnosticText.NameFormat);

    /// <summary><c>'Thread.Sleep'</c>, or <c>'Helpers.Wait', which calls 'Thread.Sleep'</c>.</summary>
    private static string Describe(FrameChain chain)
    {
        var leaf = chain.Leaf;
        string call = leaf.Point is { } point
            ? DiagnosticText.CallName(point, leaf.Syntax as Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax)
            : GreenletSymbols.Definition(leaf.Target).ToDisplayString(DiagnosticText.CallFormat);
        var names = chain.Through.Select(Name).Append(call).Select(n => $"'{n}'");
        return string.Join(", which calls ", names);
    }

    private static string BlockingFix(IMethodSymbol frame, FrameChain blocking)
    {
        if (blocking.Leaf.Point is null)
        {
            return $"wait there with what suspends only this greenlet (see GRN0021), or run the call on a worker thread with Green.Offload(() => ...)";
        }
        return frame.MethodKind == MethodKind.Ordinary && !IsIterator(frame)
            ? $"mark '{Name(frame)}' [Greenlet] (in a partial type), and the blocking call inside suspends only this greenlet instead"
            : $"a {KindOf(frame)} cannot be [Greenlet]: move its body into a [Greenlet] method and call that, and the blocking call inside suspends only this greenlet instead";
    }

    private static string SuspendingFix(IMethodSymbol frame)
    {
        if (IsIterator(frame))
            return "an iterator cannot be [Greenlet]: collect the items in a [Greenlet] method that returns a list, or loop in the [Greenlet] method itself";
        return frame.MethodKind == MethodKind.Ordinary
            ? $"mark '{Name(frame)}' [Greenlet] (in a partial type), and the call suspends through it"
            : $"a {KindOf(frame)} cannot be [Greenlet]: make it a [Greenlet] method (GetValue() instead of a property, Add(a, b) instead of an operator) and call that";
    }

    private static string KindOf(IMethodSymbol frame) => frame.MethodKind switch
    {
        MethodKind.PropertyGet or MethodKind.PropertySet =>
            frame.AssociatedSymbol is IPropertySymbol { IsIndexer: true } ? "indexer" : "property accessor",
        MethodKind.EventAdd or MethodKind.EventRemove => "event accessor",
        MethodKind.UserDefinedOperator => "operator",
        MethodKind.Conversion => "conversion operator",
        MethodKind.Constructor or MethodKind.StaticConstructor => "constructor",
        MethodKind.LocalFunction => "local function",
        _ when IsIterator(frame) => "iterator",
        _ => "method",
    };

    private static bool IsIterator(IMethodSymbol frame) => frame.IsIterator;
}
