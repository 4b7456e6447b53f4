using System;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Incremental;

/// <summary>
/// What every declaration of a compilation looks like to code outside its own body: options, references and each
/// file's <see cref="DeclarationHash"/>. Two compilations of the same shape bind every unchanged body the same way,
/// so the model built for such a body in one holds for the other (issue 9: an edit in one method re-runs no other
/// method's transform).
/// </summary>
/// <remarks>
/// The compilation itself is held weakly: a pipeline entry whose input compares equal keeps its earlier value, and
/// that must not keep an earlier compilation alive in the IDE. Only an input built in the current run is ever
/// transformed, and the driver holds that run's compilation until the run ends.
/// </remarks>
internal sealed class CompilationShape
{
    private readonly WeakReference<Compilation> _compilation;
    private readonly string? _assemblyName;
    private readonly CompilationOptions _options;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly byte[] _declarations;
    // The last shape found equal to this one: the comparer asks once per method with the same two shapes.
    private CompilationShape? _lastEqual;

    private CompilationShape(Compilation compilation, byte[] declarations)
    {
        _compilation = new WeakReference<Compilation>(compilation);
        _assemblyName = compilation.AssemblyName;
        _options = compilation.Options;
        _references = compilation.References.ToImmutableArray();
        _declarations = declarations;
    }

    /// <summary>The shape of <paramref name="compilation"/>; only the files that changed since the last call are hashed.</summary>
    public static CompilationShape Of(Compilation compilation, CancellationToken cancellationToken)
    {
        using var sha = SHA256.Create();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var path = System.Text.Encoding.UTF8.GetBytes(tree.FilePath);
            sha.TransformBlock(path, 0, path.Length, null, 0);
            var hash = DeclarationHash.Of(tree, cancellationToken);
            sha.TransformBlock(hash, 0, hash.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return new CompilationShape(compilation, sha.Hash!);
    }

    /// <summary>The compilation of the run this shape was made in.</summary>
    public Compilation Compilation => _compilation.TryGetTarget(out var compilation)
        ? compilation
        : throw new InvalidOperationException("GreenRuntime's generator transformed an input of an earlier run; please report this.");

    /// <summary>Whether every unchanged body binds the same in both compilations.</summary>
    public bool HasSameShape(CompilationShape other)
    {
        if (ReferenceEquals(this, other) || ReferenceEquals(_lastEqual, other))
            return true;
        bool same = _assemblyName == other._assemblyName
            && SameBytes(_declarations, other._declarations)
            && _references.Length == other._references.Length
            && SameReferences(_references, other._references)
            && _options.Equals(other._options);
        if (same)
            _lastEqual = other;
        return same;
    }

    private static bool SameBytes(byte[] left, byte[] right)
    {
        if (left.Length != right.Length)
            return false;
        for (int i = 0; i < left.Length; i++)
        {
            if (left[i] != right[i])
                return false;
        }
        return true;
    }

    private static bool SameReferences(ImmutableArray<MetadataReference> left, ImmutableArray<MetadataReference> right)
    {
        for (int i = 0; i < left.Length; i++)
        {
            if (!ReferenceEquals(left[i], right[i]))
                return false;
        }
        return true;
    }
}
