using System.Collections.Immutable;
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
        DiagnosticDescriptors.BlockingCall);

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
        foreach (var node in GreenletBodies.NodesOnTheGreenlet(body, semanticModel, cancellationToken))
        {
            if (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } resultAccess)
                ReportBlockingCall(context, resultAccess, semanticModel.GetSymbolInfo(resultAccess, cancellationToken).Symbol);
            // A call the patch configuration switched off is reported as such (GRN0032), not here.
            else if (node is InvocationExpressionSyntax invocation && SuspensionPoints.ClassifyIgnoringConfiguration(invocation, semanticModel, cancellationToken) is null)
                ReportBlockingCall(context, invocation, semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol);
        }
    }

    /// <summary>
    /// GRN0021: a known blocking call, or <c>Task.Result</c>, that runs on the greenlet itself. Inside a lambda or
    /// local function it may run on another thread (<c>Task.Run</c>, <c>Green.Offload</c>), so it is left alone there.
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
        var barrier = SuspensionBarriers.Find(call, context.SemanticModel, context.CancellationToken);
        if (barrier.Kind is SuspensionBarrierKind.Lambda or SuspensionBarrierKind.AnonymousMethod
            or SuspensionBarrierKind.LocalFunction or SuspensionBarrierKind.Query)
        {
            return;
        }
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingCall, call.GetLocation(), target!.ToDisplayString(DiagnosticText.CallFormat)));
    }
}
