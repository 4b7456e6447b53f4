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
using Microsoft.CodeAnalysis.FindSymbols;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace GreenRuntime.CodeFixes;

/// <summary>
/// GRN0009: replaces the <c>lock</c> around a suspension point with a <c>GreenLock</c> scope,
/// <c>using (gate.EnterScope()) { ... }</c>, which suspends only the greenlet that waits for it. Every <c>lock</c> on
/// the same field changes with it, or the two kinds of lock would no longer exclude each other.
/// </summary>
/// <remarks>
/// When the locked field is a private <c>object</c> used for nothing but <c>lock</c>, the field itself becomes the
/// <c>GreenLock</c>; otherwise a <c>GreenLock</c> field (static or not, as the locked field is) is added next to it.
/// Both are <c>new(reentrant: true)</c>: a <c>lock</c> lets its owner enter again, and the fix must not turn a nested
/// lock into a <c>LockRecursionException</c>. Not offered when the lock is not on a private field of the type (other
/// code may lock the same object and would no longer be excluded), when some <c>lock</c> on the field is outside a
/// <c>[Greenlet]</c> body (a <c>GreenLock</c> belongs to one hub's thread and cannot be waited for by plain code
/// there), or when <c>Monitor</c> is called on the field.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GreenLockCodeFix)), Shared]
public sealed class GreenLockCodeFix : CodeFixProvider
{
    private const string Suffix = "GreenLock";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SuspensionInLock.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await PlanAsync(solution, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } plan)
                continue;
            string title = plan.NewFieldName is null
                ? $"Make '{plan.Field.Name}' a GreenLock and enter its scope instead of locking it"
                : $"Guard with a new GreenLock '{plan.NewFieldName}' instead of 'lock ({plan.Field.Name})'";
            context.RegisterCodeFix(
                CodeAction.Create(title, cancellationToken => ApplyAsync(solution, [plan], cancellationToken), equivalenceKey: nameof(GreenLockCodeFix)),
                diagnostic);
        }
    }

    /// <summary>What the fix changes for one locked field.</summary>
    /// <param name="Field">The locked field.</param>
    /// <param name="GreenLock">GreenRuntime's <c>GreenLock</c>.</param>
    /// <param name="Declarator">The field's declarator.</param>
    /// <param name="Locks">Every <c>lock</c> statement on the field.</param>
    /// <param name="NewFieldName">The name of the <c>GreenLock</c> field to add, or null to change the field's own type.</param>
    private sealed record Plan(
        IFieldSymbol Field, INamedTypeSymbol GreenLock, VariableDeclaratorSyntax Declarator, IReadOnlyList<LockStatementSyntax> Locks, string? NewFieldName);

    private static async Task<Plan?> PlanAsync(Solution solution, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Location.SourceTree is not { } tree || solution.GetDocument(tree) is not { } document)
            return null;
        var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (semanticModel is null || GreenRuntimeNames.Find(semanticModel.Compilation, "GreenLock") is not { } greenLock)
            return null;
        var point = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (SuspensionBarriers.Find(point, semanticModel, cancellationToken) is not { Kind: SuspensionBarrierKind.Lock, Node: LockStatementSyntax reported }
            || semanticModel.GetSymbolInfo(reported.Expression, cancellationToken).Symbol is not IFieldSymbol { DeclaredAccessibility: Accessibility.Private, IsConst: false } field
            || field.DeclaringSyntaxReferences.Length != 1
            || await field.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not VariableDeclaratorSyntax declarator)
        {
            return null;
        }

        // A private field is seen only inside its type: every use of it is in this solution.
        var locks = new List<LockStatementSyntax>();
        bool onlyLocked = true;
        foreach (var reference in await SymbolFinder.FindReferencesAsync(field, solution, cancellationToken).ConfigureAwait(false))
        {
            foreach (var location in reference.Locations)
            {
                var referenceRoot = await location.Location.SourceTree!.GetRootAsync(cancellationToken).ConfigureAwait(false);
                var name = referenceRoot.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                var used = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (used.Parent is LockStatementSyntax lockStatement && lockStatement.Expression == used)
                {
                    var model = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (model is null || !IsOnTheGreenlet(lockStatement, model, cancellationToken))
                        return null;
                    locks.Add(lockStatement);
                    continue;
                }
                onlyLocked = false;
                if (used.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax call }
                    && (await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))?.GetSymbolInfo(call, cancellationToken).Symbol is { } called
                    && GreenletSymbols.IsNamed(called.ContainingType, "Monitor", "System", "Threading"))
                {
                    return null;
                }
            }
        }
        if (!locks.Contains(reported))
            return null;

        bool changeType = onlyLocked
            && field.Type.SpecialType == SpecialType.System_Object
            && declarator.Parent is VariableDeclarationSyntax { Variables.Count: 1 }
            && declarator.Initializer?.Value is ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0, Initializer: null }
                or ObjectCreationExpressionSyntax { ArgumentList: null or { Arguments.Count: 0 }, Initializer: null };
        return new Plan(field, greenLock, declarator, locks, changeType ? null : FreeName(field));
    }

    /// <summary>Whether the lock runs on the greenlet of a <c>[Greenlet]</c> body (not in a lambda or local function of it).</summary>
    private static bool IsOnTheGreenlet(LockStatementSyntax lockStatement, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        lockStatement.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method
        && GreenletBodies.Find(method, semanticModel, cancellationToken) is { } body
        && body.Span.Contains(lockStatement.Span)
        && SuspensionBarriers.Find(lockStatement, semanticModel, cancellationToken).Kind
            is not (SuspensionBarrierKind.Lambda or SuspensionBarrierKind.AnonymousMethod or SuspensionBarrierKind.LocalFunction or SuspensionBarrierKind.Query);

    /// <summary><c>_gateGreenLock</c> for <c>_gate</c>, or with a number where the type already has that name.</summary>
    private static string FreeName(IFieldSymbol field)
    {
        string name = field.Name + Suffix;
        for (int i = 2; field.ContainingType.GetMembers(name).Length > 0 || field.ContainingType.Name == name; i++)
            name = field.Name + Suffix + i;
        return name;
    }

    private static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<Plan> plans, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var touched = new HashSet<DocumentId>();
        foreach (var plan in plans)
        {
            var fieldDocument = solution.GetDocument(plan.Declarator.SyntaxTree)!;
            var fieldEditor = await editor.GetDocumentEditorAsync(fieldDocument.Id, cancellationToken).ConfigureAwait(false);
            touched.Add(fieldDocument.Id);
            var greenLockName = GreenRuntimeNames.Name(fieldEditor.Generator, plan.GreenLock);
            if (plan.NewFieldName is null)
            {
                var declaration = (VariableDeclarationSyntax)plan.Declarator.Parent!;
                fieldEditor.ReplaceNode(declaration.Type, greenLockName.WithTriviaFrom(declaration.Type));
                var creation = plan.Declarator.Initializer!.Value;
                fieldEditor.ReplaceNode(creation, ReentrantCreation(creation, greenLockName).WithTriviaFrom(creation));
            }
            else
            {
                var fieldDeclaration = (FieldDeclarationSyntax)plan.Declarator.Parent!.Parent!;
                fieldEditor.InsertAfter(fieldDeclaration, NewField(fieldDeclaration, plan, greenLockName));
            }
            foreach (var lockStatement in plan.Locks)
            {
                var document = solution.GetDocument(lockStatement.SyntaxTree)!;
                var documentEditor = await editor.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
                touched.Add(document.Id);
                // The current node: an inner lock's replacement is already in it.
                documentEditor.ReplaceNode(lockStatement, (current, _) => Scope((LockStatementSyntax)current, plan.NewFieldName));
            }
        }
        var changed = editor.GetChangedSolution();
        foreach (var id in touched)
            changed = (await GreenRuntimeNames.AddImportsAsync(changed.GetDocument(id)!, cancellationToken).ConfigureAwait(false)).Project.Solution;
        return changed;
    }

    /// <summary><c>new GreenLock(reentrant: true)</c>, or <c>new(reentrant: true)</c> where the field said <c>new()</c>.</summary>
    private static ExpressionSyntax ReentrantCreation(ExpressionSyntax original, NameSyntax greenLock)
    {
        var arguments = ArgumentList(SingletonSeparatedList(
            Argument(ParseExpression("true")).WithNameColon(NameColon(IdentifierName("reentrant")).WithTrailingTrivia(Space))));
        return original is ImplicitObjectCreationExpressionSyntax
            ? ImplicitObjectCreationExpression(arguments, null)
            : ObjectCreationExpression(Token(TriviaList(), SyntaxKind.NewKeyword, TriviaList(Space)), greenLock, arguments, null);
    }

    /// <summary><c>private [static] readonly GreenLock _gateGreenLock = new(reentrant: true);</c>, indented as the locked field.</summary>
    private static FieldDeclarationSyntax NewField(FieldDeclarationSyntax lockedField, Plan plan, NameSyntax greenLock)
    {
        var parsed = (FieldDeclarationSyntax)ParseMemberDeclaration(
            $"private {(plan.Field.IsStatic ? "static " : "")}readonly GreenLock {plan.NewFieldName} = new(reentrant: true);")!;
        var indentation = lockedField.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
        var declaration = parsed.Declaration;
        return parsed
            .WithDeclaration(declaration.WithType(greenLock.WithTriviaFrom(declaration.Type)))
            .WithLeadingTrivia(indentation.Reverse())
            .WithTrailingTrivia(lockedField.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } newLine
                ? newLine
                : ElasticCarriageReturnLineFeed);
    }

    /// <summary><c>using (gate.EnterScope())</c> in place of <c>lock (field)</c>, with the lock's layout and body.</summary>
    private static UsingStatementSyntax Scope(LockStatementSyntax lockStatement, string? newFieldName)
    {
        var gate = lockStatement.Expression.WithoutTrivia();
        if (newFieldName is not null)
        {
            gate = gate switch
            {
                MemberAccessExpressionSyntax access => access.WithName(IdentifierName(newFieldName)),
                _ => IdentifierName(newFieldName),
            };
        }
        var enterScope = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, gate, IdentifierName("EnterScope")),
                ArgumentList())
            .WithTriviaFrom(lockStatement.Expression);
        return UsingStatement(
            lockStatement.AttributeLists,
            default,
            Token(lockStatement.LockKeyword.LeadingTrivia, SyntaxKind.UsingKeyword, lockStatement.LockKeyword.TrailingTrivia),
            lockStatement.OpenParenToken,
            null,
            enterScope,
            lockStatement.CloseParenToken,
            lockStatement.Statement);
    }

    /// <summary>Fix all: one plan per locked field, however many suspension points its locks hold.</summary>
    private sealed class FixAll : FixAllProvider
    {
        public static readonly FixAll Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

        public override Task<CodeAction?> GetFixAsync(FixAllContext context) =>
            Task.FromResult<CodeAction?>(CodeAction.Create(
                "Replace every lock around a suspension point with a GreenLock scope",
                async cancellationToken =>
                {
                    var diagnostics = new List<Diagnostic>();
                    switch (context.Scope)
                    {
                        case FixAllScope.Document when context.Document is not null:
                            diagnostics.AddRange(await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false));
                            break;
                        case FixAllScope.Project:
                            diagnostics.AddRange(await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false));
                            break;
                        case FixAllScope.Solution:
                            foreach (var project in context.Solution.Projects)
                                diagnostics.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                            break;
                    }
                    var plans = new Dictionary<IFieldSymbol, Plan>(SymbolEqualityComparer.Default);
                    foreach (var diagnostic in diagnostics)
                    {
                        if (await PlanAsync(context.Solution, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan)
                            plans[plan.Field] = plan;
                    }
                    return await ApplyAsync(context.Solution, plans.Values, cancellationToken).ConfigureAwait(false);
                },
                equivalenceKey: context.CodeActionEquivalenceKey));
    }
}
