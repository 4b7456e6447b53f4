using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace GreenRuntime.Generators.Twins;

/// <summary>
/// Writes the tier-2 rewrites (<see cref="AsyncTwinBridge"/>) for <see cref="TwinBodyRewriter"/>: the call, the wait or
/// the offload that a twin awaits in place of a blocking call. Only the callee and what goes around the user's
/// arguments change; the arguments keep their text and trivia, so the body keeps its lines.
/// </summary>
internal static class AsyncTwinCalls
{
    /// <summary>
    /// The awaitable for the tier-2 point <paramref name="original"/> (a call, or a <c>t.Result</c>) whose visited form
    /// (its own suspension points rewritten) is <paramref name="visited"/>: the caller awaits it.
    /// </summary>
    public static ExpressionSyntax Rewrite(ExpressionSyntax original, ExpressionSyntax visited, SuspensionPoint point, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var twin = point.AsyncTwin!;
        if (twin.Task is { } task)
        {
            // t.Wait(), t.Result, t.GetAwaiter().GetResult(): the task, as visited, goes to the bridge.
            var visitedTask = (ExpressionSyntax)Corresponding(original, visited, task);
            string method = twin.Bridge switch
            {
                AsyncTwinBridge.Wait => "Wait",
                AsyncTwinBridge.Result => "Result",
                _ => "Await",
            };
            return Bridge(method, visitedTask.WithoutTrivia());
        }
        var call = (InvocationExpressionSyntax)visited;
        if (twin.Bridge == AsyncTwinBridge.Offload)
            return Offload((InvocationExpressionSyntax)original, call, point, semanticModel, cancellationToken);

        var arguments = call.ArgumentList;
        if (twin.Bridge == AsyncTwinBridge.AwaitCancellable)
        {
            // By name: the call may name its arguments or leave optional ones out. Last in the list, it is evaluated last.
            var token = Argument(ParseExpression($"{AsyncTwins.BridgeType}.Token({TypeNames.Marker})"))
                .WithNameColon(NameColon(IdentifierName(TypeNames.EscapeIdentifier(twin.TokenParameter!))).WithTrailingTrivia(Space));
            arguments = AppendArgument(arguments, token);
        }
        var twinCall = InvocationExpression(TwinCallee(call.Expression, point.Target, twin.Twin!), arguments);
        return Bridge(twin.Bridge == AsyncTwinBridge.AwaitCancellable ? "AwaitCancellable" : "Await", twinCall.WithoutTrivia());
    }

    /// <summary><c>AsyncTwinPatches.Method(default(GreenSuspend), operand)</c>.</summary>
    private static InvocationExpressionSyntax Bridge(string method, ExpressionSyntax operand) =>
        InvocationExpression(
            ParseExpression($"{AsyncTwins.BridgeType}.{method}"),
            ArgumentList(SeparatedList(
                new[] { Argument(ParseExpression(TypeNames.Marker)), Argument(operand.WithLeadingTrivia(Space)) })));

    /// <summary>
    /// The callee renamed to the twin: <c>reader.ReadLine</c> → <c>reader.ReadLineAsync</c>, <c>Read</c> → <c>ReadAsync</c>;
    /// a static method by its twin's full name (<c>global::System.Net.Dns.GetHostAddressesAsync</c>), which binds
    /// wherever the call stands (a <c>using static</c>, an alias).
    /// </summary>
    private static ExpressionSyntax TwinCallee(ExpressionSyntax callee, IMethodSymbol target, IMethodSymbol twin)
    {
        if (target.IsStatic)
        {
            string typeArguments = twin.IsGenericMethod ? "<" + string.Join(", ", twin.TypeArguments.Select(TypeNames.Format)) + ">" : string.Empty;
            return ParseExpression(TypeNames.Format(twin.ContainingType) + "." + twin.Name + typeArguments).WithTriviaFrom(callee);
        }
        SimpleNameSyntax Rename(SimpleNameSyntax name) =>
            name.WithIdentifier(Identifier(name.Identifier.LeadingTrivia, twin.Name, name.Identifier.TrailingTrivia));
        return callee switch
        {
            SimpleNameSyntax name => Rename(name),
            MemberAccessExpressionSyntax access => access.WithName(Rename(access.Name)),
            ParenthesizedExpressionSyntax parenthesized => parenthesized.WithExpression(TwinCallee(parenthesized.Expression, target, twin)),
            _ => callee,
        };
    }

    /// <summary>
    /// <c>File.ReadAllText(path)</c> → <c>AsyncTwinPatches.Offload&lt;string, string&gt;(M, path, static (string __state) => global::System.IO.File.ReadAllText(__state))</c>;
    /// <c>Console.In.ReadLine()</c> → <c>AsyncTwinPatches.Offload&lt;TextReader, string?&gt;(M, Console.In, static (TextReader __state) => __state.ReadLine())</c>.
    /// The receiver and the arguments are evaluated on the hub, in the order the call evaluates them; only the call
    /// runs on the other thread. Several travel in a <c>ValueTuple</c>.
    /// </summary>
    private static ExpressionSyntax Offload(
        InvocationExpressionSyntax original, InvocationExpressionSyntax visited, SuspensionPoint point, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var target = point.Target;
        var types = new List<string>();
        var passed = new List<string>();
        // The state is the call's own argument list (its parentheses and line breaks kept), names dropped, with the receiver first.
        var stateArguments = visited.ArgumentList;
        for (int i = 0; i < stateArguments.Arguments.Count; i++)
        {
            var parameter = SuspensionPoints.MapArgumentToParameter(original.ArgumentList.Arguments[i], target)!;
            types.Add(TypeNames.Format(parameter.Type));
            var argument = stateArguments.Arguments[i];
            passed.Add(argument.NameColon is { } name ? name.Name.Identifier.Text + ": " : string.Empty);
            if (argument.NameColon is not null)
                stateArguments = stateArguments.WithArguments(stateArguments.Arguments.Replace(argument, argument.WithNameColon(null).WithLeadingTrivia(argument.GetLeadingTrivia())));
        }
        if (!target.IsStatic)
        {
            var receiver = ((MemberAccessExpressionSyntax)original.Expression).Expression;
            types.Insert(0, TypeNames.Format(semanticModel.GetTypeInfo(receiver, cancellationToken).Type!));
            stateArguments = InsertFirst(stateArguments, Argument(((MemberAccessExpressionSyntax)visited.Expression).Expression.WithoutTrivia()));
        }

        string stateType;
        ExpressionSyntax state;
        var elements = new List<string>();
        if (types.Count == 0)
        {
            stateType = "byte";
            state = ParseExpression("0");
        }
        else if (types.Count == 1)
        {
            stateType = types[0];
            state = ParenthesizedExpression(stateArguments.OpenParenToken, stateArguments.Arguments[0].Expression, stateArguments.CloseParenToken);
            elements.Add("__state");
        }
        else
        {
            stateType = $"global::System.ValueTuple<{string.Join(", ", types)}>";
            state = ObjectCreationExpression(ParseTypeName(stateType).WithLeadingTrivia(Space)).WithArgumentList(stateArguments);
            for (int i = 1; i <= types.Count; i++)
                elements.Add("__state.Item" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        int first = target.IsStatic ? 0 : 1;
        string typeArguments = target.IsGenericMethod ? "<" + string.Join(", ", target.TypeArguments.Select(TypeNames.Format)) + ">" : string.Empty;
        string callee = (target.IsStatic ? TypeNames.Format(target.ContainingType) : elements[0]) + "." + target.Name + typeArguments;
        string callArguments = string.Join(", ", passed.Select((name, i) => name + elements[first + i]));
        string lambda = $"static ({stateType} __state) => {callee}({callArguments})";
        string generic = target.ReturnsVoid ? stateType : stateType + ", " + TypeNames.Format(target.ReturnType);
        return InvocationExpression(
            ParseExpression($"{AsyncTwins.BridgeType}.Offload<{generic}>"),
            ArgumentList(SeparatedList(new[]
            {
                Argument(ParseExpression(TypeNames.Marker)),
                Argument(state.WithLeadingTrivia(Space)),
                Argument(ParseExpression(lambda).WithLeadingTrivia(Space)),
            })));
    }

    private static ArgumentListSyntax InsertFirst(ArgumentListSyntax list, ArgumentSyntax argument)
    {
        var nodes = list.Arguments.ToList();
        var separators = list.Arguments.GetSeparators().ToList();
        if (nodes.Count > 0)
            separators.Insert(0, Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space));
        nodes.Insert(0, argument);
        return list.WithArguments(SeparatedList(nodes, separators));
    }

    private static ArgumentListSyntax AppendArgument(ArgumentListSyntax list, ArgumentSyntax argument)
    {
        if (list.Arguments.Count == 0)
            return list.WithArguments(SingletonSeparatedList(argument));
        // The token goes right after the last argument, before any line break in front of the ')'.
        var last = list.Arguments.Last();
        var nodes = list.Arguments.Replace(last, last.WithoutTrailingTrivia()).ToList();
        nodes.Add(argument.WithTrailingTrivia(last.GetTrailingTrivia()));
        var separators = list.Arguments.GetSeparators().ToList();
        separators.Add(Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space));
        return list.WithArguments(SeparatedList(nodes, separators));
    }

    /// <summary>
    /// The node of <paramref name="visitedRoot"/> at <paramref name="originalNode"/>'s place under <paramref name="originalRoot"/>:
    /// the rewrite keeps the shape of everything above a task it waits for.
    /// </summary>
    private static SyntaxNode Corresponding(SyntaxNode originalRoot, SyntaxNode visitedRoot, SyntaxNode originalNode)
    {
        var path = new Stack<int>();
        for (var node = originalNode; node != originalRoot; node = node.Parent!)
        {
            int index = 0;
            foreach (var child in node.Parent!.ChildNodes())
            {
                if (child == node)
                    break;
                index++;
            }
            path.Push(index);
        }
        var visited = visitedRoot;
        while (path.Count > 0)
            visited = visited.ChildNodes().ElementAt(path.Pop());
        return visited;
    }
}
