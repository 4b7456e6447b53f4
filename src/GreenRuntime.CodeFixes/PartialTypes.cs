using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.CodeFixes;

/// <summary>
/// Adds <c>partial</c> to the types the generator has to extend: a type that gets a twin, every type around it (C# can
/// extend a nested type only if its enclosing types are partial too), and the types inside it that hold
/// <c>[Greenlet]</c> methods. Shared by the GRN0001 fix and the fix that marks a helper <c>[Greenlet]</c>.
/// </summary>
internal static class PartialTypes
{
    /// <summary>
    /// <paramref name="type"/>, its enclosing types and the types nested in it that declare (or enclose) a
    /// <c>[Greenlet]</c> method, those of them that are declared in source and not partial yet.
    /// </summary>
    public static IReadOnlyList<INamedTypeSymbol> ToMakePartial(INamedTypeSymbol type)
    {
        var types = new List<INamedTypeSymbol>();
        for (var current = type; current is not null; current = current.ContainingType)
            types.Add(current);
        AddNestedWithGreenletMethods(type, types);
        return types.Where(NeedsPartial).Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default).ToList();
    }

    /// <summary>Whether <paramref name="type"/> is declared in source and no declaration of it says <c>partial</c>.</summary>
    public static bool NeedsPartial(INamedTypeSymbol type) =>
        !type.IsExtension
        && type.DeclaringSyntaxReferences.Length > 0
        && !type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>How a fix's title names the types: <c>'Echo'</c>, <c>'Outer' and 'Inner'</c>, <c>'A', 'B' and 'C'</c>.</summary>
    public static string Names(IReadOnlyList<INamedTypeSymbol> types)
    {
        var names = types.Select(t => $"'{t.Name}'").ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
    }

    /// <summary>Adds <c>partial</c> to every declaration of <paramref name="types"/> in <paramref name="solution"/>.</summary>
    public static async Task<Solution> MakePartialAsync(Solution solution, IEnumerable<INamedTypeSymbol> types, CancellationToken cancellationToken)
    {
        var declarationsByTree = types
            .SelectMany(t => t.DeclaringSyntaxReferences)
            .GroupBy(r => r.SyntaxTree);
        foreach (var group in declarationsByTree)
        {
            if (solution.GetDocument(group.Key) is not { } document)
                continue;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var declarations = group
                .Select(r => root!.FindNode(r.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<TypeDeclarationSyntax>())
                .Where(d => d is not null)
                .Select(d => d!)
                .ToList();
            solution = solution.WithDocumentSyntaxRoot(document.Id, MakePartial(root!, declarations));
        }
        return solution;
    }

    /// <summary>Adds <c>partial</c> to <paramref name="declarations"/> (nested ones included) within <paramref name="root"/>.</summary>
    public static SyntaxNode MakePartial(SyntaxNode root, IEnumerable<TypeDeclarationSyntax> declarations) =>
        root.ReplaceNodes(declarations.Distinct(), (_, rewritten) => WithPartial(rewritten));

    /// <summary>
    /// The declaration with <c>partial</c> last among its modifiers, where C# wants it (right before <c>class</c>,
    /// <c>struct</c>, <c>record</c> or <c>interface</c>); the indentation stays in front of the first modifier.
    /// </summary>
    public static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            return declaration;
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count > 0)
            return declaration.WithModifiers(declaration.Modifiers.Add(partial));
        var keyword = declaration.Keyword;
        return declaration
            .WithKeyword(keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }

    private static void AddNestedWithGreenletMethods(INamedTypeSymbol type, List<INamedTypeSymbol> types)
    {
        foreach (var nested in type.GetTypeMembers())
        {
            if (DeclaresGreenletMethod(nested))
            {
                types.Add(nested);
                AddNestedWithGreenletMethods(nested, types);
            }
        }
    }

    private static bool DeclaresGreenletMethod(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IMethodSymbol>().Any(GreenletSymbols.HasGreenletAttribute)
        || type.GetTypeMembers().Any(DeclaresGreenletMethod);
}
