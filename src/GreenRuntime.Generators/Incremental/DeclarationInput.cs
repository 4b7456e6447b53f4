using System.Collections.Generic;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Incremental;

/// <summary>
/// A declaration a generator transforms on its own (a <c>[Greenlet]</c> method, a call site), with what the transform
/// reads besides it: the compilation's shape and the patch configuration. Compared with <see cref="Comparer"/>, an
/// input whose model cannot have changed is equal to the last run's, so its transform does not run again.
/// </summary>
/// <typeparam name="TNode">The declaration's syntax.</typeparam>
internal sealed class DeclarationInput<TNode>(TNode node, CompilationShape shape, PatchConfiguration configuration)
    where TNode : SyntaxNode
{
    /// <summary>The declaration.</summary>
    public TNode Node { get; } = node;

    /// <summary>The compilation of this run (see <see cref="CompilationShape.Compilation"/>).</summary>
    public Compilation Compilation => Shape.Compilation;

    /// <summary>The shape of the compilation the declaration is in.</summary>
    public CompilationShape Shape { get; } = shape;

    /// <summary>The patch configuration of the compilation.</summary>
    public PatchConfiguration Configuration { get; } = configuration;

    /// <summary>
    /// Equal when the shape and configuration are, and the declaration is the same node (its file is unchanged) or,
    /// unless <paramref name="sameFileOnly"/>, has the same text at the same line and column of the same file (its
    /// file changed elsewhere; a twin writes its body's position into <c>#line</c>). A call site's model holds its
    /// file's checksum (<c>InterceptableLocation</c>), so call sites of a changed file are transformed again.
    /// </summary>
    public static IEqualityComparer<DeclarationInput<TNode>> Comparer(bool sameFileOnly) => new InputComparer(sameFileOnly);

    private sealed class InputComparer(bool sameFileOnly) : IEqualityComparer<DeclarationInput<TNode>>
    {
        public bool Equals(DeclarationInput<TNode>? x, DeclarationInput<TNode>? y)
        {
            if (x is null || y is null)
                return ReferenceEquals(x, y);
            return x.Shape.HasSameShape(y.Shape)
                && x.Configuration.Equals(y.Configuration)
                && (ReferenceEquals(x.Node, y.Node) || !sameFileOnly && SameTextAndPlace(x.Node, y.Node));
        }

        public int GetHashCode(DeclarationInput<TNode> input) => input.Node.RawKind;

        private static bool SameTextAndPlace(SyntaxNode x, SyntaxNode y) =>
            x.FullSpan.Length == y.FullSpan.Length
            && x.SyntaxTree.FilePath == y.SyntaxTree.FilePath
            && x.SyntaxTree.GetLineSpan(x.Span).StartLinePosition == y.SyntaxTree.GetLineSpan(y.Span).StartLinePosition
            && x.ToFullString() == y.ToFullString();
    }
}
