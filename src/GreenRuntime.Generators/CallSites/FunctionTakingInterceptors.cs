using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GreenRuntime.CompilerServices;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Emit;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static GreenRuntime.Generators.CallSites.InterceptorSyntax;

namespace GreenRuntime.Generators.CallSites;

/// <summary>
/// Interceptors for a function-taking GreenRuntime API called from ordinary code with <c>[Greenlet]</c> method groups
/// (<c>Green.Spawn(M, a)</c>, <c>Green.SpawnLater(d, obj.M, a)</c>, <c>Green.WithTimeout(t, M, v)</c>) or with lambdas
/// that <see cref="GreenLambdas"/> makes green (<c>Green.Spawn(() =&gt; { Thread.Sleep(300); })</c>): they call the
/// API's marker overload with a lambda that calls the twin or the lambda's green function, so the greenlet runs
/// resumable code.
/// </summary>
internal static class FunctionTakingInterceptors
{
    /// <summary>The interceptor for a call of the API <paramref name="target"/>, or null when the call is left alone.</summary>
    /// <param name="greenLambdas">Receives the green functions of the call's lambdas, when given (the generator writes them).</param>
    public static Interceptor? Build(
        InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CancellationToken cancellationToken,
        List<TwinModel>? greenLambdas = null)
    {
        var compilation = semanticModel.Compilation;
        if (target.ReducedFrom is not null
            || GreenletSymbols.FindMatchingMarkerOverload(target) is not { } markerDefinition
            || ConstructLike(markerDefinition, target) is not { } marker
            || semanticModel.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return null;
        }
        var types = target.Parameters.Select(p => p.Type).Append(target.ContainingType).Concat(target.TypeArguments);
        if (!types.All(t => InterceptorVisibility.CanName(t, compilation, allowTypeParameters: false)))
            return null;

        var parameters = new List<string>();
        var locals = new List<string>();
        // The marker overload takes the original's parameters, with the marker inserted first.
        var arguments = new List<string> { TypeNames.Marker };
        // A green function that uses 'this' is called on the delegate's target, which must be the containing type's
        // instance: a lambda that captures only 'this' compiles to an instance method of that type.
        var targetChecks = new List<string>();
        bool anyTwin = false;
        if (!target.IsStatic)
            parameters.Add(ThisParameter(target, Type(target.ContainingType)));
        for (int i = 0; i < target.Parameters.Length; i++)
        {
            var parameter = target.Parameters[i];
            string name = TypeNames.EscapeIdentifier(parameter.Name);
            parameters.Add($"{Type(parameter.Type)} {name}");
            var markerParameter = marker.Parameters[i + 1];
            if (!GreenletSymbols.IsTwinDelegateParameter(markerParameter))
            {
                arguments.Add(name);
                continue;
            }
            // Every function argument must become a twin: a delegate variable, or a lambda that cannot be made green,
            // leaves the call alone.
            var argument = operation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter));
            var twinDelegate = (INamedTypeSymbol)markerParameter.Type;
            string? lambda = MethodGroup(argument?.Value) is { } reference
                ? TwinLambda(reference, twinDelegate, name, locals, compilation, cancellationToken)
                : AnonymousFunction(argument?.Value) is { } function
                    ? GreenFunctionLambda(function, twinDelegate, name, targetChecks, semanticModel, cancellationToken, greenLambdas)
                    : null;
            if (lambda is null)
                return null;
            arguments.Add(lambda);
            anyTwin = true;
        }
        if (!anyTwin || Result(target, marker) is not { } wrap)
            return null;

        string receiver = target.IsStatic ? Type(target.ContainingType) : Receiver;
        string callee = $"{receiver}.{TypeNames.EscapeIdentifier(target.Name)}{TypeArgumentList(target)}";
        string call = string.Format(wrap, $"{callee}({string.Join(", ", arguments)})");
        if (targetChecks.Count > 0)
        {
            // Should the target ever be something else, the plain delegate runs, as it would without the interceptor.
            var plain = target.Parameters.Select(p => TypeNames.EscapeIdentifier(p.Name));
            call = $"{string.Join(" && ", targetChecks)} ? {call} : {callee}({string.Join(", ", plain)})";
        }
        return new Interceptor(
            Name: target.Name,
            TypeParameters: string.Empty,
            Parameters: string.Join(", ", parameters),
            ReturnType: ReturnType(target),
            Constraints: EquatableArray<string>.Empty,
            Locals: locals.ToEquatableArray(),
            Expression: call);
    }

    /// <summary>The lambda or anonymous method an argument converts to a delegate, if it is one.</summary>
    private static AnonymousFunctionExpressionSyntax? AnonymousFunction(IOperation? value)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        return value is IDelegateCreationOperation { Target: IAnonymousFunctionOperation { Syntax: AnonymousFunctionExpressionSyntax function } }
            ? function
            : null;
    }

    /// <summary>
    /// A lambda of the marker overload's twin delegate type that calls the green function of <paramref name="function"/>:
    /// <c>static (T1 __a0) =&gt; global::NS.C.__GreenLambda_Main_1a2b3c4d(__a0)</c>; for a function that uses <c>this</c>,
    /// called on the delegate's target (checked in <paramref name="targetChecks"/>). Null when the lambda cannot be made green.
    /// </summary>
    private static string? GreenFunctionLambda(
        AnonymousFunctionExpressionSyntax function, INamedTypeSymbol twinDelegate, string delegateParameter, List<string> targetChecks,
        SemanticModel semanticModel, CancellationToken cancellationToken, List<TwinModel>? greenLambdas)
    {
        if (GreenLambdas.Plan(function, semanticModel, cancellationToken) is not { Blocker: null } plan
            || twinDelegate.DelegateInvokeMethod is not { } invoke
            || invoke.Parameters.Length != plan.Function.Parameters.Length
            || !IsGreenTaskOf(invoke.ReturnType, plan.Function.ReturnsVoid ? null : plan.Function.ReturnType)
            || !invoke.Parameters.All(p => InterceptorVisibility.CanName(p.Type, semanticModel.Compilation, allowTypeParameters: false)))
        {
            return null;
        }
        greenLambdas?.Add(GreenLambdaFunctions.Build(plan, semanticModel, cancellationToken));

        string host = GreenLambdaFunctions.HostType(plan);
        string callee = $"{host}.{GreenLambdaFunctions.FunctionName(plan)}";
        if (plan.UsesThis)
        {
            string target = $"__target{targetChecks.Count}";
            targetChecks.Add($"{delegateParameter}.Target is {host} {target}");
            callee = $"{target}.{GreenLambdaFunctions.FunctionName(plan)}";
        }
        var parameters = invoke.Parameters.Select((p, i) => $"{Type(p.Type)} __a{i}");
        var arguments = invoke.Parameters.Select((_, i) => $"__a{i}");
        return $"{(plan.UsesThis ? string.Empty : "static ")}({string.Join(", ", parameters)}) => {callee}({string.Join(", ", arguments)})";
    }

    /// <summary>The marker overload, constructed with the call's type arguments (in the call's containing type).</summary>
    private static IMethodSymbol? ConstructLike(IMethodSymbol markerDefinition, IMethodSymbol target)
    {
        var marker = target.ContainingType.GetMembers(markerDefinition.Name)
            .OfType<IMethodSymbol>()
            .FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, markerDefinition));
        if (marker is null || marker.TypeParameters.Length != target.TypeArguments.Length)
            return null;
        return marker.IsGenericMethod ? marker.Construct([.. target.TypeArguments]) : marker;
    }

    /// <summary>
    /// How the marker overload's result becomes the API's: as is when they are the same type (<c>Spawn</c> returns
    /// the new greenlet), through <c>GreenCall.Run</c> when the marker overload returns the twin of the result
    /// (<c>WithTimeout</c>: ordinary code runs the hub until it finishes).
    /// </summary>
    private static string? Result(IMethodSymbol target, IMethodSymbol marker)
    {
        if (SymbolEqualityComparer.Default.Equals(target.ReturnType, marker.ReturnType))
            return "{0}";
        return IsGreenTaskOf(marker.ReturnType, target.ReturnsVoid ? null : target.ReturnType) ? $"{GreenCall}.Run({{0}})" : null;
    }

    /// <summary>The method group an argument converts to a delegate, if it is one.</summary>
    private static IMethodReferenceOperation? MethodGroup(IOperation? value)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        return value is IDelegateCreationOperation { Target: IMethodReferenceOperation reference } ? reference : null;
    }

    /// <summary>
    /// A lambda of the marker overload's twin delegate type that calls the twin of the method group
    /// <paramref name="reference"/>: <c>static (T1 __a0) =&gt; global::NS.C.M(default(GreenSuspend), __a0)</c>. An
    /// instance (or extension) method group is bound to its receiver, which the lambda takes from <c>fn.Target</c>.
    /// </summary>
    private static string? TwinLambda(
        IMethodReferenceOperation reference, INamedTypeSymbol twinDelegate, string delegateParameter, List<string> locals,
        Compilation compilation, CancellationToken cancellationToken)
    {
        var method = reference.Method;
        var definition = GreenletSymbols.Definition(method);
        if (!GreenletSymbols.HasGreenletAttribute(method)
            || GreenletSymbols.IsMarkerOverload(method)
            || !GreenletSymbols.CanHaveTwin(method, compilation, cancellationToken)
            || definition.ContainingType.IsExtension
            || !InterceptorVisibility.IsTwinReachable(definition, compilation)
            || twinDelegate.DelegateInvokeMethod is not { } invoke)
        {
            return null;
        }
        // base.M as a method group does not dispatch virtually; the twin call would.
        if (reference.Instance is IInstanceReferenceOperation && reference.Syntax is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax })
            return null;

        // An extension method group x.M is bound to x, like an instance method group to its receiver.
        bool boundExtension = method.IsExtensionMethod && (method.ReducedFrom is not null || reference.Instance is not null);
        var called = method.ReducedFrom is null ? method : method.GetConstructedReducedFrom();
        if (called is null || !IsGreenTaskOf(invoke.ReturnType, method.ReturnsVoid ? null : method.ReturnType))
            return null;
        var receiverType = boundExtension ? called.Parameters[0].Type : method.IsStatic ? null : called.ContainingType;
        // The lambda's parameters are the twin delegate's: the twin's, minus a bound extension receiver.
        if (called.Parameters.Length - (boundExtension ? 1 : 0) != invoke.Parameters.Length)
            return null;
        var types = invoke.Parameters.Select(p => p.Type).Append(called.ContainingType).Concat(called.TypeArguments);
        if (receiverType is not null)
            types = types.Append(receiverType);
        if (!types.All(t => InterceptorVisibility.CanName(t, compilation, allowTypeParameters: false)))
            return null;

        string typeArguments = TypeArgumentList(called);
        var lambdaParameters = invoke.Parameters.Select((p, i) => $"{Type(p.Type)} __a{i}").ToList();
        var arguments = invoke.Parameters.Select((_, i) => $"__a{i}").ToList();
        string callee = $"{Type(called.ContainingType)}.{TwinNames.Twin(called.Name)}{typeArguments}";
        if (receiverType is not null)
        {
            // The delegate holds the receiver; the twin is called on the same object.
            string target = $"__target{locals.Count}";
            locals.Add($"var {target} = ({Type(receiverType)}){delegateParameter}.Target!;");
            if (boundExtension)
                arguments.Insert(0, target);
            else
                callee = $"{target}.{TwinNames.Twin(called.Name)}{typeArguments}";
        }
        arguments.Insert(GreenletSymbols.MarkerIndex(called), TypeNames.Marker);
        return $"{(receiverType is null ? "static " : string.Empty)}({string.Join(", ", lambdaParameters)}) => {callee}({string.Join(", ", arguments)})";
    }

    /// <summary>
    /// Whether <paramref name="type"/> is GreenRuntime's <c>GreenTask</c> (for a null <paramref name="result"/>) or
    /// <c>GreenTask&lt;result&gt;</c>.
    /// </summary>
    private static bool IsGreenTaskOf(ITypeSymbol type, ITypeSymbol? result)
    {
        if (type is not INamedTypeSymbol named
            || !GreenletSymbols.IsNamed(named, "GreenTask", "GreenRuntime", "CompilerServices")
            || !GreenletSymbols.IsGreenRuntimeAssembly(named))
        {
            return false;
        }
        return result is null
            ? named.TypeArguments.IsEmpty
            : named.TypeArguments.Length == 1 && SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], result);
    }
}
