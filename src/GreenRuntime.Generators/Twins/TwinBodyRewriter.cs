using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GreenRuntime.CompilerServices;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace GreenRuntime.Generators.Twins;

/// <summary>
/// Rewrites a <c>[Greenlet]</c> body into its twin's body: each suspension point becomes an <c>await</c> of its
/// resumable counterpart, and a <c>foreach</c> over a green sequence a loop that awaits each item (docs/internals.md). Decisions are taken on the original nodes, through the semantic
/// model; the text of everything else, trivia included, is kept, so the body keeps its line structure.
/// </summary>
/// <remarks>
/// Lambdas, anonymous methods and local functions are left untouched unless they are green lambdas (passed
/// straight to a GreenRuntime function-taking API), and so are <c>lock</c> bodies, catch filters, unsafe blocks and
/// query clauses: C# allows no <c>await</c> there, and the analyzer reports the blocking calls they contain.
/// </remarks>
internal sealed class TwinBodyRewriter : CSharpSyntaxRewriter
{
    private readonly SemanticModel _semanticModel;
    private readonly RefStructLiveness _liveness;
    private readonly CancellationToken _cancellationToken;
    private readonly SyntaxNode? _root;

    private readonly Dictionary<SyntaxNode, SuspensionPoint?> _rewritable = new();

    // `default(GreenSuspend)`, parsed once: syntax nodes are immutable, and a factory call takes their green node.
    private static readonly ExpressionSyntax s_marker = ParseExpression(TypeNames.Marker);

    // The leading binding (`.M` of `a?.M()`) of each '?.' being lowered, and the name its receiver gets.
    private readonly Dictionary<ExpressionSyntax, string> _loweredBindings = new();
    private int _receiverCount;

    // The enumerators of the green foreach loops rewritten so far: each gets a name of its own.
    private int _enumeratorCount;

    /// <param name="semanticModel">The model of the body's tree.</param>
    /// <param name="liveness">The ref-like locals of the body.</param>
    /// <param name="cancellationToken">Cancels the rewrite.</param>
    /// <param name="root">
    /// For the body of a lambda that becomes a green function of its own (<c>CallSites/GreenLambdas</c>), the lambda:
    /// what stands around it (a <c>lock</c>, another lambda) is no barrier to its body.
    /// </param>
    public TwinBodyRewriter(SemanticModel semanticModel, RefStructLiveness liveness, CancellationToken cancellationToken, SyntaxNode? root = null)
    {
        _semanticModel = semanticModel;
        _liveness = liveness;
        _cancellationToken = cancellationToken;
        _root = root;
    }

    /// <summary>
    /// Whether the rewrite wrote a type the semantic model inferred into the body (a patch's or an async twin's type
    /// arguments, the type of a lowered <c>?.</c>): its nullable annotations come from the model's nullable analysis,
    /// so a body rewritten through a model without it (<see cref="SemanticModelOptions.DisableNullableAnalysis"/>) is
    /// rewritten again through one with it. Calls of <c>[Greenlet]</c> methods, GreenRuntime's blocking calls,
    /// <c>Task.Delay(d).Wait()</c> and green <c>foreach</c> loops only rename and insert the marker.
    /// </summary>
    public bool WroteInferredTypes { get; private set; }

    /// <inheritdoc />
    public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        var point = FindRewritable(node);
        var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
        if (point is null)
            return visited;
        if (point.Patch is not null || point.Kind is not (SuspensionKind.GreenletCall or SuspensionKind.RuntimeBlocking or SuspensionKind.DelayWait))
            WroteInferredTypes = true;

        switch (point.Patch?.Shape)
        {
            case PatchShape.Unpack:
                return CallUnpackedPatch(node, visited, point).WithTriviaFrom(visited);
            case PatchShape.TwoPhase:
                return CallTwoPhasePatch(visited, point).WithTriviaFrom(visited);
        }
        ExpressionSyntax call = point.Kind switch
        {
            SuspensionKind.MonkeyPatch => CallPatch(visited, point),
            SuspensionKind.AsyncTwin => AsyncTwinCalls.Rewrite(node, visited, point, _semanticModel, _cancellationToken),
            SuspensionKind.DelayWait => CallGreenSleep(visited),
            SuspensionKind.RuntimeFunctionTaking => InsertMarker(WithTwinArguments(node, visited, point), GreenletSymbols.MarkerIndex(point.Target)),
            SuspensionKind.GreenletCall => InsertMarker(
                visited.WithExpression(WithTwinName(visited.Expression, point.Target)), GreenletSymbols.MarkerIndex(point.Target)),
            _ => InsertMarker(visited, GreenletSymbols.MarkerIndex(point.Target)),
        };
        call = call.WithTriviaFrom(visited);
        return point.IsAwaited ? Await(call, node) : call;
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        // t.Result → (await AsyncTwinPatches.Result(default(GreenSuspend), t)) (tier 2).
        var point = node.Name.Identifier.ValueText == "Result" ? FindRewritable(node) : null;
        var visited = (MemberAccessExpressionSyntax)base.VisitMemberAccessExpression(node)!;
        if (point is null)
            return visited;
        WroteInferredTypes = true;
        return Await(AsyncTwinCalls.Rewrite(node, visited, point, _semanticModel, _cancellationToken).WithTriviaFrom(visited), node);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitExpressionStatement(ExpressionStatementSyntax node)
    {
        if (node.Expression is not ConditionalAccessExpressionSyntax access || BeginLowering(access) is not { } name)
            return base.VisitExpressionStatement(node);
        // a?.M(x); → if (a is { } __n1) await __n1.M__GreenTwin(default(GreenSuspend), x);
        var receiver = (ExpressionSyntax)Visit(access.Expression)!;
        var tail = (ExpressionSyntax)Visit(access.WhenNotNull)!;
        // `(await x)` is no statement; `await x` is.
        while (tail is ParenthesizedExpressionSyntax parenthesized)
            tail = parenthesized.Expression;
        return IfStatement(
                Token(SyntaxKind.IfKeyword).WithTrailingTrivia(Space), Token(SyntaxKind.OpenParenToken), NullTest(receiver, name),
                Token(SyntaxKind.CloseParenToken).WithTrailingTrivia(Space), ExpressionStatement(tail.WithoutTrivia()), @else: null)
            .WithTriviaFrom(node);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitConditionalAccessExpression(ConditionalAccessExpressionSyntax node)
    {
        if (BeginLowering(node) is not { } name)
            return base.VisitConditionalAccessExpression(node);
        WroteInferredTypes = true;
        // a?.M(x) → (a is { } __n1 ? (int?)(await __n1.M__GreenTwin(default(GreenSuspend), x)) : default(int?))
        var receiver = (ExpressionSyntax)Visit(node.Expression)!;
        var tail = (ExpressionSyntax)Visit(node.WhenNotNull)!;
        var type = ParseTypeName(TypeNames.Format(_semanticModel.GetTypeInfo(node, _cancellationToken).Type!));
        return ParenthesizedExpression(ConditionalExpression(
                NullTest(receiver, name).WithTrailingTrivia(Space),
                Token(SyntaxKind.QuestionToken).WithTrailingTrivia(Space),
                CastExpression(type, ParenthesizedExpression(tail.WithoutTrivia())).WithTrailingTrivia(Space),
                Token(SyntaxKind.ColonToken).WithTrailingTrivia(Space),
                DefaultExpression(type)))
            .WithTriviaFrom(node);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitMemberBindingExpression(MemberBindingExpressionSyntax node) =>
        _loweredBindings.TryGetValue(node, out var name)
            ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(name), node.Name).WithTriviaFrom(node)
            : base.VisitMemberBindingExpression(node);

    /// <inheritdoc />
    public override SyntaxNode? VisitElementBindingExpression(ElementBindingExpressionSyntax node) =>
        _loweredBindings.TryGetValue(node, out var name)
            ? ElementAccessExpression(IdentifierName(name), (BracketedArgumentListSyntax)Visit(node.ArgumentList)!).WithTriviaFrom(node)
            : base.VisitElementBindingExpression(node);

    /// <summary>
    /// When a suspension point the twin rewrites is called through <paramref name="access"/>, names the receiver and
    /// marks the leading binding to become an access of that name; null when <paramref name="access"/> stays as written.
    /// </summary>
    private string? BeginLowering(ConditionalAccessExpressionSyntax access)
    {
        if (SuspensionBarriers.LeadingBinding(access.WhenNotNull) is not { } binding)
            return null;
        bool suspends = false;
        for (ExpressionSyntax? link = access.WhenNotNull; link is not null && !suspends; )
        {
            switch (link)
            {
                case InvocationExpressionSyntax call:
                    suspends = FindRewritable(call) is not null && SuspensionBarriers.OwningConditionalAccess(call) == access;
                    link = call.Expression;
                    break;
                case MemberAccessExpressionSyntax member:
                    link = member.Expression;
                    break;
                case ElementAccessExpressionSyntax element:
                    link = element.Expression;
                    break;
                case PostfixUnaryExpressionSyntax suppressed:
                    link = suppressed.Operand;
                    break;
                default:
                    link = null;
                    break;
            }
        }
        if (!suspends)
            return null;
        var name = "__receiver" + (++_receiverCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _loweredBindings[binding] = name;
        return name;
    }

    /// <summary><c>receiver is { } name</c>: evaluates the receiver once, as <c>?.</c> does.</summary>
    private static ExpressionSyntax NullTest(ExpressionSyntax receiver, string name) =>
        IsPatternExpression(
            receiver.WithoutTrivia().WithTrailingTrivia(Space),
            Token(SyntaxKind.IsKeyword).WithTrailingTrivia(Space),
            RecursivePattern(
                type: null,
                positionalPatternClause: null,
                PropertyPatternClause(
                    Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(Space),
                    SeparatedList<SubpatternSyntax>(),
                    Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(Space)),
                SingleVariableDesignation(Identifier(name))));

    /// <inheritdoc />
    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        if (FindRewritable(node) is null)
            return visited;
        // `foreach (T x in c)` converts each item explicitly, as a cast does; `var x` takes the item's own type.
        string variable = node.Type.IsVar
            ? $"{visited.Type} {visited.Identifier.ValueText} = {{0}}.Current;"
            : $"{visited.Type} {visited.Identifier.ValueText} = ({visited.Type}){{0}}.Current;";
        return RewriteGreenForEach(node, visited, visited.Expression, variable, visited.Statement);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        if (FindRewritable(node) is null)
            return visited;
        // `foreach (var (a, b) in c)`, `foreach ((int a, var b) in c)`, `foreach ((a, b) in c)`: a deconstruction of the item.
        return RewriteGreenForEach(node, visited, visited.Expression, $"{visited.Variable} = {{0}}.Current;", visited.Statement);
    }

    /// <summary>
    /// A <c>foreach</c> over a green sequence becomes the loop C# would lower it to, with the wait for each item awaited:
    /// <code>
    /// { var __enumerator1 = (c).GetEnumerator(); try { while (await __enumerator1.MoveNext(default(GreenSuspend))) { T x = (T)__enumerator1.Current; body
    /// } } finally { ((IDisposable)__enumerator1)?.Dispose(); } }
    /// </code>
    /// The iteration variable is declared inside the loop, fresh per item (as C# does: a lambda captures each item), and
    /// <c>break</c>, <c>continue</c> and <c>return</c> in the body mean what they meant. The header is written on the
    /// lines of the original header and the closing braces on the body's last line, so every line of the body keeps its
    /// number (the twin's single <c>#line</c> maps them back to the user's file).
    /// </summary>
    private StatementSyntax RewriteGreenForEach(
        CommonForEachStatementSyntax original, CommonForEachStatementSyntax visited, ExpressionSyntax collection, string variable, StatementSyntax body)
    {
        string enumerator = "__enumerator" + (++_enumeratorCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string collectionText = collection.ToString();
        // Line breaks of the header outside the collection (`foreach (var x\n in c)`) are kept, at the end of the header.
        var header = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(original.ForEachKeyword.SpanStart, original.CloseParenToken.SpanStart);
        int missingLines = CountLines(original.SyntaxTree.GetText(_cancellationToken).ToString(header)) - CountLines(collectionText);
        var text = new System.Text.StringBuilder()
            .Append("{ var ").Append(enumerator).Append(" = (").Append(collectionText).Append(").GetEnumerator(); ")
            .Append("try { while (await ").Append(enumerator).Append(".MoveNext(").Append(TypeNames.Marker).Append(")) { ")
            .Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, variable, enumerator))
            .Append('\n', missingLines > 0 ? missingLines : 0)
            .Append(visited.CloseParenToken.TrailingTrivia.ToFullString())
            .Append(body.WithoutTrailingTrivia().ToFullString())
            .Append(" } } finally { ((global::System.IDisposable)").Append(enumerator).Append(")?.Dispose(); } }")
            .Append(body.GetTrailingTrivia().ToFullString());
        return ParseStatement(text.ToString()).WithLeadingTrivia(visited.GetLeadingTrivia());
    }

    private static int CountLines(string text)
    {
        int lines = 0;
        foreach (char c in text)
        {
            if (c == '\n')
                lines++;
        }
        return lines;
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitObjectCreationExpression(ObjectCreationExpressionSyntax node) =>
        RewriteCreation(node, (BaseObjectCreationExpressionSyntax)base.VisitObjectCreationExpression(node)!);

    /// <inheritdoc />
    public override SyntaxNode? VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node) =>
        RewriteCreation(node, (BaseObjectCreationExpressionSyntax)base.VisitImplicitObjectCreationExpression(node)!);

    /// <inheritdoc />
    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) =>
        IsRewrittenGreenLambda(node) ? base.VisitParenthesizedLambdaExpression(node) : node;

    /// <inheritdoc />
    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) =>
        IsRewrittenGreenLambda(node) ? base.VisitSimpleLambdaExpression(node) : node;

    /// <inheritdoc />
    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) =>
        IsRewrittenGreenLambda(node) ? base.VisitAnonymousMethodExpression(node) : node;

    /// <inheritdoc />
    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => node;

    /// <inheritdoc />
    public override SyntaxNode? VisitLockStatement(LockStatementSyntax node) =>
        node.WithExpression((ExpressionSyntax)Visit(node.Expression));

    /// <inheritdoc />
    public override SyntaxNode? VisitCatchFilterClause(CatchFilterClauseSyntax node) => node;

    /// <inheritdoc />
    public override SyntaxNode? VisitUnsafeStatement(UnsafeStatementSyntax node) => node;

    /// <inheritdoc />
    public override SyntaxNode? VisitFixedStatement(FixedStatementSyntax node) => node;

    /// <inheritdoc />
    public override SyntaxNode? VisitQueryBody(QueryBodySyntax node) => node;

    /// <inheritdoc />
    public override SyntaxTrivia VisitTrivia(SyntaxTrivia trivia)
    {
        // The generated file disables warnings once, for good: a copied `#pragma warning restore` would turn them
        // back on and report the user's warnings a second time. A region may open outside the body and close in it.
        // Keep the line, drop the directive.
        if (trivia.IsKind(SyntaxKind.PragmaWarningDirectiveTrivia)
            || trivia.IsKind(SyntaxKind.RegionDirectiveTrivia)
            || trivia.IsKind(SyntaxKind.EndRegionDirectiveTrivia))
        {
            return EndOfLine("\n");
        }
        return base.VisitTrivia(trivia);
    }

    /// <summary>The suspension point <paramref name="node"/> (a call, an object creation or a <c>foreach</c>) is, if it can be rewritten where it stands.</summary>
    private SuspensionPoint? FindRewritable(SyntaxNode node)
    {
        if (_rewritable.TryGetValue(node, out var cached))
            return cached;
        var point = RewritableSuspensionPoints.Find(node, _semanticModel, _liveness, _cancellationToken, _root);
        _rewritable[node] = point;
        return point;
    }

    private bool IsRewrittenGreenLambda(AnonymousFunctionExpressionSyntax function) =>
        function.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
        && SuspensionBarriers.IsGreenLambda(function, _semanticModel, _cancellationToken)
        && FindRewritable(invocation) is not null;

    /// <summary>
    /// The callee of a call (or a method group) of the <c>[Greenlet]</c> method <paramref name="method"/>, renamed to
    /// its twin: <c>M</c> → <c>M__GreenTwin</c>, <c>x.M&lt;T&gt;</c> → <c>x.M__GreenTwin&lt;T&gt;</c>, <c>?.M</c> → <c>?.M__GreenTwin</c>.
    /// </summary>
    private static ExpressionSyntax WithTwinName(ExpressionSyntax callee, IMethodSymbol method)
    {
        SimpleNameSyntax Rename(SimpleNameSyntax name) =>
            name.WithIdentifier(Identifier(name.Identifier.LeadingTrivia, TwinNames.Twin(method.Name), name.Identifier.TrailingTrivia));
        return callee switch
        {
            SimpleNameSyntax name => Rename(name),
            MemberAccessExpressionSyntax access => access.WithName(Rename(access.Name)),
            MemberBindingExpressionSyntax binding => binding.WithName(Rename(binding.Name)),
            ParenthesizedExpressionSyntax parenthesized => parenthesized.WithExpression(WithTwinName(parenthesized.Expression, method)),
            _ => callee,
        };
    }

    /// <summary><c>M(a)</c> → <c>M(default(GreenSuspend), a)</c> (after the receiver for a static-form extension call).</summary>
    private static InvocationExpressionSyntax InsertMarker(InvocationExpressionSyntax call, int index) =>
        call.WithArgumentList(InsertArgument(call.ArgumentList, index, Argument(s_marker)));

    private static ArgumentListSyntax InsertArgument(ArgumentListSyntax list, int index, ArgumentSyntax argument)
    {
        var nodes = list.Arguments.ToList();
        var separators = list.Arguments.GetSeparators().ToList();
        if (index > nodes.Count)
            index = nodes.Count;
        if (nodes.Count == 0)
        {
            nodes.Add(argument);
        }
        else if (index == 0)
        {
            nodes.Insert(0, argument);
            separators.Insert(0, Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space));
        }
        else
        {
            nodes.Insert(index, argument.WithLeadingTrivia(Space));
            separators.Insert(index - 1, Token(SyntaxKind.CommaToken));
        }
        return list.WithArguments(SeparatedList(nodes, separators));
    }

    /// <summary>
    /// <c>Thread.Sleep(ms)</c> → <c>TimePatches.Sleep(default(GreenSuspend), ms)</c>;
    /// <c>socket.Receive(b)</c> → <c>SocketPatches.Receive(socket, default(GreenSuspend), b)</c>.
    /// </summary>
    private static InvocationExpressionSyntax CallPatch(InvocationExpressionSyntax visited, SuspensionPoint point)
    {
        var callee = StaticCallee(point.Replacement!);
        var arguments = InsertArgument(visited.ArgumentList, 0, Argument(s_marker));
        if (!point.Target.IsStatic)
            arguments = InsertArgument(arguments, 0, Argument(Receiver(visited)));
        return InvocationExpression(callee, arguments);
    }

    /// <summary>
    /// <c>socket.Receive(b, 0, n, f, out e)</c> → <c>(await SocketOutPatches.Receive(socket, default(GreenSuspend), b, 0, n, f)).Unpack(out e)</c>:
    /// the <c>out</c> arguments move to <c>Unpack</c> (in parameter order, unnamed, as <c>Unpack</c>'s names are its own);
    /// a <c>ref x</c> argument is passed in as <c>x</c> and handed to <c>Unpack</c> as <c>ref x</c>.
    /// </summary>
    private static ExpressionSyntax CallUnpackedPatch(InvocationExpressionSyntax original, InvocationExpressionSyntax visited, SuspensionPoint point)
    {
        var target = point.Target;
        var passedIn = new List<ArgumentSyntax>();
        var passedInSeparators = new List<SyntaxToken>();
        var writtenBack = new List<(int Ordinal, ArgumentSyntax Argument)>();
        var arguments = visited.ArgumentList.Arguments;
        for (int i = 0; i < arguments.Count; i++)
        {
            var parameter = SuspensionPoints.MapArgumentToParameter(original.ArgumentList.Arguments[i], target);
            var argument = arguments[i];
            if (parameter?.RefKind is RefKind.Out)
            {
                // The argument leaves this list with the separator before it; line breaks go with it to Unpack, so
                // the body keeps its line structure (and #line keeps mapping the lines after it).
                var dropped = i > 0 ? arguments.GetSeparator(i - 1).TrailingTrivia : default;
                var lineBreaks = dropped.AddRange(argument.GetLeadingTrivia());
                writtenBack.Add((parameter.Ordinal, argument.WithNameColon(null).WithoutTrivia()
                    .WithLeadingTrivia(lineBreaks.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) ? lineBreaks : default)));
                continue;
            }
            if (parameter?.RefKind is RefKind.Ref)
            {
                writtenBack.Add((parameter.Ordinal, argument.WithNameColon(null).WithoutTrivia()));
                argument = argument.WithRefKindKeyword(default).WithExpression(argument.Expression.WithLeadingTrivia(argument.RefKindKeyword.LeadingTrivia));
            }
            if (passedIn.Count > 0)
                passedInSeparators.Add(arguments.GetSeparator(i - 1));
            passedIn.Add(argument);
        }
        var call = CallPatch(visited.WithArgumentList(visited.ArgumentList.WithArguments(SeparatedList(passedIn, passedInSeparators))), point);
        var unpackArguments = writtenBack.OrderBy(a => a.Ordinal).Select(a => a.Argument).ToList();
        return InvocationExpression(
            MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                ParenthesizedExpression(AwaitExpression(Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space), call)),
                IdentifierName(MonkeyPatchTable.UnpackName)),
            ArgumentList(SeparatedList(unpackArguments, unpackArguments.Skip(1).Select(_ => Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space)))));
    }

    /// <summary>
    /// <c>socket.Receive(span, f)</c> → <c>SocketSpanPatches.Receive(await SocketSpanPatches.ReceiveReady(socket, default(GreenSuspend)), span, f)</c>:
    /// the receiver is evaluated first, as in the original call, and the arguments only after the wait, so they are
    /// never held across it.
    /// </summary>
    private static ExpressionSyntax CallTwoPhasePatch(InvocationExpressionSyntax visited, SuspensionPoint point)
    {
        // The readiness phase is the point's replacement, called as a plain patch with none of the arguments.
        var readyCall = CallPatch(visited.WithArgumentList(ArgumentList()), point);
        var token = Argument(AwaitExpression(Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space), readyCall));
        return InvocationExpression(StaticCallee(point.Patch!.Completion!), InsertArgument(visited.ArgumentList, 0, token));
    }

    /// <summary><c>new TcpClient(h, p)</c> (or <c>new(h, p)</c>) → <c>await TcpClientConstructionPatches.Create(default(GreenSuspend), h, p)</c>.</summary>
    private SyntaxNode RewriteCreation(BaseObjectCreationExpressionSyntax original, BaseObjectCreationExpressionSyntax visited)
    {
        if (FindRewritable(original) is not { Patch: { Shape: PatchShape.Constructor } patch })
            return visited;
        WroteInferredTypes = true;
        var call = InvocationExpression(StaticCallee(patch.Awaited), InsertArgument(visited.ArgumentList!, 0, Argument(s_marker)));
        return Await(call.WithTriviaFrom(visited), original);
    }

    /// <summary>A static method by its fully qualified name: <c>global::NS.Patches.Receive</c>.</summary>
    private static ExpressionSyntax StaticCallee(IMethodSymbol method) =>
        ParseExpression(TypeNames.Format(method.ContainingType) + "." + method.Name);

    /// <summary>The receiver of an instance call, as written (<c>this</c> when the call has none).</summary>
    private static ExpressionSyntax Receiver(InvocationExpressionSyntax call) =>
        call.Expression is MemberAccessExpressionSyntax access ? access.Expression.WithoutLeadingTrivia() : ThisExpression();

    /// <summary><c>Task.Delay(d).Wait()</c> → <c>Green.Sleep(default(GreenSuspend), d)</c>.</summary>
    private static InvocationExpressionSyntax CallGreenSleep(InvocationExpressionSyntax visited)
    {
        var receiver = ((MemberAccessExpressionSyntax)visited.Expression).Expression;
        while (receiver is ParenthesizedExpressionSyntax parenthesized)
            receiver = parenthesized.Expression;
        var delay = ((InvocationExpressionSyntax)receiver).ArgumentList.Arguments[0].Expression;
        var arguments = ArgumentList(SeparatedList(
            new[] { Argument(s_marker), Argument(delay.WithLeadingTrivia(Space)) }));
        return InvocationExpression(ParseExpression("global::GreenRuntime.Green.Sleep"), arguments);
    }

    /// <summary>
    /// Turns the function arguments of a function-taking call into twins: lambdas become <c>async</c> (their bodies
    /// were rewritten while visiting), <c>[Greenlet]</c> method groups become lambdas that call the twin.
    /// </summary>
    private InvocationExpressionSyntax WithTwinArguments(InvocationExpressionSyntax original, InvocationExpressionSyntax visited, SuspensionPoint point)
    {
        var target = GreenletSymbols.Definition(point.Target);
        var arguments = visited.ArgumentList.Arguments;
        for (int i = 0; i < original.ArgumentList.Arguments.Count; i++)
        {
            var argument = original.ArgumentList.Arguments[i];
            if (!SuspensionPoints.IsTwinArgument(argument, target, point.Replacement!))
                continue;
            var expression = arguments[i].Expression;
            ExpressionSyntax twin = expression is AnonymousFunctionExpressionSyntax function
                ? PassThroughTwinCall(argument.Expression, function) ?? MakeAsync(function)
                : MethodGroupToTwinLambda(argument.Expression, expression);
            arguments = arguments.Replace(arguments[i], arguments[i].WithExpression(twin.WithTriviaFrom(expression)));
        }
        return visited.WithArgumentList(visited.ArgumentList.WithArguments(arguments));
    }

    /// <summary>
    /// <c>() =&gt; M(a)</c> with <c>[Greenlet]</c> M → <c>() =&gt; M(default(GreenSuspend), a)</c>: the twin already
    /// is the green function, so there is no need for an <c>async</c> lambda that only awaits it.
    /// </summary>
    private ExpressionSyntax? PassThroughTwinCall(ExpressionSyntax original, AnonymousFunctionExpressionSyntax visited)
    {
        if (original is not AnonymousFunctionExpressionSyntax { ExpressionBody: InvocationExpressionSyntax call }
            || FindRewritable(call) is not { Kind: SuspensionKind.GreenletCall }
            || visited.ExpressionBody is not AwaitExpressionSyntax awaited)
        {
            return null;
        }
        var body = awaited.Expression.WithTriviaFrom(awaited);
        return visited switch
        {
            ParenthesizedLambdaExpressionSyntax lambda => lambda.WithExpressionBody(body),
            SimpleLambdaExpressionSyntax lambda => lambda.WithExpressionBody(body),
            _ => null,
        };
    }

    private static ExpressionSyntax MakeAsync(AnonymousFunctionExpressionSyntax function)
    {
        var asyncKeyword = Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(Space);
        var leading = function.GetLeadingTrivia();
        var stripped = function.WithoutLeadingTrivia();
        AnonymousFunctionExpressionSyntax result = stripped switch
        {
            ParenthesizedLambdaExpressionSyntax lambda => lambda.WithModifiers(lambda.Modifiers.Insert(0, asyncKeyword)),
            SimpleLambdaExpressionSyntax lambda => lambda.WithModifiers(lambda.Modifiers.Insert(0, asyncKeyword)),
            AnonymousMethodExpressionSyntax method => method.WithModifiers(method.Modifiers.Insert(0, asyncKeyword)),
            _ => stripped,
        };
        return result.WithLeadingTrivia(leading);
    }

    /// <summary>
    /// <c>M</c> → <c>static (__a1) => M(default(GreenSuspend), __a1)</c>; not static when the group has a receiver
    /// (an instance method, or an extension method called on a value).
    /// </summary>
    private ExpressionSyntax MethodGroupToTwinLambda(ExpressionSyntax original, ExpressionSyntax visited)
    {
        var symbolInfo = _semanticModel.GetSymbolInfo(original, _cancellationToken);
        var method = (IMethodSymbol)(symbolInfo.Symbol ?? symbolInfo.CandidateSymbols[0]);
        var names = Enumerable.Range(1, method.Parameters.Length).Select(i => "__a" + i).ToList();
        var arguments = new List<string>(names);
        arguments.Insert(GreenletSymbols.MarkerIndex(method), TypeNames.Marker);
        bool isStatic = method.IsStatic && method.ReducedFrom is null;
        var callee = WithTwinName(visited.WithoutTrivia(), method);
        var text = $"{(isStatic ? "static " : string.Empty)}({string.Join(", ", names)}) => {callee.ToFullString()}({string.Join(", ", arguments)})";
        return ParseExpression(text);
    }

    /// <summary><c>call</c> → <c>await call</c>, parenthesised unless the await stands alone (a statement, a body, an argument, ...).</summary>
    private static ExpressionSyntax Await(ExpressionSyntax call, ExpressionSyntax original)
    {
        ExpressionSyntax awaited = AwaitExpression(Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space), call.WithoutTrivia());
        bool standsAlone = original.Parent switch
        {
            ExpressionStatementSyntax or ArrowExpressionClauseSyntax or AnonymousFunctionExpressionSyntax
                or EqualsValueClauseSyntax or ReturnStatementSyntax or ArgumentSyntax or InterpolationSyntax
                or ParenthesizedExpressionSyntax => true,
            AssignmentExpressionSyntax assignment => assignment.Right == original,
            _ => false,
        };
        if (!standsAlone)
            awaited = ParenthesizedExpression(awaited);
        return awaited.WithLeadingTrivia(call.GetLeadingTrivia()).WithTrailingTrivia(call.GetTrailingTrivia());
    }
}
