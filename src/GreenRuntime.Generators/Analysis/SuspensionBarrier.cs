using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Analysis;

/// <summary>The construct that keeps a suspension point from being rewritten, and its syntax.</summary>
internal readonly struct SuspensionBarrier
{
    public SuspensionBarrier(SuspensionBarrierKind kind, SyntaxNode? node)
    {
        Kind = kind;
        Node = node;
    }

    /// <summary>No barrier: the suspension point can be rewritten.</summary>
    public static SuspensionBarrier None => default;

    /// <summary>What kind of construct it is.</summary>
    public SuspensionBarrierKind Kind { get; }

    /// <summary>The <c>lock</c> statement, lambda, local function, ... (null for <see cref="SuspensionBarrierKind.None"/>).</summary>
    public SyntaxNode? Node { get; }

    /// <summary>Whether there is a barrier.</summary>
    public bool Exists => Kind != SuspensionBarrierKind.None;
}
