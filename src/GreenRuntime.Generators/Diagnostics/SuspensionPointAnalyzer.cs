using System.Collections.Immutable;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Reports every suspension point inside a <c>[Greenlet]</c> body that cannot suspend where it stands — inside a
/// <c>lock</c>, a lambda, a local function, a catch filter, an <c>unsafe</c> block, a conditional access, with a ref
/// struct live across it, on <c>base</c> — and the catch-all clauses around one that swallow <c>GreenletExit</c>. It
/// asks <see cref="SuspensionPoints"/>, <see cref="SuspensionBarriers"/> and <see cref="RefStructLiveness"/>, as the
/// twin generator does, so the two cannot disagree.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SuspensionPointAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.RefStructLocalAcrossSuspension,
        DiagnosticDescriptors.SuspensionInLock,
        DiagnosticDescriptors.SuspensionInLambda,
        DiagnosticDescriptors.SuspensionInLocalFunction,
        DiagnosticDescriptors.SuspensionInCatchFilter,
        DiagnosticDescriptors.SuspensionInUnsafeBlock,
        DiagnosticDescriptors.SuspensionInConditionalAccess,
        DiagnosticDescriptors.PatchedCallOnBase,
        DiagnosticDescriptors.CatchSwallowsGreenletExit);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // The patch configuration decides what is a suspension point: it is read before anything is classified.
            PatchConfiguration.Register(start.Compilation, start.Options);
            start.RegisterSyntaxNodeAction(AnalyzeMethod, SyntaxKind.MethodDeclaration);
        });
    }

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        if (GreenletBodies.Find(declaration, context.SemanticModel, context.CancellationToken) is not { } body)
            return;
        if (declaration.Body is { } block)
            GreenletExitCatches.Analyze(context, block);
        AnalyzeBody(context, body);
    }

    /// <summary>Every suspension point of the body that the generator has to leave as a blocking call.</summary>
    private static void AnalyzeBody(SyntaxNodeAnalysisContext context, SyntaxNode body)
    {
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        RefStructLiveness? liveness = null;

        foreach (var node in GreenletBodies.NodesOnTheGreenlet(body, semanticModel, cancellationToken))
        {
            if (node is BaseObjectCreationExpressionSyntax creation)
            {
                // new TcpClient(host, port) connects: a constructor patch makes it a suspension point like a call.
                if (GreenletBodies.Classify(creation, semanticModel, cancellationToken) is { } created)
                    ReportIfLeftBlocking(context, body, creation, created, ref liveness);
                continue;
            }
            if (node is CommonForEachStatementSyntax forEach)
            {
                // foreach over a green sequence (GreenPool.IMap, Green.IWait, ...) waits before each item.
                if (GreenletBodies.Classify(forEach, semanticModel, cancellationToken) is { } loop)
                    ReportIfLeftBlocking(context, body, forEach, loop, ref liveness);
                continue;
            }
            if (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } resultAccess)
            {
                // task.Result awaits the task through the async-twin bridge (tier 2).
                if (GreenletBodies.Classify(resultAccess, semanticModel, cancellationToken) is { } result)
                    ReportIfLeftBlocking(context, body, resultAccess, result, ref liveness);
                continue;
            }
            if (node is not InvocationExpressionSyntax invocation)
                continue;
            // Green.Spawn and its kind return at once: left as it is, such a call does not block. The suspension
            // points inside its lambdas are reported on their own.
            if (GreenletBodies.Classify(invocation, semanticModel, cancellationToken) is not { IsAwaited: true } point)
                continue;

            if (ReportIfLeftBlocking(context, body, invocation, point, ref liveness))
                continue;

            // A patch takes the receiver as an argument, and 'base' cannot be one (TwinBodyRewriter leaves these alone).
            if (point.Kind == SuspensionKind.MonkeyPatch && !point.Target.IsStatic
                && invocation.Expression is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax })
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PatchedCallOnBase, invocation.GetLocation(), CallName(point, invocation)));
            }
        }
    }

    /// <summary>
    /// Reports a suspension point the generator has to leave blocking where it stands (a lock, a lambda, a ref struct
    /// held across it); returns whether it did.
    /// </summary>
    private static bool ReportIfLeftBlocking(
        SyntaxNodeAnalysisContext context, SyntaxNode body, SyntaxNode node, SuspensionPoint point, ref RefStructLiveness? liveness)
    {
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        // A loop is reported on its head (`foreach (var x in items)`), not on its whole body.
        var location = node is CommonForEachStatementSyntax forEach
            ? Location.Create(forEach.SyntaxTree, TextSpan.FromBounds(forEach.ForEachKeyword.SpanStart, forEach.CloseParenToken.Span.End))
            : node.GetLocation();
        var barrier = SuspensionBarriers.Find(node, semanticModel, cancellationToken);
        if (barrier.Exists)
        {
            if (barrier.Kind == SuspensionBarrierKind.ConditionalAccess)
                location = WholeConditionalAccess((ExpressionSyntax)node).GetLocation();
            context.ReportDiagnostic(BarrierDiagnostic(barrier, location, CallName(point, node), point));
            return true;
        }

        liveness ??= RefStructLiveness.Analyze(body, semanticModel, cancellationToken);
        if (!liveness.IsEmpty && liveness.FindLiveAcross(node, point) is { } live)
        {
            var (name, type) = DescribeLive(live, semanticModel, context);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RefStructLocalAcrossSuspension, location, new[] { live.GetLocation() }, name, type, CallName(point, node)));
            return true;
        }

        if (node is ExpressionSyntax expression && RefTemporaries.FindHeldAcross(expression, semanticModel, cancellationToken) is { } held)
        {
            var heldType = semanticModel.GetTypeInfo(held, cancellationToken).Type;
            string type = (heldType is { IsRefLikeType: true } ? string.Empty : "ref ") + DiagnosticText.Display(heldType);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RefStructLocalAcrossSuspension, location, new[] { held.GetLocation() }, held.ToString(), type, CallName(point, node)));
            return true;
        }
        return false;
    }

    /// <summary>
    /// How the point is named in a message (<see cref="DiagnosticText.CallName"/>): spelled only for a diagnostic, since
    /// <c>ToDisplayString</c> for every suspension point of every body cost more than the checks themselves.
    /// </summary>
    private static string CallName(SuspensionPoint point, SyntaxNode node) => DiagnosticText.CallName(point, node as ExpressionSyntax);

    private static Diagnostic BarrierDiagnostic(SuspensionBarrier barrier, Location location, string call, SuspensionPoint point)
    {
        switch (barrier.Kind)
        {
            case SuspensionBarrierKind.Lock:
                return Diagnostic.Create(DiagnosticDescriptors.SuspensionInLock, location, call);
            case SuspensionBarrierKind.LocalFunction:
                return Diagnostic.Create(
                    DiagnosticDescriptors.SuspensionInLocalFunction, location, call, ((LocalFunctionStatementSyntax)barrier.Node!).Identifier.ValueText);
            case SuspensionBarrierKind.CatchFilter:
                return Diagnostic.Create(DiagnosticDescriptors.SuspensionInCatchFilter, location, call);
            case SuspensionBarrierKind.Unsafe:
                return Diagnostic.Create(DiagnosticDescriptors.SuspensionInUnsafeBlock, location, call);
            case SuspensionBarrierKind.ConditionalAccess:
                return Diagnostic.Create(DiagnosticDescriptors.SuspensionInConditionalAccess, location, call);
        }
        string where = barrier.Kind switch
        {
            SuspensionBarrierKind.AnonymousMethod => "an anonymous method",
            SuspensionBarrierKind.Query => "a query clause",
            _ => "a lambda",
        };
        return Diagnostic.Create(DiagnosticDescriptors.SuspensionInLambda, location, call, where, InLambdaFix(call, where, point));
    }

    /// <summary>
    /// GRN0010's advice. Moving the call into a <c>[Greenlet]</c> method is no help when it already calls one: then
    /// the call has to leave the lambda.
    /// </summary>
    private static string InLambdaFix(string call, string where, SuspensionPoint point) =>
        point.Kind == SuspensionKind.GreenletCall
            ? $"'{call}' is a [Greenlet] method already, so call it outside {where}, from the [Greenlet] method itself (a foreach loop instead of ForEach or a query), where it suspends; or pass the lambda straight to Green.Spawn to run it as a greenlet of its own"
            : $"use a plain loop instead of {where}, pass the lambda straight to Green.Spawn, or move '{call}' into a [Greenlet] method and call that";

    /// <summary><c>a?.M()</c> rather than just its <c>.M()</c> part: what the user reads as the call.</summary>
    private static SyntaxNode WholeConditionalAccess(ExpressionSyntax call)
    {
        SyntaxNode whole = call;
        while (whole.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == whole)
            whole = access;
        return whole;
    }

    /// <summary>The name and type of what <see cref="RefStructLiveness.FindLiveAcross"/> found.</summary>
    private static (string Name, string Type) DescribeLive(SyntaxNode live, SemanticModel semanticModel, SyntaxNodeAnalysisContext context)
    {
        if (live is ForEachStatementSyntax forEach)
            return (forEach.Expression.ToString(), DiagnosticText.Display(semanticModel.GetTypeInfo(forEach.Expression, context.CancellationToken).Type));
        if (live is UsingStatementSyntax { Expression: { } resource })
            return (resource.ToString(), DiagnosticText.Display(semanticModel.GetTypeInfo(resource, context.CancellationToken).Type));
        var local = semanticModel.GetDeclaredSymbol(live, context.CancellationToken) as ILocalSymbol;
        string name = live switch
        {
            VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
            SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
            _ => local?.Name ?? live.ToString(),
        };
        string type = local is null ? "?" : (local.IsRef ? "ref " : string.Empty) + DiagnosticText.Display(local.Type);
        return (name, type);
    }
}
