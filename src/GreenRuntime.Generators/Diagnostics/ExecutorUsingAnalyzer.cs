using System.Collections.Immutable;
using System.Linq;
using GreenRuntime.Generators.CallSites;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// GRN0036: an executor in a <c>using</c> of a <c>[Greenlet]</c> body. Its <c>Dispose</c> at the end of the scope is
/// <c>Shutdown(wait: true)</c> on the hub's thread, which blocks every greenlet until the work still running finishes;
/// <c>Shutdown()</c> called in the body parks only this greenlet (a marker overload), so a body that calls it on the
/// same variable is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExecutorUsingAnalyzer : DiagnosticAnalyzer
{
    private const string ExecutorName = "GreenRuntime.Futures.Executor";
    private const string ExecutorInterfaceName = "GreenRuntime.Futures.IExecutor";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.ExecutorDisposedOnHub);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(ExecutorName) is not { } executor
                || start.Compilation.GetTypeByMetadataName(ExecutorInterfaceName) is not { } executorInterface)
            {
                return;
            }
            start.RegisterSyntaxNodeAction(node => AnalyzeUsingStatement(node, executor, executorInterface), SyntaxKind.UsingStatement);
            start.RegisterSyntaxNodeAction(node => AnalyzeUsingDeclaration(node, executor, executorInterface), SyntaxKind.LocalDeclarationStatement);
        });
    }

    private static void AnalyzeUsingStatement(SyntaxNodeAnalysisContext node, INamedTypeSymbol executor, INamedTypeSymbol executorInterface)
    {
        var statement = (UsingStatementSyntax)node.Node;
        if (statement.AwaitKeyword != default || GreenletBody(node, statement) is not { } body)
            return;
        if (statement.Declaration is { } declaration)
            CheckDeclarators(node, declaration, body, executor, executorInterface);
        else if (statement.Expression is { } expression
            && IsExecutor(node.SemanticModel.GetTypeInfo(expression, node.CancellationToken).Type, executor, executorInterface))
        {
            Report(node, expression.GetLocation(), expression.ToString());
        }
    }

    private static void AnalyzeUsingDeclaration(SyntaxNodeAnalysisContext node, INamedTypeSymbol executor, INamedTypeSymbol executorInterface)
    {
        var statement = (LocalDeclarationStatementSyntax)node.Node;
        if (statement.UsingKeyword == default || statement.AwaitKeyword != default || GreenletBody(node, statement) is not { } body)
            return;
        CheckDeclarators(node, statement.Declaration, body, executor, executorInterface);
    }

    private static void CheckDeclarators(
        SyntaxNodeAnalysisContext node, VariableDeclarationSyntax declaration, SyntaxNode body, INamedTypeSymbol executor, INamedTypeSymbol executorInterface)
    {
        foreach (var variable in declaration.Variables)
        {
            if (node.SemanticModel.GetDeclaredSymbol(variable, node.CancellationToken) is ILocalSymbol local
                && IsExecutor(local.Type, executor, executorInterface)
                && !ShutsDown(body, local.Name))
            {
                Report(node, variable.Identifier.GetLocation(), local.Name);
            }
        }
    }

    /// <summary>
    /// The greenlet body (<see cref="GreenletBodies.Find"/>: a body that becomes a twin's, where <c>Shutdown()</c> parks)
    /// that <paramref name="statement"/> runs in, or null: a statement of a lambda or a local function in it is not the
    /// greenlet's own frame (the lambda may run anywhere).
    /// </summary>
    private static SyntaxNode? GreenletBody(SyntaxNodeAnalysisContext node, StatementSyntax statement)
    {
        if (!CallSiteSyntax.IsInGreenletLookingMethod(statement))
            return null;
        var function = statement.Ancestors().FirstOrDefault(a =>
            a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MethodDeclarationSyntax);
        return function is MethodDeclarationSyntax method ? GreenletBodies.Find(method, node.SemanticModel, node.CancellationToken) : null;
    }

    private static bool IsExecutor(ITypeSymbol? type, INamedTypeSymbol executor, INamedTypeSymbol executorInterface)
    {
        if (type is null)
            return false;
        if (SymbolEqualityComparer.Default.Equals(type, executorInterface))
            return true;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, executor))
                return true;
        }
        return false;
    }

    /// <summary>Whether the body calls <c>name.Shutdown(...)</c> anywhere: then the using's Dispose has nothing left to wait for.</summary>
    private static bool ShutsDown(SyntaxNode body, string name) =>
        body.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(invocation =>
            invocation.Expression is MemberAccessExpressionSyntax
            {
                Name.Identifier.ValueText: "Shutdown",
                Expression: IdentifierNameSyntax receiver,
            } && receiver.Identifier.ValueText == name);

    private static void Report(SyntaxNodeAnalysisContext node, Location location, string name) =>
        node.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ExecutorDisposedOnHub, location, name));
}
