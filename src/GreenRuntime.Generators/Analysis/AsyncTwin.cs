using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// What <see cref="AsyncTwins"/> found for a tier-2 suspension point: the bridge to rewrite it through and what it needs.
/// Holds symbols and syntax: use it inside a transform or an analyzer callback, never in a pipeline output.
/// </summary>
internal sealed class AsyncTwin
{
    public AsyncTwin(AsyncTwinBridge bridge, IMethodSymbol? twin, string? tokenParameter, ExpressionSyntax? task)
    {
        Bridge = bridge;
        Twin = twin;
        TokenParameter = tokenParameter;
        Task = task;
    }

    /// <summary>How the point is rewritten.</summary>
    public AsyncTwinBridge Bridge { get; }

    /// <summary>The <c>XxxAsync</c> twin (for <see cref="AsyncTwinBridge.Offload"/>, the twin found, which is not called); null for a wait for a task.</summary>
    public IMethodSymbol? Twin { get; }

    /// <summary>The name of the twin's trailing <c>CancellationToken</c> parameter, for <see cref="AsyncTwinBridge.AwaitCancellable"/>.</summary>
    public string? TokenParameter { get; }

    /// <summary>For a wait for a task (<c>t.Wait()</c>, <c>t.Result</c>, <c>t.GetAwaiter().GetResult()</c>): the expression <c>t</c>, as the user wrote it.</summary>
    public ExpressionSyntax? Task { get; }
}
