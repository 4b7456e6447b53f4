using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GreenRuntime.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.CodeFixes;

/// <summary>
/// GRN0001: makes the type partial, with every type around it and the types inside it that hold <c>[Greenlet]</c>
/// methods, so that the generator can add the twins. Fix all collects the types of every diagnostic and adds
/// <c>partial</c> once to each.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PartialTypesCodeFix)), Shared]
public sealed class PartialTypesCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.TypeMustBePartial.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (semanticModel is null || root is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindType(root, semanticModel, diagnostic, context.CancellationToken) is not { } type)
                continue;
            var types = PartialTypes.ToMakePartial(type);
            if (types.Count == 0)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make {PartialTypes.Names(types)} partial",
                    cancellationToken => PartialTypes.MakePartialAsync(context.Document.Project.Solution, types, cancellationToken),
                    equivalenceKey: nameof(PartialTypesCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (semanticModel is null || root is null)
            return null;
        // A type that is not partial has one declaration, so it and the types around and inside it are all in this document.
        var declarations = new List<TypeDeclarationSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindType(root, semanticModel, diagnostic, context.CancellationToken) is not { } type)
                continue;
            declarations.AddRange(PartialTypes.ToMakePartial(type)
                .SelectMany(t => t.DeclaringSyntaxReferences)
                .Where(r => r.SyntaxTree == root.SyntaxTree)
                .Select(r => r.GetSyntax(context.CancellationToken))
                .OfType<TypeDeclarationSyntax>());
        }
        return document.WithSyntaxRoot(PartialTypes.MakePartial(root, declarations));
    }

    /// <summary>The type whose name the diagnostic is reported on.</summary>
    private static INamedTypeSymbol? FindType(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is TypeDeclarationSyntax declaration
            ? semanticModel.GetDeclaredSymbol(declaration, cancellationToken) as INamedTypeSymbol
            : null;
}
