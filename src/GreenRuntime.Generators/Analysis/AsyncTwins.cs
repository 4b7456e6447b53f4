using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Tier 2 of the monkey patches, the async-twin bridge (docs/internals.md, "Suspension points"): the one place that
/// decides which calls inside a <c>[Greenlet]</c> body become an await of their <c>XxxAsync</c> twin, and which waits
/// for a task become an await of the task. <see cref="SuspensionPoints"/> asks it after the native patches (tier 1)
/// found nothing, so the generator, the analyzer and the patch configuration see the same answer.
/// </summary>
/// <remarks>
/// A twin is found from symbols, with no list of methods: a method named <c>M + "Async"</c> of the type the call goes
/// through (or its base types) that is accessible at the call, as static as <c>M</c>, with <c>M</c>'s type arguments,
/// exactly <c>M</c>'s parameters (types, no <c>ref</c>/<c>out</c>/<c>params</c>) and optionally one trailing
/// <see cref="CancellationToken"/>, returning <c>Task</c>/<c>ValueTask</c> for a <c>void</c> <c>M</c> and
/// <c>Task&lt;R&gt;</c>/<c>ValueTask&lt;R&gt;</c> for an <c>R</c> one. The overload with the token wins: the bridge
/// cancels it when the greenlet is killed or timed out while it waits. A span-taking method has no twin by this rule
/// (the twin takes a <c>Memory</c>), so it stays as it is.
/// </remarks>
internal static class AsyncTwins
{
    /// <summary>The runtime class every tier-2 rewrite calls.</summary>
    public const string BridgeType = "global::GreenRuntime.Monkey.AsyncTwinPatches";

    private const string BridgeMetadataName = "GreenRuntime.Monkey.AsyncTwinPatches";

    private static readonly ConditionalWeakTable<Compilation, object> s_hasBridge = new();

    /// <summary>
    /// Twins that do their waiting synchronously, measured on Linux (docs/internals.md, "Some twins wait synchronously"):
    /// the call runs on another thread instead (<see cref="AsyncTwinBridge.Offload"/>). Keyed by the type the call goes
    /// through and, for a receiver that is a static property, that property.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><c>System.IO.File</c>: every <c>XxxAsync</c> opens the file before it returns its task — opening a FIFO
    /// blocks there until a writer comes, a file on a slow mount blocks for the mount.</item>
    /// <item><c>System.Console.In</c>, <c>.Out</c>, <c>.Error</c>: synchronised wrappers whose <c>XxxAsync</c> call the
    /// synchronous method and return a completed task (a <c>ReadLineAsync</c> on a pipe returns once a line came).</item>
    /// </list>
    /// Measured and truly asynchronous (no entry): <c>Stream</c>/<c>StreamReader</c>/<c>StreamWriter</c> over sockets,
    /// pipes and <c>FileStream</c>, <c>Dns.GetHostAddressesAsync</c>, <c>Process.WaitForExitAsync</c>,
    /// <c>HttpClient.SendAsync</c>, <c>SemaphoreSlim.WaitAsync</c>.
    /// </remarks>
    private static readonly (string Namespace, string Type, string? ReceiverProperty)[] s_notTrulyAsync =
    [
        ("System.IO", "File", null),
        ("System", "Console", "In"),
        ("System", "Console", "Out"),
        ("System", "Console", "Error"),
    ];

    /// <summary>
    /// Classifies a call that no tier-1 patch replaces: a wait for a task (<c>t.Wait()</c>,
    /// <c>t.GetAwaiter().GetResult()</c>, with or without <c>ConfigureAwait</c>), or a call that has an async twin;
    /// <see langword="null"/> otherwise.
    /// </summary>
    public static SuspensionPoint? Classify(
        InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (!HasBridge(semanticModel.Compilation))
            return null;
        if (ClassifyTaskWait(invocation, target, semanticModel, cancellationToken) is { } wait)
            return wait;
        if (!CanHaveTwin(target))
            return null;

        var receiver = (invocation.Expression as MemberAccessExpressionSyntax)?.Expression;
        ITypeSymbol throughType = target.ContainingType;
        if (!target.IsStatic && receiver is not null && receiver is not BaseExpressionSyntax
            && semanticModel.GetTypeInfo(receiver, cancellationToken).Type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Interface or TypeKind.Struct } receiverType)
        {
            throughType = receiverType;
        }
        var twin = FindTwin(target, throughType, semanticModel, invocation.SpanStart, out var token);
        if (twin is null)
            return null;

        var group = GroupOf(throughType, receiver, semanticModel, cancellationToken);
        var bridge = IsNotTrulyAsync(throughType, receiver, semanticModel, cancellationToken)
            ? AsyncTwinBridge.Offload
            : token is not null ? AsyncTwinBridge.AwaitCancellable : AsyncTwinBridge.Await;
        // The offloaded call carries its arguments to the other thread in one tuple (and the receiver with them).
        if (bridge == AsyncTwinBridge.Offload && invocation.ArgumentList.Arguments.Count + (target.IsStatic ? 0 : 1) > 7)
            return null;
        return new SuspensionPoint(target, new AsyncTwin(bridge, twin, token?.Name, task: null), group);
    }

    /// <summary>
    /// Classifies <c>t.Result</c> of a <c>Task&lt;T&gt;</c> (→ <see cref="AsyncTwinBridge.Result"/>) or a
    /// <c>ValueTask&lt;T&gt;</c> (→ <see cref="AsyncTwinBridge.Await"/>, as it throws the operation's own exception);
    /// <see langword="null"/> for anything else.
    /// </summary>
    public static SuspensionPoint? ClassifyResult(MemberAccessExpressionSyntax access, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (access.Name.Identifier.ValueText != "Result" || !access.IsKind(SyntaxKind.SimpleMemberAccessExpression)
            || access.Parent is InvocationExpressionSyntax call && call.Expression == access
            || IsInNameOf(access) || !HasBridge(semanticModel.Compilation))
        {
            return null;
        }
        if (semanticModel.GetSymbolInfo(access, cancellationToken).Symbol is not IPropertySymbol { IsStatic: false, GetMethod: { } getter } property
            || SuspensionBarriers.LeadingBinding(access.Expression) is not null)
        {
            return null;
        }
        var type = property.ContainingType?.OriginalDefinition;
        AsyncTwinBridge bridge;
        if (IsTasksType(type, "Task") && type!.Arity == 1)
            bridge = AsyncTwinBridge.Result;
        else if (IsTasksType(type, "ValueTask") && type!.Arity == 1)
            bridge = AsyncTwinBridge.Await;
        else
            return null;
        return new SuspensionPoint(getter, new AsyncTwin(bridge, twin: null, tokenParameter: null, access.Expression), PatchGroup.Tasks);
    }

    /// <summary><c>t.Wait()</c> and <c>t.GetAwaiter().GetResult()</c> (also after <c>t.ConfigureAwait(c)</c>) for a <c>Task</c> or <c>ValueTask</c> <c>t</c>.</summary>
    private static SuspensionPoint? ClassifyTaskWait(
        InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (target.IsStatic || !target.Parameters.IsEmpty || invocation.Expression is not MemberAccessExpressionSyntax { Expression: var receiver })
            return null;
        if (target.Name == "Wait" && IsTasksType(target.ContainingType?.OriginalDefinition, "Task"))
            return new SuspensionPoint(target, new AsyncTwin(AsyncTwinBridge.Wait, twin: null, tokenParameter: null, receiver), PatchGroup.Tasks);
        if (target.Name != "GetResult" || !IsTaskAwaiter(target.ContainingType))
            return null;
        // The awaiter must be the task's own, fetched right there: t.GetAwaiter().GetResult().
        if (Unparenthesize(receiver) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter, ArgumentList.Arguments.Count: 0 })
            return null;
        var task = getAwaiter.Expression;
        // t.ConfigureAwait(c): the bridge marshals to the hub whatever c says, so the call goes (c must have no effect).
        if (Unparenthesize(task) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure } configureCall
            && configureCall.ArgumentList.Arguments.Count == 1
            && semanticModel.GetSymbolInfo(configureCall, cancellationToken).Symbol is IMethodSymbol configureAwait
            && IsTaskType(configureAwait.ContainingType?.OriginalDefinition))
        {
            if (!semanticModel.GetConstantValue(configureCall.ArgumentList.Arguments[0].Expression, cancellationToken).HasValue)
                return null;
            task = configure.Expression;
        }
        if (!IsTaskType(semanticModel.GetTypeInfo(task, cancellationToken).Type?.OriginalDefinition))
            return null;
        return new SuspensionPoint(target, new AsyncTwin(AsyncTwinBridge.Await, twin: null, tokenParameter: null, task), PatchGroup.Tasks);
    }

    /// <summary>
    /// The async twin of <paramref name="target"/> called through <paramref name="throughType"/> (the receiver's static
    /// type, or the declaring type of a static method), or <see langword="null"/>; <paramref name="token"/> is its
    /// trailing <see cref="CancellationToken"/> parameter, if it has one (such a twin is preferred).
    /// </summary>
    public static IMethodSymbol? FindTwin(IMethodSymbol target, ITypeSymbol throughType, SemanticModel semanticModel, int position, out IParameterSymbol? token)
    {
        token = null;
        string name = target.Name + "Async";
        IMethodSymbol? withoutToken = null;
        var overridden = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var type in SearchedTypes(throughType))
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is not IMethodSymbol candidate || overridden.Contains(candidate.OriginalDefinition))
                    continue;
                for (var overrides = candidate.OverriddenMethod; overrides is not null; overrides = overrides.OverriddenMethod)
                    overridden.Add(overrides.OriginalDefinition);
                if (candidate.IsStatic != target.IsStatic || candidate.Arity != target.Arity || candidate.IsExtensionMethod
                    || !semanticModel.IsAccessible(position, candidate) || IsObsolete(candidate))
                {
                    continue;
                }
                var twin = candidate.IsGenericMethod ? candidate.Construct(target.TypeArguments, target.TypeArgumentNullableAnnotations) : candidate;
                if (!ReturnsTaskOf(twin, target))
                    continue;
                var tokenParameter = MatchParameters(twin, target, out bool matches);
                if (!matches)
                    continue;
                if (tokenParameter is not null)
                {
                    token = tokenParameter;
                    return twin;
                }
                withoutToken ??= twin;
            }
        }
        return withoutToken;
    }

    /// <summary>The point's group: what the patch configuration switches off by name.</summary>
    private static PatchGroup GroupOf(ITypeSymbol throughType, ExpressionSyntax? receiver, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (ConsoleReceiver(receiver, semanticModel, cancellationToken) is not null || GreenletSymbols.IsNamed(throughType, "Console", "System"))
            return PatchGroup.Console;
        if (GreenletSymbols.IsNamed(throughType, "File", "System", "IO") || GreenletSymbols.IsNamed(throughType, "Directory", "System", "IO")
            || DerivesFrom(throughType, "FileStream", "System", "IO"))
        {
            return PatchGroup.Files;
        }
        if (DerivesFrom(throughType, "Stream", "System", "IO") || DerivesFrom(throughType, "TextReader", "System", "IO")
            || DerivesFrom(throughType, "TextWriter", "System", "IO"))
        {
            return PatchGroup.Streams;
        }
        if (GreenletSymbols.IsNamed(throughType, "Dns", "System", "Net"))
            return PatchGroup.Dns;
        string ns = throughType.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns == "System.Net.Http")
            return PatchGroup.Http;
        if (ns == "System.Net.Sockets")
            return PatchGroup.Sockets;
        if (DerivesFrom(throughType, "Process", "System", "Diagnostics"))
            return PatchGroup.Processes;
        if (ns == "System.Threading")
            return PatchGroup.Synchronization;
        return PatchGroup.None;
    }

    private static bool IsNotTrulyAsync(ITypeSymbol throughType, ExpressionSyntax? receiver, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var property = ConsoleReceiver(receiver, semanticModel, cancellationToken);
        foreach (var (ns, type, receiverProperty) in s_notTrulyAsync)
        {
            if (receiverProperty is null
                ? GreenletSymbols.IsNamed(throughType, type, ns.Split('.'))
                : property is not null && property.Name == receiverProperty && GreenletSymbols.IsNamed(property.ContainingType, type, ns.Split('.')))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The static property the receiver reads (<c>Console.In</c>), or null.</summary>
    private static IPropertySymbol? ConsoleReceiver(ExpressionSyntax? receiver, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        receiver is not null && semanticModel.GetSymbolInfo(receiver, cancellationToken).Symbol is IPropertySymbol { IsStatic: true } property
        && GreenletSymbols.IsNamed(property.ContainingType, "Console", "System")
            ? property
            : null;

    /// <summary>What a call must be to have a twin: no <c>ref</c>/<c>out</c>/<c>in</c> or <c>params</c> parameters, no ref return, not an extension call.</summary>
    private static bool CanHaveTwin(IMethodSymbol target)
    {
        if (target.ReturnsByRef || target.ReturnsByRefReadonly || target.ReducedFrom is not null || target.IsExtensionMethod
            || target.MethodKind != MethodKind.Ordinary || target.ContainingType is null)
        {
            return false;
        }
        foreach (var parameter in target.Parameters)
        {
            if (parameter.RefKind != RefKind.None || parameter.IsParams)
                return false;
        }
        return true;
    }

    /// <summary>
    /// Whether <paramref name="twin"/> takes exactly <paramref name="target"/>'s parameters and at most one more, a
    /// trailing <see cref="CancellationToken"/> (returned).
    /// </summary>
    private static IParameterSymbol? MatchParameters(IMethodSymbol twin, IMethodSymbol target, out bool matches)
    {
        matches = false;
        int count = target.Parameters.Length;
        if (twin.Parameters.Length != count && twin.Parameters.Length != count + 1)
            return null;
        for (int i = 0; i < count; i++)
        {
            var mine = twin.Parameters[i];
            var theirs = target.Parameters[i];
            if (mine.RefKind != RefKind.None || mine.IsParams || !SymbolEqualityComparer.Default.Equals(mine.Type, theirs.Type))
                return null;
        }
        if (twin.Parameters.Length == count)
        {
            matches = true;
            return null;
        }
        var token = twin.Parameters[count];
        if (token.RefKind != RefKind.None || !GreenletSymbols.IsNamed(token.Type, "CancellationToken", "System", "Threading"))
            return null;
        matches = true;
        return token;
    }

    /// <summary><c>Task</c>/<c>ValueTask</c> for a <c>void</c> target, <c>Task&lt;R&gt;</c>/<c>ValueTask&lt;R&gt;</c> for an <c>R</c> one.</summary>
    private static bool ReturnsTaskOf(IMethodSymbol twin, IMethodSymbol target)
    {
        if (twin.ReturnType is not INamedTypeSymbol returned || !IsTaskType(returned.OriginalDefinition))
            return false;
        if (target.ReturnsVoid)
            return returned.Arity == 0;
        return returned.Arity == 1 && SymbolEqualityComparer.Default.Equals(returned.TypeArguments[0], target.ReturnType);
    }

    private static IEnumerable<ITypeSymbol> SearchedTypes(ITypeSymbol throughType)
    {
        for (var type = throughType; type is not null; type = type.BaseType)
            yield return type;
        if (throughType.TypeKind == TypeKind.Interface)
        {
            foreach (var inherited in throughType.AllInterfaces)
                yield return inherited;
        }
    }

    private static bool DerivesFrom(ITypeSymbol type, string name, params string[] namespaceParts)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (GreenletSymbols.IsNamed(current, name, namespaceParts))
                return true;
        }
        return false;
    }

    /// <summary><c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c> (an original definition).</summary>
    private static bool IsTaskType(ITypeSymbol? type) => IsTasksType(type, "Task") || IsTasksType(type, "ValueTask");

    private static bool IsTasksType(ITypeSymbol? type, string name) => GreenletSymbols.IsNamed(type, name, "System", "Threading", "Tasks");

    /// <summary>The awaiter of a task or value task, configured or not (<c>TaskAwaiter</c>, <c>ConfiguredValueTaskAwaitable&lt;T&gt;.ConfiguredValueTaskAwaiter</c>, ...).</summary>
    private static bool IsTaskAwaiter(INamedTypeSymbol? type)
    {
        if (type is null)
            return false;
        var outer = type.ContainingType?.OriginalDefinition;
        return outer is null
            ? GreenletSymbols.IsNamed(type.OriginalDefinition, "TaskAwaiter", "System", "Runtime", "CompilerServices")
              || GreenletSymbols.IsNamed(type.OriginalDefinition, "ValueTaskAwaiter", "System", "Runtime", "CompilerServices")
            : GreenletSymbols.IsNamed(outer, "ConfiguredTaskAwaitable", "System", "Runtime", "CompilerServices")
              || GreenletSymbols.IsNamed(outer, "ConfiguredValueTaskAwaitable", "System", "Runtime", "CompilerServices");
    }

    private static bool IsObsolete(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "ObsoleteAttribute")
                return true;
        }
        return false;
    }

    private static bool IsInNameOf(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null and not StatementSyntax; current = current.Parent)
        {
            if (current is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
                return true;
        }
        return false;
    }

    private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
            expression = parenthesized.Expression;
        return expression;
    }

    /// <summary>Whether the compilation references a GreenRuntime that has the bridge (an older one has no tier 2).</summary>
    private static bool HasBridge(Compilation compilation) =>
        s_hasBridge.GetValue(compilation, static c => c.GetTypeByMetadataName(BridgeMetadataName) is { } type && GreenletSymbols.IsGreenRuntimeAssembly(type)
            ? s_yes
            : s_no) == s_yes;

    private static readonly object s_yes = new();
    private static readonly object s_no = new();
}
