using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
/// GRN0027: lets <c>GreenletExit</c> through a catch-all clause with a filter, as gevent's <c>except Exception</c>
/// does: <c>catch (Exception e) when (e is not GreenletExit)</c>. A clause without a variable gets one (<c>e</c>, or
/// the first free name), a bare <c>catch</c> becomes <c>catch (Exception e)</c>, and an existing filter is kept
/// behind the new test: <c>when (e is not GreenletExit &amp;&amp; (old))</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GreenletExitFilterCodeFix)), Shared]
public sealed class GreenletExitFilterCodeFix : CodeFixProvider
{
    private static readonly string[] s_variableNames = ["e", "ex", "exception"];

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.CatchSwallowsGreenletExit.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || Names.Find(context.Document, semanticModel) is not { } names)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindClause(root, diagnostic) is not { } clause)
                continue;
            string variable = VariableName(clause, semanticModel, context.CancellationToken);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Let GreenletExit through: add 'when ({variable} is not GreenletExit)'",
                    cancellationToken => GreenRuntimeNames.AddImportsAsync(
                        context.Document.WithSyntaxRoot(root.ReplaceNode(clause, WithGreenletExitFilter(clause, names, semanticModel, cancellationToken))),
                        cancellationToken),
                    equivalenceKey: nameof(GreenletExitFilterCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null || Names.Find(document, semanticModel) is not { } names)
            return null;
        var clauses = diagnostics.Select(d => FindClause(root, d)).Where(c => c is not null).Select(c => c!).Distinct().ToList();
        // A clause nested in another's block is rewritten inside the rewritten outer one; its names were chosen on the original tree.
        var fixedClauses = clauses.ToDictionary(c => c, c => WithGreenletExitFilter(c, names, semanticModel, context.CancellationToken));
        return await GreenRuntimeNames.AddImportsAsync(
            document.WithSyntaxRoot(root.ReplaceNodes(clauses, (original, rewritten) =>
            {
                var fixedClause = fixedClauses[original];
                return rewritten.Block == original.Block ? fixedClause : fixedClause.WithBlock(rewritten.Block);
            })),
            context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The clause whose <c>catch</c> the diagnostic starts at.</summary>
    private static CatchClauseSyntax? FindClause(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start) is { RawKind: (int)SyntaxKind.CatchKeyword, Parent: CatchClauseSyntax clause } ? clause : null;

    /// <summary>The clause with a variable (its own, or a new one) and the filter that lets GreenletExit through.</summary>
    private static CatchClauseSyntax WithGreenletExitFilter(
        CatchClauseSyntax clause, Names names, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        string variable = VariableName(clause, semanticModel, cancellationToken);
        var declaration = clause.Declaration switch
        {
            null => CatchDeclaration(names.Exception, Identifier(TriviaList(Space), variable, TriviaList()))
                .WithLeadingTrivia(Space),
            { Identifier.RawKind: (int)SyntaxKind.None } existing => existing
                .WithType(existing.Type.WithoutTrailingTrivia())
                .WithIdentifier(Identifier(TriviaList(Space), variable, existing.Type.GetTrailingTrivia())),
            var existing => existing,
        };
        // `e is not GreenletExit`, in front of what the filter already tests (whose own layout is kept).
        // (A constant pattern, as the parser reads `not GreenletExit` too.)
        ExpressionSyntax test = IsPatternExpression(
            IdentifierName(variable),
            UnaryPattern(Token(SyntaxKind.NotKeyword), ConstantPattern(names.GreenletExit))).NormalizeWhitespace();
        if (clause.Filter is { } filter)
        {
            test = BinaryExpression(
                SyntaxKind.LogicalAndExpression,
                test,
                Token(TriviaList(Space), SyntaxKind.AmpersandAmpersandToken, TriviaList(Space)),
                Parenthesized(filter.FilterExpression));
            return clause.WithDeclaration(declaration).WithFilter(filter.WithFilterExpression(test));
        }
        // What followed the declaration (the line break before the block, a comment) now follows the filter.
        var trailing = clause.Declaration is null ? clause.CatchKeyword.TrailingTrivia : declaration.GetTrailingTrivia();
        var keyword = clause.Declaration is null ? clause.CatchKeyword.WithTrailingTrivia() : clause.CatchKeyword;
        var newFilter = CatchFilterClause(
            Token(TriviaList(), SyntaxKind.WhenKeyword, TriviaList(Space)),
            Token(SyntaxKind.OpenParenToken),
            test,
            Token(TriviaList(), SyntaxKind.CloseParenToken, trailing.Any() ? trailing : TriviaList(Space)));
        return clause
            .WithCatchKeyword(keyword)
            .WithDeclaration(declaration.WithTrailingTrivia(Space))
            .WithFilter(newFilter);
    }

    /// <summary>The filter's old expression, in parentheses unless it binds at least as tightly as <c>&amp;&amp;</c>.</summary>
    private static ExpressionSyntax Parenthesized(ExpressionSyntax expression) =>
        expression is ParenthesizedExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
            or ElementAccessExpressionSyntax or LiteralExpressionSyntax or PrefixUnaryExpressionSyntax or IsPatternExpressionSyntax
            || expression is BinaryExpressionSyntax binary && !binary.IsKind(SyntaxKind.LogicalOrExpression) && !binary.IsKind(SyntaxKind.CoalesceExpression)
            ? expression.WithoutTrivia()
            : ParenthesizedExpression(expression.WithoutTrivia());

    /// <summary>
    /// The clause's variable, or the first of <c>e</c>, <c>ex</c>, <c>exception</c>, <c>e1</c>, ... that names nothing
    /// in scope there and is not declared inside the clause.
    /// </summary>
    private static string VariableName(CatchClauseSyntax clause, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (clause.Declaration is { Identifier.RawKind: not (int)SyntaxKind.None } declaration)
            return declaration.Identifier.ValueText;
        var declaredInside = new HashSet<string>(clause.DescendantNodes().Select(DeclaredName).Where(n => n is not null).Select(n => n!));
        bool IsFree(string name) =>
            !declaredInside.Contains(name) && semanticModel.LookupSymbols(clause.Block.SpanStart, name: name).IsEmpty;
        foreach (string name in s_variableNames)
        {
            if (IsFree(name))
                return name;
        }
        for (int i = 1; ; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsFree("e" + i))
                return "e" + i;
        }
    }

    private static string? DeclaredName(SyntaxNode node) => node switch
    {
        VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
        SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
        ParameterSyntax parameter => parameter.Identifier.ValueText,
        LocalFunctionStatementSyntax function => function.Identifier.ValueText,
        ForEachStatementSyntax forEach => forEach.Identifier.ValueText,
        CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier.ValueText,
        FromClauseSyntax from => from.Identifier.ValueText,
        LetClauseSyntax let => let.Identifier.ValueText,
        JoinClauseSyntax join => join.Identifier.ValueText,
        QueryContinuationSyntax into => into.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The two type names the fix writes.</summary>
    private sealed record Names(NameSyntax Exception, NameSyntax GreenletExit)
    {
        public static Names? Find(Document document, SemanticModel semanticModel)
        {
            var compilation = semanticModel.Compilation;
            if (GreenRuntimeNames.Find(compilation, "GreenletExit") is not { } greenletExit
                || compilation.GetTypeByMetadataName("System.Exception") is not { } exception)
            {
                return null;
            }
            var generator = SyntaxGenerator.GetGenerator(document);
            return new Names(GreenRuntimeNames.Name(generator, exception), GreenRuntimeNames.Name(generator, greenletExit));
        }
    }
}
