using System.Collections.Immutable;
using System.Linq;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Reports, at its declaration, every reason why a <c>[Greenlet]</c> method cannot get its resumable twin: its
/// containing type, its kind, its signature, <c>async</c>, <c>yield</c>, a C# version too old. The generator silently
/// skips such methods; this analyzer says why, from the same decision (<see cref="GreenletSymbols.GetTwinBlockers"/>),
/// so the two cannot disagree.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GreenletDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.TypeMustBePartial,
        DiagnosticDescriptors.AsyncMethod,
        DiagnosticDescriptors.RefParameter,
        DiagnosticDescriptors.RefReturn,
        DiagnosticDescriptors.Pointer,
        DiagnosticDescriptors.RefStructParameter,
        DiagnosticDescriptors.UnsupportedReturnType,
        DiagnosticDescriptors.IteratorMethod,
        DiagnosticDescriptors.NoBody,
        DiagnosticDescriptors.UnsupportedMemberKind,
        DiagnosticDescriptors.FileLocalType,
        DiagnosticDescriptors.MutableStructInstance,
        DiagnosticDescriptors.RefLocalInAsyncTwin,
        DiagnosticDescriptors.LanguageVersionTooOld);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Generated code (our own twins included) is not the user's to fix.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // The patch configuration decides what is a suspension point (and so which twins are resumable): read it first.
            PatchConfiguration.Register(start.Compilation, start.Options);
            start.RegisterSymbolAction(AnalyzeContainingType, SymbolKind.NamedType);
            start.RegisterSyntaxNodeAction(AnalyzeMethod, SyntaxKind.MethodDeclaration);
            start.RegisterSyntaxNodeAction(AnalyzeAttribute, SyntaxKind.Attribute);
        });
    }

    /// <summary>GRN0001, GRN0018 and an <c>unsafe</c> type (GRN0005): reported once per type, at its declaration.</summary>
    private static void AnalyzeContainingType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        // An extension block cannot be partial; its [Greenlet] members get GRN0017 instead.
        if (type.IsExtension || !type.Locations.Any(l => l.IsInSource))
            return;
        var greenlet = FirstGreenletMethodWithin(type);
        if (greenlet is null)
            return;

        var declarations = type.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(context.CancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .ToList();
        if (declarations.Count == 0)
            return;
        // The names are spelled only for a diagnostic: ToDisplayString for every type would cost more than the checks.
        string TypeName() => type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

        if (!declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            foreach (var declaration in declarations)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeMustBePartial, declaration.Identifier.GetLocation(), TypeName(), Name(greenlet)));
        }
        foreach (var declaration in declarations)
        {
            foreach (var modifier in declaration.Modifiers)
            {
                if (modifier.IsKind(SyntaxKind.FileKeyword))
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FileLocalType, modifier.GetLocation(), Name(greenlet), TypeName()));
                else if (modifier.IsKind(SyntaxKind.UnsafeKeyword))
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Pointer, modifier.GetLocation(), Name(greenlet), modifier.Text));
            }
        }
    }

    /// <summary>
    /// The signature problems of a <c>[Greenlet]</c> method are reported on its defining declaration, the body
    /// problems on the declaration that has the body (the same one unless it is a partial method).
    /// </summary>
    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } method
            || !GreenletSymbols.HasGreenletAttribute(method))
        {
            return;
        }
        bool isDefiningDeclaration = method.PartialDefinitionPart is null;

        if (method.MethodKind != MethodKind.Ordinary || method.ContainingType.IsExtension)
        {
            if (isDefiningDeclaration)
            {
                string kind = method.ContainingType.IsExtension ? "extension block member" : "explicit interface implementation";
                ReportUnsupportedKind(context, GreenletBodies.FindGreenletAttribute(declaration, context.SemanticModel, context.CancellationToken), kind, Name(method));
            }
            return;
        }

        var version = TwinBodies.LanguageVersionOf(declaration.SyntaxTree);
        if (version < TwinBodies.MinimumLanguageVersion)
        {
            if (isDefiningDeclaration)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersionTooOld, declaration.Identifier.GetLocation(),
                    $"The [Greenlet] method '{Name(method)}'", version.ToDisplayString()));
            }
            return;
        }

        var blockers = ClassifiedBodies.For(context.Compilation).TwinBlockersOf(method, context.Compilation, context.CancellationToken);
        if (isDefiningDeclaration)
            ReportSignatureProblems(context, declaration, method, blockers);

        var bodyDeclaration = GreenletSymbols.GetBodyDeclaration(method, context.CancellationToken);
        if (bodyDeclaration != declaration)
            return;
        if (declaration.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword)) is { RawKind: not 0 } asyncKeyword)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AsyncMethod, asyncKeyword.GetLocation(), Name(method)));
        if (declaration.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.UnsafeKeyword)) is { RawKind: not 0 } unsafeKeyword)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Pointer, unsafeKeyword.GetLocation(), Name(method), unsafeKeyword.Text));
        if ((blockers & TwinBlockers.Iterator) != 0 && GreenletSymbols.FindOwnYield(declaration) is { } yield)
        {
            var span = TextSpan.FromBounds(yield.YieldKeyword.SpanStart, yield.ReturnOrBreakKeyword.Span.End);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.IteratorMethod, Location.Create(declaration.SyntaxTree, span), Name(method)));
        }
        if (!blockers.EmitsNothing() && !blockers.EmitsStub())
            ReportRefLocalInAsyncTwin(context, method, (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody, version);
    }

    /// <summary>
    /// GRN0025: a span (or ref) local in a body whose twin is async, under a C# version that allows none there
    /// (the generator writes a stub for it instead of a twin that would not compile).
    /// </summary>
    private static void ReportRefLocalInAsyncTwin(
        SyntaxNodeAnalysisContext context, IMethodSymbol method, SyntaxNode? body, LanguageVersion version)
    {
        if (body is null || version >= TwinBodies.RefLocalsInAsyncLanguageVersion)
            return;
        var liveness = RefStructLiveness.Analyze(body, context.SemanticModel, context.CancellationToken);
        if (liveness.IsEmpty || TwinBodies.CallsTheMethod(method, body, context.SemanticModel, liveness, context.CancellationToken))
            return;
        var local = TwinBodies.FindRefLocalUnsupportedInAsync(body, context.SemanticModel, liveness, version, context.CancellationToken);
        var (location, what) = local switch
        {
            ForEachStatementSyntax forEach =>
                (forEach.Identifier.GetLocation(), $"The foreach over '{forEach.Expression}' keeps a ref struct enumerator"),
            VariableDeclaratorSyntax or SingleVariableDesignationSyntax
                when context.SemanticModel.GetDeclaredSymbol(local, context.CancellationToken) is ILocalSymbol symbol =>
                (local is VariableDeclaratorSyntax declarator ? declarator.Identifier.GetLocation() : local.GetLocation(),
                    symbol.IsRef ? $"'{symbol.Name}' is a ref local" : $"'{symbol.Name}' is a local of the ref struct type '{DiagnosticText.Display(symbol.Type)}'"),
            _ => (null, null),
        };
        if (location is null)
            return;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RefLocalInAsyncTwin, location, what, Name(method), version.ToDisplayString()));
    }

    private static void ReportSignatureProblems(
        SyntaxNodeAnalysisContext context, MethodDeclarationSyntax declaration, IMethodSymbol method, TwinBlockers blockers)
    {
        if ((blockers & TwinBlockers.NoBody) != 0)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoBody, declaration.Identifier.GetLocation(), Name(method)));

        var parameters = declaration.ParameterList.Parameters;
        for (int i = 0; i < method.Parameters.Length && i < parameters.Count; i++)
        {
            var parameter = method.Parameters[i];
            var syntax = parameters[i];
            if (parameter.RefKind != RefKind.None)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.RefParameter, syntax.GetLocation(), parameter.Name, Name(method), DiagnosticText.RefKindText(parameter.RefKind)));
            }
            if (GreenletSymbols.IsPointerLike(parameter.Type))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Pointer, syntax.GetLocation(), Name(method), syntax.ToString()));
            }
            else if (GreenletSymbols.IsRefLike(parameter.Type))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.RefStructParameter, syntax.GetLocation(), parameter.Name, Name(method), DiagnosticText.Display(parameter.Type)));
            }
        }

        // An instance method of a ref struct would have to keep 'this', a ref struct, across suspensions.
        if ((blockers & TwinBlockers.RefStructParameter) != 0 && !method.IsStatic && method.ContainingType.IsRefLikeType)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RefStructParameter, declaration.Identifier.GetLocation(), "this", Name(method), DiagnosticText.Display(method.ContainingType)));
        }

        if ((blockers & TwinBlockers.MutableStructInstance) != 0
            && StructThisWrites.FindWrite(method, context.Compilation, context.CancellationToken) is { } write)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MutableStructInstance, declaration.Identifier.GetLocation(), [write.Syntax.GetLocation()],
                Name(method), DiagnosticText.Display(method.ContainingType), write.Syntax.ToString()));
        }

        var returnType = declaration.ReturnType;
        if ((blockers & TwinBlockers.RefReturn) != 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RefReturn, returnType.GetLocation(), Name(method), returnType.ToString()));
        }
        else if ((blockers & TwinBlockers.UnsupportedReturnType) != 0)
        {
            context.ReportDiagnostic(GreenletSymbols.IsPointerLike(method.ReturnType)
                ? Diagnostic.Create(DiagnosticDescriptors.Pointer, returnType.GetLocation(), Name(method), returnType.ToString())
                : Diagnostic.Create(DiagnosticDescriptors.UnsupportedReturnType, returnType.GetLocation(), Name(method), DiagnosticText.Display(method.ReturnType)));
        }
    }

    /// <summary>A method as the messages name it; spelled only when a diagnostic is reported.</summary>
    private static string Name(IMethodSymbol method) => method.ToDisplayString(DiagnosticText.NameFormat);

    /// <summary>GRN0017 for <c>[Greenlet]</c> on accessors, operators, local functions, lambdas, finalizers.</summary>
    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
    {
        var attribute = (AttributeSyntax)context.Node;
        // Methods are AnalyzeMethod's; everything else [Greenlet] may sit on is unsupported.
        var target = attribute.Parent?.Parent;
        if (target is null or MethodDeclarationSyntax || !GreenletBodies.IsGreenletAttribute(attribute, context.SemanticModel, context.CancellationToken))
            return;
        string? kind = target switch
        {
            LocalFunctionStatementSyntax => "local function",
            AnonymousFunctionExpressionSyntax => "lambda",
            AccessorDeclarationSyntax => "accessor",
            OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax => "operator",
            DestructorDeclarationSyntax => "finalizer",
            ConstructorDeclarationSyntax => "constructor",
            _ => null,
        };
        if (kind is null)
            return;
        string name = target switch
        {
            LocalFunctionStatementSyntax localFunction => localFunction.Identifier.ValueText,
            AccessorDeclarationSyntax accessor => $"{(accessor.Parent?.Parent as BasePropertyDeclarationSyntax) switch
            {
                PropertyDeclarationSyntax property => property.Identifier.ValueText,
                EventDeclarationSyntax @event => @event.Identifier.ValueText,
                IndexerDeclarationSyntax => "this[]",
                _ => "?",
            }}.{accessor.Keyword.ValueText}",
            OperatorDeclarationSyntax op => "operator " + op.OperatorToken.ValueText,
            ConversionOperatorDeclarationSyntax conversion => $"{conversion.ImplicitOrExplicitKeyword.ValueText} operator {conversion.Type}",
            DestructorDeclarationSyntax destructor => "~" + destructor.Identifier.ValueText,
            ConstructorDeclarationSyntax constructor => constructor.Identifier.ValueText,
            _ => target.ToString().Length <= 40 ? target.ToString() : target.ToString().Substring(0, 37) + "...",
        };
        ReportUnsupportedKind(context, attribute, kind, name);
    }

    private static void ReportUnsupportedKind(SyntaxNodeAnalysisContext context, AttributeSyntax? attribute, string kind, string name)
    {
        var location = attribute?.GetLocation() ?? context.Node.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMemberKind, location, kind, name));
    }

    /// <summary>The first <c>[Greenlet]</c> method declared in <paramref name="type"/> or a type nested in it.</summary>
    private static IMethodSymbol? FirstGreenletMethodWithin(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol method && method.PartialDefinitionPart is null && GreenletSymbols.HasGreenletAttribute(method))
                return method;
        }
        foreach (var nested in type.GetTypeMembers())
        {
            if (FirstGreenletMethodWithin(nested) is { } method)
                return method;
        }
        return null;
    }
}
