using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Incremental;

/// <summary>Pairs a generator's declarations with the compilation's shape, the way both generators do.</summary>
internal static class DeclarationInputs
{
    /// <summary>
    /// Each of <paramref name="nodes"/> as a <see cref="DeclarationInput{TNode}"/>, compared so that one whose model
    /// cannot have changed is not transformed again (see <see cref="DeclarationInput{TNode}.Comparer"/>).
    /// </summary>
    public static IncrementalValuesProvider<DeclarationInput<TNode>> WithShape<TNode>(
        this IncrementalValuesProvider<TNode> nodes,
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<PatchConfiguration> configuration,
        bool sameFileOnly)
        where TNode : SyntaxNode
    {
        // What a declaration's model depends on outside it; the same for two compilations that differ inside bodies.
        var shape = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => CompilationShape.Of(compilation, cancellationToken))
            .Combine(configuration);
        return nodes
            .Combine(shape)
            .Select(static (pair, _) => new DeclarationInput<TNode>(pair.Left, pair.Right.Left, pair.Right.Right))
            .WithComparer(DeclarationInput<TNode>.Comparer(sameFileOnly));
    }
}
