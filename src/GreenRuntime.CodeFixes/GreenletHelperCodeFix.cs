using System.Collections.Generic;
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
/// GRN0028 (a blocking helper called from a <c>[Greenlet]</c> body), GRN0029 (a helper that would have to suspend) and
/// GRN0030 (a blocking spawn target): marks the helper <c>[Greenlet]</c>, so that its blocking calls suspend only the
/// greenlet, and makes its type and the types around it partial where they are not. The helper is the one the
/// diagnostic names (<see cref="OrdinaryFrameAnalyzer.HelperProperty"/>, its documentation comment ID).
/// </summary>
/// <remarks>
/// Not offered when the helper cannot be a <c>[Greenlet]</c> method (an accessor, operator, iterator, lambda, local
/// function, async method, one with <c>ref</c> parameters or a ref struct in its signature, a struct method that writes
/// the struct, a file-local type, ...: each would be a new error), and not for GRN0028 or GRN0030 when what blocks in
/// it would stay blocking in a <c>[Greenlet]</c> method too (<c>Monitor.Wait</c>, a wait GreenThreads does not patch):
/// there <c>Green.Offload</c> is the fix.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GreenletHelperCodeFix)), Shared]
public sealed class GreenletHelperCodeFix : CodeFixProvider
{
    private static readonly SymbolDisplayFormat s_nameFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat
        .WithMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType);

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.BlockingHelper.Id, DiagnosticDescriptors.SuspendingOrdinaryFrame.Id, DiagnosticDescriptors.BlockingSpawnTarget.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await FindHelperAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } helper)
                continue;
            var types = PartialTypes.ToMakePartial(helper.ContainingType);
            string title = $"Mark '{helper.ToDisplayString(s_nameFormat)}' [Greenlet]"
                + (types.Count > 0 ? $" and make {PartialTypes.Names(types)} partial" : string.Empty);
            context.RegisterCodeFix(
                CodeAction.Create(title, cancellationToken => MarkAsync(solution, [helper], cancellationToken), equivalenceKey: nameof(GreenletHelperCodeFix)),
                diagnostic);
        }
    }

    /// <summary>The helper the diagnostic names, when marking it <c>[Greenlet]</c> is right; otherwise null.</summary>
    private static async Task<IMethodSymbol?> FindHelperAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(OrdinaryFrameAnalyzer.HelperProperty, out string? id) || id is null
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } semanticModel)
        {
            return null;
        }
        var compilation = semanticModel.Compilation;
        if (DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) is not IMethodSymbol found
            || GreenRuntimeNames.Find(compilation, "GreenletAttribute") is null)
        {
            return null;
        }
        // The attribute goes on the defining part of a partial method; the body is the implementing part's.
        var helper = Defining(found);
        if (helper.MethodKind != MethodKind.Ordinary
            || helper.IsIterator
            || helper.ContainingType.IsExtension
            || GreenletSymbols.HasGreenletAttribute(helper)
            || helper.DeclaringSyntaxReferences.IsEmpty
            || helper.DeclaringSyntaxReferences.Any(r => document.Project.Solution.GetDocument(r.SyntaxTree) is null)
            // Every reason but a type that is not partial, which the fix makes partial, would be a new error.
            || (GreenletSymbols.GetTwinBlockers(helper, compilation, cancellationToken) & ~TwinBlockers.NotPartial) != TwinBlockers.None)
        {
            return null;
        }
        // The reported call (or method group) must be the helper's own: a lambda or method group that LINQ runs
        // (ids.Select(Twice)) stays an ordinary frame even when what it calls is [Greenlet].
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var reported = root!.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var symbolInfo = semanticModel.GetSymbolInfo(reported, cancellationToken);
        if ((symbolInfo.Symbol ?? (symbolInfo.CandidateSymbols.Length == 1 ? symbolInfo.CandidateSymbols[0] : null)) is not IMethodSymbol called
            || !SymbolEqualityComparer.Default.Equals(Defining(called), helper))
        {
            return null;
        }
        var frames = OrdinaryFrames.For(compilation);
        var frame = frames.AsFrame(helper);
        if (frame is null)
            return null;
        // What blocks must become a suspension point once the helper is [Greenlet] (directly, or in a helper it calls).
        if (diagnostic.Id != DiagnosticDescriptors.SuspendingOrdinaryFrame.Id
            && frames.FindBlocking(frame, cancellationToken) is not { Leaf.Point: not null })
        {
            return null;
        }
        return helper;
    }

    /// <summary>The declaration a method's attributes go on: the definition, its defining part if it is a partial method.</summary>
    private static IMethodSymbol Defining(IMethodSymbol method)
    {
        var definition = GreenletSymbols.Definition(method);
        return definition.PartialDefinitionPart ?? definition;
    }

    private static async Task<Solution> MarkAsync(Solution solution, IEnumerable<IMethodSymbol> helpers, CancellationToken cancellationToken)
    {
        var declarationsByTree = new Dictionary<SyntaxTree, HashSet<SyntaxNode>>();
        var methods = new HashSet<SyntaxNode>();
        foreach (var helper in helpers)
        {
            foreach (var reference in helper.DeclaringSyntaxReferences)
            {
                var method = await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
                methods.Add(method);
                Add(declarationsByTree, method);
            }
            // A type that is not partial has one declaration, in the same file as the method.
            foreach (var type in PartialTypes.ToMakePartial(helper.ContainingType))
            {
                foreach (var reference in type.DeclaringSyntaxReferences)
                    Add(declarationsByTree, await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        foreach (var entry in declarationsByTree)
        {
            var (tree, nodes) = (entry.Key, entry.Value);
            var document = solution.GetDocument(tree)!;
            var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var attribute = GreenRuntimeNames.Name(SyntaxGenerator.GetGenerator(document), GreenRuntimeNames.Find(semanticModel!.Compilation, "GreenletAttribute")!);
            var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } found ? found : EndOfLine("\n");
            var fixedRoot = root.ReplaceNodes(nodes, (original, rewritten) => rewritten switch
            {
                MethodDeclarationSyntax method when methods.Contains(original) => WithGreenletAttribute(method, attribute, newLine),
                TypeDeclarationSyntax type => PartialTypes.WithPartial(type),
                _ => rewritten,
            });
            solution = (await GreenRuntimeNames.AddImportsAsync(document.WithSyntaxRoot(fixedRoot), cancellationToken).ConfigureAwait(false)).Project.Solution;
        }
        return solution;
    }

    private static void Add(Dictionary<SyntaxTree, HashSet<SyntaxNode>> byTree, SyntaxNode node)
    {
        if (!byTree.TryGetValue(node.SyntaxTree, out var nodes))
            byTree[node.SyntaxTree] = nodes = [];
        nodes.Add(node);
    }

    /// <summary><c>[Greenlet]</c> on a line of its own above the method (after its doc comment), at the method's indentation.</summary>
    private static MethodDeclarationSyntax WithGreenletAttribute(MethodDeclarationSyntax method, NameSyntax attribute, SyntaxTrivia newLine)
    {
        var leading = method.GetLeadingTrivia();
        var indentation = leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
        var list = AttributeList(SingletonSeparatedList(Attribute(attribute)))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(newLine);
        var rest = method.WithLeadingTrivia(indentation);
        return rest.WithAttributeLists(rest.AttributeLists.Insert(0, list));
    }

    /// <summary>Fix all: each helper once, however many calls of it are reported.</summary>
    private sealed class FixAll : FixAllProvider
    {
        public static readonly FixAll Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

        public override Task<CodeAction?> GetFixAsync(FixAllContext context) =>
            Task.FromResult<CodeAction?>(CodeAction.Create(
                "Mark every reported helper [Greenlet]",
                async cancellationToken =>
                {
                    var diagnostics = new List<(Document Document, Diagnostic Diagnostic)>();
                    var documents = context.Scope switch
                    {
                        FixAllScope.Document when context.Document is not null => [context.Document],
                        FixAllScope.Project => context.Project.Documents,
                        _ => context.Solution.Projects.SelectMany(p => p.Documents),
                    };
                    foreach (var document in documents)
                    {
                        foreach (var diagnostic in await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                            diagnostics.Add((document, diagnostic));
                    }
                    var helpers = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                    foreach (var (document, diagnostic) in diagnostics)
                    {
                        if (await FindHelperAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } helper)
                            helpers.Add(helper);
                    }
                    return await MarkAsync(context.Solution, helpers, cancellationToken).ConfigureAwait(false);
                },
                equivalenceKey: context.CodeActionEquivalenceKey));
    }
}
