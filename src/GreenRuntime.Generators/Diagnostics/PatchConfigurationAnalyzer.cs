using System.Collections.Immutable;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Reports what the patch configuration (<see cref="PatchConfiguration"/>) does: GRN0032 on each call inside a
/// <c>[Greenlet]</c> body that a switched-off tier or group leaves blocking — the calls
/// <see cref="SuspensionPoints"/> would make green without the configuration and does not with it, exactly the
/// generator's decision — and GRN0033 for a name in <c>GreenPatchesOff</c> that is no tier or group.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PatchConfigurationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.SwitchedOffPatch,
        DiagnosticDescriptors.UnknownPatchName);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var configuration = PatchConfiguration.Register(start.Compilation, start.Options);
            foreach (var name in configuration.UnknownNames)
                start.RegisterCompilationEndAction(end => end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownPatchName, Location.None, name, PatchConfiguration.ValidNames)));
            if (configuration.Off != PatchSwitches.None)
                start.RegisterSyntaxNodeAction(node => AnalyzeMethod(node, configuration), SyntaxKind.MethodDeclaration);
        });
    }

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context, PatchConfiguration configuration)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        if (GreenletBodies.Find(declaration, semanticModel, cancellationToken) is not { } body)
            return;
        foreach (var node in GreenletBodies.NodesOnTheGreenlet(body, semanticModel, cancellationToken))
        {
            if (node is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax)
                || GreenletBodies.ClassifyIgnoringConfiguration(node, semanticModel, cancellationToken) is not { } point
                || configuration.Allows(point))
            {
                continue;
            }
            var (setting, remedy) = configuration.Describe(point.Switches);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.SwitchedOffPatch, node.GetLocation(), DiagnosticText.CallName(point, node as ExpressionSyntax), setting, remedy));
        }
    }
}
