using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using GreenRuntime.CompilerServices;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Diagnostics;
using GreenRuntime.Generators.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Twins;

/// <summary>
/// The generator's transform: reduces a <c>[Greenlet]</c> method to a <see cref="TwinModel"/> of strings,
/// rewriting its body while the semantic model is at hand.
/// </summary>
internal static class TwinModelBuilder
{
    private const string GreenTaskType = "global::GreenRuntime.CompilerServices.GreenTask";

    /// <summary>Builds the model, or returns null when nothing should be generated for the method.</summary>
    public static TwinModel? Build(MethodDeclarationSyntax attributed, Compilation compilation, CancellationToken cancellationToken)
    {
        var attributedModel = compilation.GetSemanticModel(attributed.SyntaxTree);
        if (attributedModel.GetDeclaredSymbol(attributed, cancellationToken) is not IMethodSymbol method)
            return null;
        var blockers = GreenletSymbols.GetTwinBlockers(method, compilation, cancellationToken);
        if (blockers.EmitsNothing())
            return null;
        var declaration = GreenletSymbols.GetBodyDeclaration(method, cancellationToken);
        if (declaration is null)
            return null;
        // A partial method's body may live in another file than the attribute.
        var nullableModel = declaration.SyntaxTree == attributed.SyntaxTree
            ? attributedModel
            : compilation.GetSemanticModel(declaration.SyntaxTree);
        // The body is bound without the nullable analysis, which in a nullable-enabled file the first question about
        // the body would otherwise run over all of it (about a fifth of the generator's time, issue 9): nothing asked
        // here depends on nullable flow state but the inferred types a few rewrites write (TwinBodyRewriter.WroteInferredTypes).
        var semanticModel = WithoutNullableAnalysis(compilation, declaration.SyntaxTree) ?? nullableModel;
        method = semanticModel.GetDeclaredSymbol(declaration, cancellationToken) ?? method;

        // A signature that does not bind would only repeat the user's errors in generated code.
        if (method.Parameters.Any(p => CompileErrors.ContainsErrorType(p.Type)) || CompileErrors.ContainsErrorType(method.ReturnType))
            return null;
        // Generated code needs C# 11 (the analyzer says so, GRN0026).
        var languageVersion = TwinBodies.LanguageVersionOf(declaration.SyntaxTree);
        if (languageVersion < TwinBodies.MinimumLanguageVersion)
            return null;
        // Neither would a copy of a body that does not compile (the user is typing): callers get a stub meanwhile.
        SyntaxNode body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!;
        bool bodyHasErrors = CompileErrors.In(body, semanticModel, cancellationToken);
        bool isStub = blockers.EmitsStub() || bodyHasErrors;

        var liveness = RefStructLiveness.Analyze(body, semanticModel, cancellationToken);
        bool callsMethod = !isStub && TwinBodies.CallsTheMethod(method, body, semanticModel, liveness, cancellationToken);
        // An async twin with a span local does not compile before C# 13 (GRN0025): callers get a stub.
        bool refLocalInAsync = !isStub && !callsMethod
            && TwinBodies.FindRefLocalUnsupportedInAsync(body, semanticModel, liveness, languageVersion, cancellationToken) is not null;
        isStub |= refLocalInAsync;

        var compilationUnit = (CompilationUnitSyntax)declaration.SyntaxTree.GetRoot(cancellationToken);
        return new TwinModel(
            HintName: BuildHintName(method, cancellationToken),
            FileExterns: compilationUnit.Externs.Select(e => e.ToString()).ToEquatableArray(),
            FileUsings: NonGlobalUsings(compilationUnit.Usings),
            Namespaces: BuildNamespaces(declaration),
            ContainingTypes: BuildContainingTypes(declaration, method),
            Signature: BuildSignature(method, declaration, isStub, isAsync: !isStub && !callsMethod, blockers, semanticModel.Compilation),
            Body: isStub || callsMethod ? null : BuildBody(declaration, liveness, semanticModel, nullableModel, cancellationToken),
            CallBody: callsMethod ? BuildCallBody(method) : EquatableArray<string>.Empty,
            StubMessage: isStub ? BuildStubMessage(method, blockers, bodyHasErrors, refLocalInAsync ? languageVersion : null) : null,
            Forwarder: BuildForwarder(method, semanticModel.Compilation));
    }

    private static bool s_noNullableOption;

    /// <summary>
    /// A model of <paramref name="tree"/> that binds without the nullable analysis, or null if the compiler running
    /// the generator has no such option: it is Roslyn's experimental API (RSEXPERIMENTAL001, since 4.9), so a compiler
    /// without it must not break the generator.
    /// </summary>
    private static SemanticModel? WithoutNullableAnalysis(Compilation compilation, SyntaxTree tree)
    {
        if (s_noNullableOption)
            return null;
        try
        {
            return GetModelWithoutNullableAnalysis(compilation, tree);
        }
        catch (System.Exception e) when (e is System.MissingMemberException or System.TypeLoadException)
        {
            s_noNullableOption = true;
            return null;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static SemanticModel GetModelWithoutNullableAnalysis(Compilation compilation, SyntaxTree tree)
    {
#pragma warning disable RSEXPERIMENTAL001 // in every compiler since 4.9; WithoutNullableAnalysis falls back should one lack it
        return compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001
    }

    /// <summary>
    /// The forwarder to the twin of a static method of a private or protected nested type, declared in the top-level
    /// type around it: <c>internal static GreenTask&lt;int&gt; __GreenTwin_Inner_Nap(GreenSuspend __suspend, int ms) =&gt; Inner.Nap__GreenTwin(__suspend, ms);</c>.
    /// </summary>
    private static string? BuildForwarder(IMethodSymbol method, Compilation compilation)
    {
        if (TwinForwarders.For(GreenletSymbols.Definition(method), compilation) is not { } forwarder)
            return null;
        var path = forwarder.NestedTypes.Select(TypeNames.EscapeIdentifier);
        var parameters = method.Parameters.Select(p => $"{TypeNames.Format(p.Type)} {TypeNames.EscapeIdentifier(p.Name)}");
        var arguments = method.Parameters.Select(p => TypeNames.EscapeIdentifier(p.Name));
        return $"internal static {TwinReturnType(method)} {forwarder.Name}({string.Join(", ", new[] { $"{TypeNames.GreenSuspend} {GreenletSymbols.MarkerParameterName}" }.Concat(parameters))}) " +
            $"=> {string.Join(".", path)}.{TwinNames.Twin(method.Name)}({string.Join(", ", new[] { GreenletSymbols.MarkerParameterName }.Concat(arguments))});";
    }

    /// <summary>
    /// The body of a twin that calls the method: <c>return GreenTask.FromResult&lt;int&gt;(Twice(x));</c>, or the call
    /// and <c>return GreenTask.CompletedTask;</c> for a <c>void</c> method.
    /// </summary>
    private static EquatableArray<string> BuildCallBody(IMethodSymbol method)
    {
        var callee = (method.IsStatic ? string.Empty : "this.") + TypeNames.EscapeIdentifier(method.Name)
            + TypeNames.FormatTypeParameterList(method.TypeParameters);
        var call = $"{callee}({string.Join(", ", method.Parameters.Select(p => TypeNames.EscapeIdentifier(p.Name)))})";
        return method.ReturnsVoid
            ? new EquatableArray<string>([call + ";", $"return {GreenTaskType}.CompletedTask;"])
            : new EquatableArray<string>([$"return {GreenTaskType}.FromResult<{TypeNames.Format(method.ReturnType)}>({call});"]);
    }

    /// <summary><c>GreenTask</c>, or <c>GreenTask&lt;T&gt;</c> for a method that returns <c>T</c>.</summary>
    private static string TwinReturnType(IMethodSymbol method) =>
        method.ReturnsVoid ? GreenTaskType : $"{GreenTaskType}<{TypeNames.Format(method.ReturnType)}>";

    private static EquatableArray<string> NonGlobalUsings(SyntaxList<UsingDirectiveSyntax> usings) =>
        usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.ToString()).ToEquatableArray();

    private static EquatableArray<NamespaceScope> BuildNamespaces(MethodDeclarationSyntax declaration) =>
        declaration.Ancestors()
            .OfType<BaseNamespaceDeclarationSyntax>()
            .Reverse()
            .Select(ns => new NamespaceScope(
                ns.Name.ToString(),
                ns.Externs.Select(e => e.ToString()).ToEquatableArray(),
                NonGlobalUsings(ns.Usings)))
            .ToEquatableArray();

    private static EquatableArray<string> BuildContainingTypes(MethodDeclarationSyntax declaration, IMethodSymbol method)
    {
        var types = new List<string>();
        var symbol = method.ContainingType;
        foreach (var typeDeclaration in declaration.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            var builder = new StringBuilder();
            foreach (var modifier in typeDeclaration.Modifiers)
            {
                // Other parts may omit accessibility, abstract, sealed, ...; these must or may be repeated.
                if (modifier.IsKind(SyntaxKind.StaticKeyword) || modifier.IsKind(SyntaxKind.ReadOnlyKeyword) || modifier.IsKind(SyntaxKind.RefKeyword))
                    builder.Append(modifier.Text).Append(' ');
            }
            builder.Append("partial ").Append(typeDeclaration switch
            {
                RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: (int)SyntaxKind.StructKeyword } => "record struct",
                RecordDeclarationSyntax => "record",
                _ => typeDeclaration.Keyword.Text,
            });
            builder.Append(' ').Append(typeDeclaration.Identifier.Text);
            if (symbol is not null && symbol.TypeParameters.Length > 0)
            {
                builder.Append('<')
                    .Append(string.Join(", ", symbol.TypeParameters.Select(p => p.Variance switch
                    {
                        VarianceKind.In => "in " + TypeNames.EscapeIdentifier(p.Name),
                        VarianceKind.Out => "out " + TypeNames.EscapeIdentifier(p.Name),
                        _ => TypeNames.EscapeIdentifier(p.Name),
                    })))
                    .Append('>');
            }
            types.Add(builder.ToString());
            symbol = symbol?.ContainingType;
        }
        types.Reverse();
        return types.ToEquatableArray();
    }

    private static TwinSignature BuildSignature(
        IMethodSymbol method, MethodDeclarationSyntax declaration, bool isStub, bool isAsync, TwinBlockers blockers, Compilation compilation)
    {
        var modifiers = new List<string> { TwinAccessibility(method) };
        if (method.IsStatic)
            modifiers.Add("static");
        if (declaration.Modifiers.Any(SyntaxKind.NewKeyword))
            modifiers.Add("new");
        bool isOverride = method.IsOverride && method.OverriddenMethod is { } overridden
            && GreenletSymbols.HasGreenletAttribute(overridden) && GreenletSymbols.CanHaveTwin(overridden, compilation);
        if (isOverride)
        {
            modifiers.Add("override");
            if (method.IsSealed)
                modifiers.Add("sealed");
        }
        else if (method.IsVirtual || (method.IsOverride && !method.IsSealed && method.ContainingType.TypeKind == TypeKind.Class && !method.ContainingType.IsSealed))
        {
            // An override of a method without twin starts a new virtual twin family.
            modifiers.Add("virtual");
        }
        if (declaration.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            modifiers.Add("readonly");
        if (isStub && (blockers & TwinBlockers.Pointer) != 0)
            modifiers.Add("unsafe");
        if (isAsync)
            modifiers.Add("async");

        return new TwinSignature(
            string.Join(" ", modifiers),
            TwinReturnType(method),
            TwinNames.Twin(method.Name),
            TypeNames.FormatTypeParameterList(method.TypeParameters),
            BuildParameters(method, isStub),
            isOverride ? EquatableArray<string>.Empty : method.TypeParameters.Select(TypeNames.FormatConstraints).Where(c => c.Length > 0).ToEquatableArray());
    }

    private static string TwinAccessibility(IMethodSymbol method) => TwinAccessibilityOf(method) switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    /// <summary>
    /// The twin's accessibility (of a method of this compilation): private twins become internal (and protected ones
    /// protected internal) so that interceptors, which live in their own file-scoped classes, can call them; unless a
    /// type in the signature is not visible that widely. The interceptor generator asks this too.
    /// </summary>
    internal static Accessibility TwinAccessibilityOf(IMethodSymbol method)
    {
        if (method.ContainingType.TypeKind == TypeKind.Interface && method.DeclaredAccessibility == Accessibility.Public)
            return Accessibility.Public;
        var widened = method.DeclaredAccessibility switch
        {
            Accessibility.Private or Accessibility.ProtectedAndInternal => Accessibility.Internal,
            Accessibility.Protected => Accessibility.ProtectedOrInternal,
            var same => same,
        };
        // An override repeats its base twin's accessibility, which is widened only within the base's own assembly.
        if (method.IsOverride && !SymbolEqualityComparer.Default.Equals(method.OverriddenMethod?.ContainingAssembly, method.ContainingAssembly))
            widened = method.DeclaredAccessibility;
        if (widened != method.DeclaredAccessibility && !SignatureIsVisibleAs(method, widened))
            widened = method.DeclaredAccessibility;
        return widened;
    }

    private static bool SignatureIsVisibleAs(IMethodSymbol method, Accessibility accessibility)
    {
        var types = method.Parameters.Select(p => p.Type).Append(method.ReturnType);
        return types.All(t => TypeNames.IsVisibleAs(t, accessibility));
    }

    private static string BuildParameters(IMethodSymbol method, bool isStub)
    {
        var parameters = new List<string>();
        int markerIndex = method.IsExtensionMethod ? 1 : 0;
        for (int i = 0; i <= method.Parameters.Length; i++)
        {
            if (i == markerIndex)
                parameters.Add($"{TypeNames.GreenSuspend} {GreenletSymbols.MarkerParameterName}");
            if (i == method.Parameters.Length)
                break;
            parameters.Add(BuildParameter(method.Parameters[i], isExtensionThis: method.IsExtensionMethod && i == 0, isStub));
        }
        return string.Join(", ", parameters);
    }

    private static string BuildParameter(IParameterSymbol parameter, bool isExtensionThis, bool isStub)
    {
        var builder = new StringBuilder();
        foreach (var attribute in parameter.GetAttributes())
        {
            if (TypeNames.FormatCallerInfoAttribute(attribute) is { } callerInfo)
                builder.Append('[').Append(callerInfo).Append("] ");
        }
        if (isExtensionThis)
            builder.Append("this ");
        if (isStub && parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out)
            builder.Append("scoped ");
        builder.Append(parameter.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => string.Empty,
        });
        if (parameter.IsParams)
            builder.Append("params ");
        builder.Append(TypeNames.Format(parameter.Type)).Append(' ').Append(TypeNames.EscapeIdentifier(parameter.Name));
        if (parameter.HasExplicitDefaultValue)
            builder.Append(" = ").Append(TypeNames.FormatDefaultValue(parameter.Type, parameter.ExplicitDefaultValue));
        return builder.ToString();
    }

    private static TwinBody BuildBody(
        MethodDeclarationSyntax declaration, RefStructLiveness liveness, SemanticModel semanticModel, SemanticModel nullableModel, CancellationToken cancellationToken)
    {
        SyntaxNode body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!;
        var rewriter = new TwinBodyRewriter(semanticModel, liveness, cancellationToken);
        var rewritten = rewriter.Visit(body);
        if (rewriter.WroteInferredTypes && nullableModel != semanticModel)
        {
            // Inferred types written into the body keep the annotations the nullable analysis gives them.
            liveness = RefStructLiveness.Analyze(body, nullableModel, cancellationToken);
            rewritten = new TwinBodyRewriter(nullableModel, liveness, cancellationToken).Visit(body);
        }
        var text = rewritten.WithoutLeadingTrivia().ToFullString();
        if (declaration.ExpressionBody is not null)
            text += declaration.SemicolonToken.ToFullString();
        var start = body.SyntaxTree.GetLineSpan(body.GetFirstToken().Span, cancellationToken).StartLinePosition;
        return new TwinBody(body.SyntaxTree.FilePath, start.Line + 1, start.Character, text);
    }

    private static string BuildStubMessage(IMethodSymbol method, TwinBlockers blockers, bool bodyHasErrors, LanguageVersion? refLocalInAsync)
    {
        var reasons = new List<string>();
        if (bodyHasErrors)
            reasons.Add("its body does not compile");
        if (refLocalInAsync is { } version)
            reasons.Add($"it declares a ref struct or ref local, which C# {version.ToDisplayString()} does not allow in its async twin ({DiagnosticDescriptors.RefLocalInAsyncTwin.Id})");
        if ((blockers & TwinBlockers.RefParameter) != 0)
            reasons.Add($"it has ref, out or in parameters ({DiagnosticDescriptors.RefParameter.Id})");
        if ((blockers & TwinBlockers.RefReturn) != 0)
            reasons.Add($"it returns by reference ({DiagnosticDescriptors.RefReturn.Id})");
        if ((blockers & TwinBlockers.Pointer) != 0)
            reasons.Add($"it uses pointers or an unsafe context ({DiagnosticDescriptors.Pointer.Id})");
        if ((blockers & TwinBlockers.RefStructParameter) != 0)
            reasons.Add($"it has ref struct parameters ({DiagnosticDescriptors.RefStructParameter.Id})");
        var name = method.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "." + method.Name;
        return $"The [Greenlet] method {name} cannot suspend a greenlet: {string.Join("; ", reasons)}.";
    }

    private static string BuildHintName(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder();
        var ns = method.ContainingType.ContainingNamespace;
        if (ns is { IsGlobalNamespace: false })
            builder.Append(ns.ToDisplayString()).Append('.');
        var types = new List<INamedTypeSymbol>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            types.Add(type);
        types.Reverse();
        foreach (var type in types)
        {
            builder.Append(type.Name);
            if (type.Arity > 0)
                builder.Append('_').Append(type.Arity);
            builder.Append('.');
        }
        builder.Append(method.Name);

        // Overloads get a stable index: their rank among the type's [Greenlet] methods of that name, in source order.
        var overloads = method.ContainingType.GetMembers(method.Name)
            .OfType<IMethodSymbol>()
            .Where(m => GreenletSymbols.HasGreenletAttribute(m) && m.Locations.Any(l => l.IsInSource))
            .OrderBy(m => m.Locations[0].SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(m => m.Locations[0].SourceSpan.Start)
            .ToList();
        if (overloads.Count > 1)
        {
            int index = overloads.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, method) || SymbolEqualityComparer.Default.Equals(m, method.PartialDefinitionPart));
            builder.Append('.').Append(index + 1);
        }
        cancellationToken.ThrowIfCancellationRequested();

        for (int i = 0; i < builder.Length; i++)
        {
            char c = builder[i];
            if (!(char.IsLetterOrDigit(c) || c is '_' or '.'))
                builder[i] = '_';
        }
        return builder.Append(".g.cs").ToString();
    }
}
