using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Suppresses CS4014 ("this call is not awaited") on a call whose result is a <c>Greenlet</c>: a greenlet is
/// awaitable (async code may await its end), so a statement like <c>Green.Spawn(Server, listener);</c> in an
/// <c>async</c> method or in top-level statements would warn — yet spawning and not waiting is exactly what
/// gevent's <c>spawn</c> is for, and awaiting it, as the warning suggests, would join the greenlet instead.
/// </summary>
/// <remarks>
/// Only <c>Greenlet</c> results: a discarded <c>Task</c> or <c>GreenTask</c> keeps its warning.
/// </remarks>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class SpawnedGreenletSuppressor : DiagnosticSuppressor
{
    /// <summary>The suppression, as a build's error log and the IDE show it.</summary>
    public static readonly SuppressionDescriptor NotAwaitedGreenlet = new(
        id: "GRNSPR0001",
        suppressedDiagnosticId: "CS4014",
        justification: "A spawned greenlet runs on its own; leaving its Greenlet unawaited is how spawn is used (await it to join it).");

    /// <inheritdoc />
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ImmutableArray.Create(NotAwaitedGreenlet);

    /// <inheritdoc />
    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        var greenlet = context.Compilation.GetTypeByMetadataName("GreenRuntime.Greenlet");
        if (greenlet is null)
            return;
        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            if (diagnostic.Location.SourceTree is not { } tree)
                continue;
            var node = tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var call = node as ExpressionSyntax ?? (node as ExpressionStatementSyntax)?.Expression;
            if (call is null)
                continue;
            var type = context.GetSemanticModel(tree).GetTypeInfo(call, context.CancellationToken).Type;
            if (IsGreenlet(type, greenlet))
                context.ReportSuppression(Suppression.Create(NotAwaitedGreenlet, diagnostic));
        }
    }

    private static bool IsGreenlet(ITypeSymbol? type, INamedTypeSymbol greenlet)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, greenlet))
                return true;
        }
        return false;
    }
}
