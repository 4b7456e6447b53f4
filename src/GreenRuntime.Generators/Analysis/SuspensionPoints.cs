using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Decides which calls (and <c>foreach</c> loops) inside a <c>[Greenlet]</c> body are suspension points. The generator rewrites them,
/// the analyzer reports the ones that cannot be rewritten where they stand (see <see cref="SuspensionBarriers"/>).
/// </summary>
internal static class SuspensionPoints
{
    /// <summary>
    /// Classifies <paramref name="invocation"/>; <see langword="null"/> if it is an ordinary call. Where the call
    /// stands (inside a <c>lock</c>, a lambda, ...) is not considered here: ask <see cref="SuspensionBarriers"/>.
    /// </summary>
    public static SuspensionPoint? Classify(
        InvocationExpressionSyntax invocation, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        AsConfigured(ClassifyIgnoringConfiguration(invocation, semanticModel, cancellationToken), semanticModel);

    /// <summary>
    /// The patch configuration's gate, the one place it applies: a point whose tier or group the assembly switched off
    /// (<see cref="PatchConfiguration"/>) is an ordinary call, left as written.
    /// </summary>
    internal static SuspensionPoint? AsConfigured(SuspensionPoint? point, SemanticModel semanticModel) =>
        point is null || point.Switches == PatchSwitches.None || PatchConfiguration.Of(semanticModel.Compilation).Allows(point) ? point : null;

    /// <summary>
    /// What <see cref="ClassifyNode"/> would find with every tier and group on: the analyzer compares the two to report
    /// the calls the configuration leaves blocking (GRN0032).
    /// </summary>
    public static SuspensionPoint? ClassifyIgnoringConfiguration(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken) => node switch
    {
        InvocationExpressionSyntax invocation => ClassifyIgnoringConfiguration(invocation, semanticModel, cancellationToken),
        BaseObjectCreationExpressionSyntax creation => ClassifyIgnoringConfiguration(creation, semanticModel, cancellationToken),
        CommonForEachStatementSyntax forEach => Classify(forEach, semanticModel, cancellationToken),
        MemberAccessExpressionSyntax access => AsyncTwins.ClassifyResult(access, semanticModel, cancellationToken),
        _ => null,
    };

    private static SuspensionPoint? ClassifyIgnoringConfiguration(
        InvocationExpressionSyntax invocation, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol target)
            return null;
        // A call the user already wrote against a marker overload is not ours to touch.
        if (GreenletSymbols.IsMarkerOverload(target))
            return null;

        if (GreenletSymbols.HasGreenletAttribute(target))
        {
            if (!GreenletSymbols.CanHaveTwin(target, semanticModel.Compilation, cancellationToken))
                return null;
            // A method of this compilation gets its twin from the generator, which nobody else sees yet.
            bool inSource = GreenletSymbols.Definition(target).Locations.Any(l => l.IsInSource);
            var twin = inSource ? null : GreenletSymbols.FindMatchingMarkerOverload(target);
            return new SuspensionPoint(SuspensionKind.GreenletCall, target, twin, isAwaited: true);
        }

        if (GreenletSymbols.IsGreenRuntimeAssembly(target))
            return ClassifyRuntimeCall(invocation, target, semanticModel, cancellationToken);

        if (IsDelayWait(invocation, target, semanticModel, cancellationToken))
            return new SuspensionPoint(SuspensionKind.DelayWait, target, replacement: null, isAwaited: true, PatchSwitches.Time);

        var patch = MonkeyPatchTable.For(semanticModel.Compilation).FindPatch(target);
        if (patch is null)
            return AsyncTwins.Classify(invocation, target, semanticModel, cancellationToken);
        if (patch.Shape == PatchShape.Constructor || IsMutexWait(invocation, target, semanticModel, cancellationToken))
            return null;
        // An unpacked `ref x` is read before the await (by value) and written after it (by Unpack): `x` must name
        // the same variable both times, with no side effect evaluated twice.
        if (patch.Shape == PatchShape.Unpack
            && invocation.ArgumentList.Arguments.Any(a => MapArgumentToParameter(a, target)?.RefKind == RefKind.Ref && !IsStableReference(a.Expression)))
        {
            return null;
        }
        return new SuspensionPoint(target, patch);
    }

    /// <summary>
    /// <c>mutex.WaitOne()</c> on a receiver typed <c>Mutex</c>: a mutex belongs to the thread that acquires it, so the
    /// offload patch would only wait on the greenlet's own thread; left as written, the analyzer reports it (GRN0021).
    /// </summary>
    private static bool IsMutexWait(InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (target.IsStatic || !GreenletSymbols.IsNamed(target.ContainingType, "WaitHandle", "System", "Threading")
            || invocation.Expression is not MemberAccessExpressionSyntax { Expression: var receiver })
        {
            return false;
        }
        for (var type = semanticModel.GetTypeInfo(receiver, cancellationToken).Type; type is not null; type = type.BaseType)
        {
            if (GreenletSymbols.IsNamed(type, "Mutex", "System", "Threading"))
                return true;
        }
        return false;
    }

    /// <summary>A variable that can be named twice with the same meaning and no side effect: <c>x</c>, <c>this.x</c>, <c>a.b</c>, <c>a[i]</c>, <c>a[0]</c>.</summary>
    private static bool IsStableReference(ExpressionSyntax expression) => expression switch
    {
        ParenthesizedExpressionSyntax parenthesized => IsStableReference(parenthesized.Expression),
        IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsStableReference(access.Expression),
        ElementAccessExpressionSyntax element => IsStableReference(element.Expression)
            && element.ArgumentList.Arguments.All(a => a.Expression is IdentifierNameSyntax or LiteralExpressionSyntax),
        _ => false,
    };

    /// <summary>
    /// Classifies an object creation (<c>new T(a)</c> or a target-typed <c>new(a)</c>): a suspension point when a
    /// constructor patch replaces it (<c>new TcpClient(host, port)</c> connects); <see langword="null"/> otherwise.
    /// A creation with an object or collection initializer is left alone: the initializer would have to run after the wait.
    /// </summary>
    public static SuspensionPoint? Classify(
        BaseObjectCreationExpressionSyntax creation, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        AsConfigured(ClassifyIgnoringConfiguration(creation, semanticModel, cancellationToken), semanticModel);

    private static SuspensionPoint? ClassifyIgnoringConfiguration(
        BaseObjectCreationExpressionSyntax creation, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (creation.Initializer is not null || creation.ArgumentList is null)
            return null;
        if (semanticModel.GetSymbolInfo(creation, cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
            return null;
        return MonkeyPatchTable.For(semanticModel.Compilation).FindPatch(constructor) is { Shape: PatchShape.Constructor } patch
            ? new SuspensionPoint(constructor, patch)
            : null;
    }

    /// <summary>
    /// Classifies a <c>foreach</c>: a suspension point when its enumerator — the type the <c>GetEnumerator()</c> the loop
    /// binds to returns — is a GreenRuntime type whose <c>MoveNext()</c> has an awaitable marker overload
    /// <c>MoveNext(GreenSuspend)</c> (<c>GreenEnumerator&lt;T&gt;</c>, behind <c>GreenPool.IMap</c>, <c>Green.IWait</c>, ...).
    /// <c>await foreach</c> is not: it is asynchronous code already.
    /// </summary>
    public static SuspensionPoint? Classify(
        CommonForEachStatementSyntax forEach, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (!forEach.AwaitKeyword.IsKind(SyntaxKind.None))
            return null;
        var info = semanticModel.GetForEachStatementInfo(forEach);
        if (info.GetEnumeratorMethod is null || info.MoveNextMethod is not { } moveNext || info.CurrentProperty is null
            || !GreenletSymbols.IsGreenRuntimeAssembly(moveNext))
        {
            return null;
        }
        var marker = GreenletSymbols.FindMatchingMarkerOverload(moveNext);
        if (marker is null || !GreenletSymbols.ReturnsAwaitableOf(marker, moveNext))
            return null;
        return new SuspensionPoint(moveNext, marker, LoopName(forEach));
    }

    /// <summary>
    /// Classifies a member access: a suspension point when it reads <c>Result</c> of a <c>Task&lt;T&gt;</c> or
    /// <c>ValueTask&lt;T&gt;</c> (tier 2, <see cref="AsyncTwins.ClassifyResult"/>); <see langword="null"/> otherwise.
    /// </summary>
    public static SuspensionPoint? Classify(
        MemberAccessExpressionSyntax access, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        AsConfigured(AsyncTwins.ClassifyResult(access, semanticModel, cancellationToken), semanticModel);

    /// <summary>Classifies any node that can be a suspension point: a call, an object creation, a <c>foreach</c> or a <c>task.Result</c>.</summary>
    public static SuspensionPoint? ClassifyNode(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken) => node switch
    {
        InvocationExpressionSyntax invocation => Classify(invocation, semanticModel, cancellationToken),
        BaseObjectCreationExpressionSyntax creation => Classify(creation, semanticModel, cancellationToken),
        CommonForEachStatementSyntax forEach => Classify(forEach, semanticModel, cancellationToken),
        MemberAccessExpressionSyntax access => Classify(access, semanticModel, cancellationToken),
        _ => null,
    };

    /// <summary><c>foreach over items</c>: the loop as a message names it (its collection on one line, shortened).</summary>
    private static string LoopName(CommonForEachStatementSyntax forEach)
    {
        string collection = string.Join(" ", forEach.Expression.ToString().Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries));
        if (collection.Length > 60)
            collection = collection.Substring(0, 57) + "...";
        return "foreach over " + collection;
    }

    /// <summary>
    /// Whether <paramref name="argument"/> of the call <paramref name="point"/> is evaluated only after the point has
    /// suspended: every argument of a two-phase patch (the completion sees them after the readiness wait), and the
    /// <c>out</c>/<c>ref</c> arguments of an unpacked patch (they go to <c>Unpack</c>, after the await).
    /// </summary>
    public static bool IsEvaluatedAfterSuspending(ArgumentSyntax argument, SuspensionPoint point) =>
        point.Patch?.Shape switch
        {
            PatchShape.TwoPhase => true,
            PatchShape.Unpack => IsWrittenBack(argument, point.Target),
            _ => false,
        };

    /// <summary>Whether <paramref name="argument"/> binds to an <c>out</c> or <c>ref</c> parameter of <paramref name="target"/>.</summary>
    public static bool IsWrittenBack(ArgumentSyntax argument, IMethodSymbol target) =>
        MapArgumentToParameter(argument, target)?.RefKind is RefKind.Out or RefKind.Ref;

    /// <summary>
    /// Whether <paramref name="argument"/> of a function-taking GreenRuntime call is passed to a parameter
    /// whose marker-overload counterpart takes a twin (so a lambda there becomes a green lambda).
    /// </summary>
    public static bool IsTwinArgument(ArgumentSyntax argument, IMethodSymbol target, IMethodSymbol markerOverload)
    {
        var parameter = MapArgumentToParameter(argument, target);
        if (parameter is null)
            return false;
        foreach (var candidate in markerOverload.Parameters)
        {
            if (candidate.Name == parameter.Name)
                return GreenletSymbols.IsTwinDelegateParameter(candidate);
        }
        return false;
    }

    /// <summary>The parameter of <paramref name="target"/> that <paramref name="argument"/> binds to.</summary>
    public static IParameterSymbol? MapArgumentToParameter(ArgumentSyntax argument, IMethodSymbol target)
    {
        if (argument.NameColon is { } nameColon)
        {
            foreach (var parameter in target.Parameters)
            {
                if (parameter.Name == nameColon.Name.Identifier.ValueText)
                    return parameter;
            }
            return null;
        }
        if (argument.Parent is not ArgumentListSyntax list)
            return null;
        int index = list.Arguments.IndexOf(argument);
        if (index < 0)
            return null;
        if (index >= target.Parameters.Length)
            return target.Parameters.Length > 0 && target.Parameters[target.Parameters.Length - 1].IsParams
                ? target.Parameters[target.Parameters.Length - 1]
                : null;
        return target.Parameters[index];
    }

    /// <summary>
    /// Whether <paramref name="expression"/>, passed where a twin is expected, can become one: a lambda or anonymous
    /// method that is not already <c>async</c>, or a method group of a <c>[Greenlet]</c> method that has a twin.
    /// </summary>
    public static bool CanBecomeTwin(ExpressionSyntax expression, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (expression is AnonymousFunctionExpressionSyntax function)
        {
            // An explicit return type (`int () => 1`) would have to change as well; leave such lambdas alone.
            return function.AsyncKeyword.IsKind(SyntaxKind.None)
                && function is not ParenthesizedLambdaExpressionSyntax { ReturnType: not null };
        }
        var symbolInfo = semanticModel.GetSymbolInfo(expression, cancellationToken);
        var method = symbolInfo.Symbol as IMethodSymbol;
        if (method is null && symbolInfo.CandidateSymbols.Length == 1)
            method = symbolInfo.CandidateSymbols[0] as IMethodSymbol;
        return method is not null
            && expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax
            && GreenletSymbols.HasGreenletAttribute(method)
            && GreenletSymbols.CanHaveTwin(method, semanticModel.Compilation, cancellationToken);
    }

    private static SuspensionPoint? ClassifyRuntimeCall(
        InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var marker = GreenletSymbols.FindMatchingMarkerOverload(target);
        if (marker is null)
            return null;
        bool awaited = GreenletSymbols.ReturnsAwaitableOf(marker, target);

        if (GreenletSymbols.IsFunctionTakingApi(target))
        {
            // Every function argument must become a twin; a delegate held in a variable cannot, and then the
            // call stays what it is (for Spawn that is fine: the greenlet runs the plain delegate).
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (IsTwinArgument(argument, GreenletSymbols.Definition(target), marker)
                    && !CanBecomeTwin(argument.Expression, semanticModel, cancellationToken))
                {
                    return null;
                }
            }
            return new SuspensionPoint(SuspensionKind.RuntimeFunctionTaking, target, marker, awaited);
        }

        return awaited ? new SuspensionPoint(SuspensionKind.RuntimeBlocking, target, marker, isAwaited: true) : null;
    }

    private static bool IsDelayWait(
        InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (target.Name != "Wait" || !target.Parameters.IsEmpty || target.IsStatic
            || !GreenletSymbols.IsNamed(target.ContainingType, "Task", "System", "Threading", "Tasks"))
        {
            return false;
        }
        if (invocation.Expression is not MemberAccessExpressionSyntax { Expression: var receiver })
            return false;
        while (receiver is ParenthesizedExpressionSyntax parenthesized)
            receiver = parenthesized.Expression;
        if (receiver is not InvocationExpressionSyntax delayCall
            || semanticModel.GetSymbolInfo(delayCall, cancellationToken).Symbol is not IMethodSymbol delay)
        {
            return false;
        }
        return delay.Name == "Delay"
            && delay.IsStatic
            && GreenletSymbols.IsNamed(delay.ContainingType, "Task", "System", "Threading", "Tasks")
            && delay.Parameters.Length == 1
            && (delay.Parameters[0].Type.SpecialType == SpecialType.System_Int32
                || GreenletSymbols.IsNamed(delay.Parameters[0].Type, "TimeSpan", "System"));
    }
}
