using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace GreenRuntime.CodeFixes;

/// <summary>
/// The types a fix names (<c>GreenletExit</c>, <c>Green</c>, <c>GreenLock</c>, <c>Exception</c>), written fully
/// qualified and annotated with their symbol, so that the code action's clean-up adds the <c>using</c> directive where
/// it is missing and then shortens the name, or leaves it qualified where a type of the user's own has the same name.
/// </summary>
internal static class GreenRuntimeNames
{
    /// <summary>The namespace of GreenRuntime's public types.</summary>
    public const string Namespace = "GreenRuntime";

    /// <summary>The GreenRuntime type <paramref name="typeName"/> as the compilation sees it, or null (an older runtime, none at all).</summary>
    public static INamedTypeSymbol? Find(Compilation compilation, string typeName) =>
        compilation.GetTypeByMetadataName($"{Namespace}.{typeName}");

    /// <summary>
    /// Adds the <c>using</c> directives for the names written by <see cref="Name"/> in <paramref name="document"/>; the
    /// code action's clean-up then shortens them.
    /// </summary>
    public static Task<Document> AddImportsAsync(Document document, CancellationToken cancellationToken) =>
        ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);

    /// <summary><paramref name="type"/> as a name that the clean-up imports and shortens.</summary>
    public static NameSyntax Name(SyntaxGenerator generator, ITypeSymbol type) =>
        ((NameSyntax)generator.TypeExpression(type)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
}
