using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace GreenRuntime.CodeFixes;

/// <summary>
/// GRN0021 (a blocking call that stays blocking) and GRN0028 (a call of a blocking helper, the second fix beside
/// marking the helper <c>[Greenlet]</c>): runs the call on the offload thread pool while the greenlet parks —
/// <c>Green.Offload(() =&gt; call);</c> as a statement, <c>var x = Green.Offload(() =&gt; call);</c> in an expression.
/// Not offered where the wrapped call would not compile or would mean something else: inside a <c>lock</c>, a catch
/// filter, an unsafe block or a <c>?.</c> chain (Green.Offload would be a suspension point there), when the call
/// passes or uses something a lambda cannot capture (<c>ref</c>/<c>out</c> arguments, ref locals and parameters, ref
/// structs, <c>this</c> of a struct) or assigns a variable, when it returns a ref struct, and for thread-affine waits
/// (<c>Monitor.Wait</c>, a <c>Mutex</c>), which must run on the thread that holds the lock.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OffloadCodeFix)), Shared]
public sealed class OffloadCodeFix : CodeFixProvider
{
    private static readonly SymbolDisplayFormat s_callFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType);

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.BlockingCall.Id, DiagnosticDescriptors.BlockingHelper.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || FindGreen(semanticModel.Compilation) is not { } green)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindCall(root, diagnostic) is not { } call || !CanOffload(call, semanticModel, context.CancellationToken))
                continue;
            string name = semanticModel.GetSymbolInfo(call, context.CancellationToken).Symbol?.ToDisplayString(s_callFormat) ?? "the call";
            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Run '{name}' on the offload thread pool: Green.Offload(() => ...)",
                    cancellationToken => GreenRuntimeNames.AddImportsAsync(
                        document.WithSyntaxRoot(root.ReplaceNode(call, Offloaded(call, green, SyntaxGenerator.GetGenerator(document)))),
                        cancellationToken),
                    equivalenceKey: nameof(OffloadCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || FindGreen(semanticModel.Compilation) is not { } green)
            return null;
        var calls = diagnostics
            .Select(d => FindCall(root, d))
            .Where(c => c is not null && CanOffload(c, semanticModel, context.CancellationToken))
            .Select(c => c!)
            .ToList();
        var generator = SyntaxGenerator.GetGenerator(document);
        // A blocking call among another's arguments is wrapped inside the other's lambda.
        var fixedRoot = root.ReplaceNodes(calls, (_, rewritten) => Offloaded(rewritten, green, generator));
        return await GreenRuntimeNames.AddImportsAsync(document.WithSyntaxRoot(fixedRoot), context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reported call: an invocation, or the <c>.Result</c> access of a task.</summary>
    internal static ExpressionSyntax? FindCall(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        for (var node = root.FindNode(span, getInnermostNodeForTie: true); node is not null && node.Span == span; node = node.Parent)
        {
            if (node is InvocationExpressionSyntax or MemberAccessExpressionSyntax)
                return (ExpressionSyntax)node;
        }
        return null;
    }

    /// <summary>Whether <paramref name="call"/> can run inside <c>() =&gt; call</c> on another thread, with the same meaning.</summary>
    internal static bool CanOffload(ExpressionSyntax call, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        // Green.Offload would be a suspension point that cannot suspend there (GRN0009, GRN0012, GRN0013, GRN0014).
        if (SuspensionBarriers.Find(call, semanticModel, cancellationToken).Exists
            || call.Ancestors().TakeWhile(a => a is ExpressionSyntax).OfType<ConditionalAccessExpressionSyntax>().Any(a => a.WhenNotNull.Span.Contains(call.Span)))
        {
            return false;
        }
        var symbol = semanticModel.GetSymbolInfo(call, cancellationToken).Symbol;
        if (symbol is null || IsThreadAffine(symbol, call, semanticModel, cancellationToken))
            return false;
        var type = semanticModel.GetTypeInfo(call, cancellationToken).Type;
        if (type is null || type.IsRefLikeType || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Dynamic)
            return false;
        if (call.DescendantNodes().OfType<ArgumentSyntax>().Any(a => a.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || a.RefKindKeyword.IsKind(SyntaxKind.OutKeyword)))
            return false;
        var dataFlow = semanticModel.AnalyzeDataFlow(call);
        if (dataFlow is null || !dataFlow.Succeeded)
            return false;
        // A variable assigned inside the lambda is not definitely assigned after it, and out var would end in it.
        if (dataFlow.WrittenInside.Except(dataFlow.VariablesDeclared, SymbolEqualityComparer.Default).Any())
            return false;
        return !dataFlow.ReadInside.Any(CannotBeCaptured);
    }

    /// <summary>Locals and parameters a lambda cannot capture.</summary>
    private static bool CannotBeCaptured(ISymbol symbol) => symbol switch
    {
        // 'this' of a struct (CS1673); of a class it is captured like any reference.
        IParameterSymbol { IsThis: true } self => self.Type.IsValueType,
        IParameterSymbol parameter => parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType,
        ILocalSymbol local => local.IsRef || local.Type.IsRefLikeType,
        _ => false,
    };

    /// <summary>Monitor's waits and a mutex's must run on the thread that holds the lock; on a pool thread they fail or deadlock.</summary>
    private static bool IsThreadAffine(ISymbol symbol, ExpressionSyntax call, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (GreenletSymbols.IsNamed(symbol.ContainingType, "Monitor", "System", "Threading"))
            return true;
        if (call is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            && semanticModel.GetTypeInfo(access.Expression, cancellationToken).Type is { } receiver)
        {
            for (var current = receiver; current is not null; current = current.BaseType)
            {
                if (GreenletSymbols.IsNamed(current, "Mutex", "System", "Threading"))
                    return true;
            }
        }
        return false;
    }

    /// <summary><c>Green.Offload(() =&gt; call)</c>, with the call's own layout inside and its trivia outside.</summary>
    internal static ExpressionSyntax Offloaded(ExpressionSyntax call, INamedTypeSymbol green, SyntaxGenerator generator)
    {
        var lambda = (ParenthesizedLambdaExpressionSyntax)ParseExpression("() => x");
        lambda = lambda.WithExpressionBody(call.WithoutTrivia());
        var offload = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, GreenRuntimeNames.Name(generator, green), IdentifierName("Offload")),
            ArgumentList(SingletonSeparatedList(Argument(lambda))));
        return offload.WithTriviaFrom(call);
    }

    /// <summary>GreenRuntime's <c>Green</c>, when it has <c>Offload</c> (older runtimes did not).</summary>
    internal static INamedTypeSymbol? FindGreen(Compilation compilation) =>
        GreenRuntimeNames.Find(compilation, "Green") is { } green && !green.GetMembers("Offload").IsEmpty ? green : null;
}
