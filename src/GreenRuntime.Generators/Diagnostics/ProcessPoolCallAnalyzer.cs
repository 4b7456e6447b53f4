using System;
using System.Collections.Immutable;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.CallSites;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// What a <c>ProcessPoolExecutor</c> refuses at run time, where the call is visible: GRN0034 on a lambda or an instance
/// method passed to its <c>Submit</c>, <c>Map</c> or constructor (<c>initializer</c>), GRN0035 on an argument whose type
/// cannot be serialized to a worker process (<see cref="ProcessBoundary"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProcessPoolCallAnalyzer : DiagnosticAnalyzer
{
    private const string ExecutorName = "GreenRuntime.Futures.ProcessPoolExecutor";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ProcessTargetNotStatic,
        DiagnosticDescriptors.ProcessArgumentNotSerializable);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(ExecutorName) is not { } executor)
                return;
            // Syntax actions, filtered by what the call is written as, rather than operation actions: those make the
            // driver build the operation tree of every body of the project for this analyzer alone.
            start.RegisterSyntaxNodeAction(node => AnalyzeInvocation(node, executor), SyntaxKind.InvocationExpression);
            start.RegisterSyntaxNodeAction(node => AnalyzeCreation(node, executor), SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression);
        });
    }

    private static void AnalyzeInvocation(SyntaxNodeAnalysisContext node, INamedTypeSymbol executor)
    {
        // Submit and Map are instance methods: called by their name (an alias cannot rename a method).
        var syntax = (InvocationExpressionSyntax)node.Node;
        if (CallNames.CalledName(syntax.Expression) is not ("Submit" or "Map")
            || node.SemanticModel.GetOperation(syntax, node.CancellationToken) is not IInvocationOperation invocation)
        {
            return;
        }
        var context = new Reporter(node);
        string name = invocation.TargetMethod.Name;
        if (name is not ("Submit" or "Map") || invocation.Instance?.Type is not { } receiver
            || !SymbolEqualityComparer.Default.Equals(receiver, executor))
        {
            return;
        }
        IMethodSymbol? target = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter)
                continue;
            if (parameter.Name == "fn")
                target = CheckFunction(context, argument.Value, name);
            else if (parameter.Name.StartsWith("arg", StringComparison.Ordinal))
                CheckArgument(context, argument, target);
            else if (parameter.Name == "items" && name == "Map" && invocation.TargetMethod.TypeArguments is [var item, ..])
                CheckValueType(context, argument.Value.Syntax, item, "the items of Map");
        }
    }

    private static void AnalyzeCreation(SyntaxNodeAnalysisContext node, INamedTypeSymbol executor)
    {
        // Only a function passed to the constructor is checked: a creation without arguments has none (the type may be
        // aliased or target-typed, so its name says nothing).
        var syntax = (BaseObjectCreationExpressionSyntax)node.Node;
        if (syntax.ArgumentList is not { Arguments.Count: > 0 }
            || node.SemanticModel.GetOperation(syntax, node.CancellationToken) is not IObjectCreationOperation creation
            || !SymbolEqualityComparer.Default.Equals(creation.Type, executor))
        {
            return;
        }
        var context = new Reporter(node);
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "initializer")
                CheckFunction(context, argument.Value, "initializer");
        }
    }

    /// <summary>Reports GRN0034 for a function that is no static method; the method group's method, if it is one.</summary>
    private static IMethodSymbol? CheckFunction(Reporter context, IOperation value, string call)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        if (value is not IDelegateCreationOperation creation)
            return null;
        switch (creation.Target)
        {
            case IAnonymousFunctionOperation lambda:
                Report(context, DiagnosticDescriptors.ProcessTargetNotStatic, lambda.Syntax, call, "a lambda (C# compiles even a static lambda to an instance method of a hidden class)");
                return null;
            case IMethodReferenceOperation reference when !reference.Method.IsStatic || reference.Method.MethodKind == MethodKind.ReducedExtension:
                Report(context, DiagnosticDescriptors.ProcessTargetNotStatic, reference.Syntax, call,
                    reference.Method.MethodKind == MethodKind.LocalFunction
                        ? $"the local function '{reference.Method.Name}' (it is not static)"
                        : $"the instance method '{reference.Method.ContainingType.Name}.{reference.Method.Name}' bound to an object");
                return null;
            case IMethodReferenceOperation reference:
                return reference.Method;
            default:
                return null;
        }
    }

    private static void CheckArgument(Reporter context, IArgumentOperation argument, IMethodSymbol? target)
    {
        // The value's own type: a value declared as object still serializes as what it is.
        var value = argument.Value;
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        if (value.Type is { } type && CheckValueType(context, argument.Value.Syntax, type, value.Syntax.ToString()))
            return;
        // The method's own parameter type, when the function is a method group: Submit(Hash, (object)stream) still sends a Stream.
        int index = argument.Parameter!.Ordinal - 1;
        if (target is not null && index >= 0 && index < target.Parameters.Length)
            CheckValueType(context, argument.Value.Syntax, target.Parameters[index].Type, value.Syntax.ToString());
    }

    private static bool CheckValueType(Reporter context, SyntaxNode where, ITypeSymbol type, string what)
    {
        if (ProcessBoundary.WhyNotSerializable(type, context.Compilation) is not { } why)
            return false;
        Report(context, DiagnosticDescriptors.ProcessArgumentNotSerializable, where, what, type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), why);
        return true;
    }

    private static void Report(Reporter context, DiagnosticDescriptor descriptor, SyntaxNode where, params object[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, where.GetLocation(), arguments));

    /// <summary>What the checks need of the syntax action's context: its compilation and where to report.</summary>
    private readonly struct Reporter(SyntaxNodeAnalysisContext context)
    {
        public Compilation Compilation => context.Compilation;

        public void ReportDiagnostic(Diagnostic diagnostic) => context.ReportDiagnostic(diagnostic);
    }
}
