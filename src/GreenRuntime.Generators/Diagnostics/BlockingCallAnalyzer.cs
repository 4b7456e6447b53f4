using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Reports blocking that stays blocking inside a <c>[Greenlet]</c> body: a call that blocks the hub's thread and that
/// no tier makes green. Every candidate goes through <see cref="SuspensionPoints.Classify"/> first, so a call that a
/// patch (or a later tier) turns into a suspension point is never reported here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.BlockingCall,
        DiagnosticDescriptors.ThreadLockAcrossSuspension);

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
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        if (GreenletBodies.Find(declaration, semanticModel, cancellationToken) is not { } body)
            return;
        List<(InvocationExpressionSyntax Call, IMethodSymbol Target)>? lockEnters = null;
        foreach (var node in GreenletBodies.NodesOnTheGreenlet(body, semanticModel, cancellationToken))
        {
            // task.Result is a suspension point (tier 2, the async-twin bridge) where the task is a Task<T> or ValueTask<T>.
            if (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } resultAccess
                && GreenletBodies.ClassifyIgnoringConfiguration(resultAccess, semanticModel, cancellationToken) is null)
            {
                ReportBlockingCall(context, resultAccess, semanticModel.GetSymbolInfo(resultAccess, cancellationToken).Symbol);
            }
            // A call the patch configuration switched off is reported as such (GRN0032), not here.
            else if (node is InvocationExpressionSyntax invocation && GreenletBodies.ClassifyIgnoringConfiguration(invocation, semanticModel, cancellationToken) is null)
            {
                var target = semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol;
                ReportBlockingCall(context, invocation, target);
                if (target is IMethodSymbol method && ThreadLocks.IsEnter(method))
                    (lockEnters ??= []).Add((invocation, method));
            }
        }
        if (lockEnters is not null)
            ReportLocksAcrossSuspension(context, body, lockEnters);
    }

    /// <summary>
    /// GRN0031: <c>Monitor.Enter(gate)</c> (or <c>Lock.Enter</c>) with a suspension point of the greenlet after it,
    /// before the matching <c>Exit</c> (or the end of the method when there is none).
    /// Text order stands in for flow: the <c>Exit</c> sits in a <c>finally</c> after the code it protects.
    /// </summary>
    private static void ReportLocksAcrossSuspension(
        SyntaxNodeAnalysisContext context, SyntaxNode body, List<(InvocationExpressionSyntax Call, IMethodSymbol Target)> enters)
    {
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        var points = new List<(SyntaxNode Node, SuspensionPoint Point)>();
        var exits = new List<(InvocationExpressionSyntax Call, string Gate)>();
        foreach (var node in GreenletBodies.NodesOnTheGreenlet(body, semanticModel, cancellationToken))
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                continue;
            if (node.Ancestors().TakeWhile(a => a != body).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                continue;
            if (GreenletBodies.Classify(node, semanticModel, cancellationToken) is { IsAwaited: true } point)
                points.Add((node, point));
            else if (node is InvocationExpressionSyntax invocation
                && semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                && ThreadLocks.IsExit(method) && ThreadLocks.GateOf(invocation, method) is { } gate)
            {
                exits.Add((invocation, gate));
            }
        }
        foreach (var (enter, target) in enters)
        {
            string? gate = ThreadLocks.GateOf(enter, target);
            int start = enter.Span.End;
            int end = body.Span.End;
            foreach (var (exit, exitGate) in exits)
            {
                if (exit.SpanStart >= start && exit.SpanStart < end && exitGate == gate)
                {
                    end = exit.SpanStart;
                    break;
                }
            }
            foreach (var (node, point) in points)
            {
                if (node.SpanStart < start || node.SpanStart >= end)
                    continue;
                string call = point.LoopName ?? DiagnosticText.CallName(point, node as ExpressionSyntax);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ThreadLockAcrossSuspension, enter.GetLocation(), [node.GetLocation()],
                    GreenletSymbols.Definition(target).ToDisplayString(DiagnosticText.CallFormat), call));
                break;
            }
        }
    }

    /// <summary>
    /// GRN0021: a known blocking call, or <c>Task.Result</c>, that runs on the greenlet itself: in the body, or in a
    /// lambda that LINQ (or the like, <see cref="HubLambdas"/>) runs on the greenlet's thread. Inside other lambdas and
    /// local functions it may run on another thread (<c>Task.Run</c>, <c>Green.Offload</c>), so it is left alone there.
    /// </summary>
    private static void ReportBlockingCall(SyntaxNodeAnalysisContext context, ExpressionSyntax call, ISymbol? target)
    {
        bool blocks = target switch
        {
            IMethodSymbol method => KnownBlockingCalls.IsBlocking(method),
            IPropertySymbol { Name: "Result", IsStatic: false } property =>
                GreenletSymbols.IsNamed(property.ContainingType?.OriginalDefinition, "Task", "System", "Threading", "Tasks")
                || GreenletSymbols.IsNamed(property.ContainingType?.OriginalDefinition, "ValueTask", "System", "Threading", "Tasks"),
            _ => false,
        };
        if (!blocks)
            return;
        if (!RunsOnTheGreenlet(call, context.SemanticModel, context.CancellationToken))
            return;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingCall, call.GetLocation(), target!.ToDisplayString(DiagnosticText.CallFormat)));
    }

    /// <summary>
    /// Whether <paramref name="call"/> runs on the greenlet's thread, as far as the code shows: no lambda, local function
    /// or query clause stands between it and the method, except lambdas passed straight to a <see cref="HubLambdas"/> runner.
    /// </summary>
    private static bool RunsOnTheGreenlet(SyntaxNode call, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
    {
        for (var node = call; ;)
        {
            var barrier = SuspensionBarriers.Find(node, semanticModel, cancellationToken);
            if (barrier.Kind is SuspensionBarrierKind.LocalFunction or SuspensionBarrierKind.Query)
                return false;
            if (barrier.Kind is not (SuspensionBarrierKind.Lambda or SuspensionBarrierKind.AnonymousMethod))
                return true;
            if (barrier.Node is not AnonymousFunctionExpressionSyntax lambda || HubLambdas.FindRunner(lambda, semanticModel, cancellationToken) is null)
                return false;
            node = lambda;
        }
    }
}
