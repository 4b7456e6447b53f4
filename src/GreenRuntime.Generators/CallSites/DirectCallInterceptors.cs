using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GreenRuntime.CompilerServices;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Emit;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static GreenRuntime.Generators.CallSites.InterceptorSyntax;

namespace GreenRuntime.Generators.CallSites;

/// <summary>
/// Interceptors for a direct call <c>M(args)</c> of a <c>[Greenlet]</c> method from ordinary code:
/// <c>GreenCall.Run(M(default(GreenSuspend), args))</c> runs this thread's hub until the twin returns; as the whole
/// body of a lambda passed to a function-taking GreenRuntime API, <c>GreenCall.RunAsLambdaBody</c> lets the greenlet
/// being started take the twin over instead.
/// </summary>
internal static class DirectCallInterceptors
{
    /// <summary>The interceptor for a call of <paramref name="target"/>, or null when the call is left alone.</summary>
    public static Interceptor? Build(
        InvocationExpressionSyntax invocation, IMethodSymbol target, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (GreenletSymbols.IsMarkerOverload(target) || !GreenletSymbols.CanHaveTwin(target, semanticModel.Compilation, cancellationToken))
            return null;
        // base.M() does not dispatch virtually; the interceptor's call of the twin would.
        if (CallSiteSyntax.IsBaseAccess(invocation.Expression))
            return null;
        var definition = GreenletSymbols.Definition(target);
        var compilation = semanticModel.Compilation;
        if (definition.ContainingType.IsExtension || (definition.IsStatic && (definition.IsVirtual || definition.IsAbstract)))
            return null;
        // A twin in a private or protected nested type is called through the forwarder its top-level type declares.
        TwinForwarder? forwarder = null;
        if (!InterceptorVisibility.IsTwinReachable(definition, compilation)
            && (forwarder = TwinForwarders.For(definition, compilation)) is null)
        {
            return null;
        }

        // An extension method called as x.M(a) is intercepted in its static form M(x, a).
        var called = target.ReducedFrom is null ? target : target.GetConstructedReducedFrom();
        if (called is null)
            return null;
        string run = IsGreenLambdaBody(invocation, semanticModel, cancellationToken) ? "RunAsLambdaBody" : "Run";
        if (forwarder is not null)
            return Write(definition, typeArguments: string.Empty, typeParameters: [], run, callee: $"{Type(forwarder.Host)}.{forwarder.Name}");
        return BuildConcrete(called, run, compilation) ?? BuildGeneric(definition, run, compilation);
    }

    /// <summary>
    /// Whether <paramref name="invocation"/> is the whole body of a lambda passed where a GreenRuntime function-taking
    /// API (<c>Green.Spawn</c>, <c>Green.WithTimeout</c>, ...) would take a twin.
    /// </summary>
    private static bool IsGreenLambdaBody(
        InvocationExpressionSyntax invocation, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (!CallSiteSyntax.IsWholeLambdaBody(invocation, out var argument, out var call)
            || semanticModel.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol api
            || !GreenletSymbols.IsFunctionTakingApi(api))
        {
            return false;
        }
        var marker = GreenletSymbols.FindMatchingMarkerOverload(api);
        return marker is not null && SuspensionPoints.IsTwinArgument(argument, GreenletSymbols.Definition(api), marker);
    }

    /// <summary>A non-generic interceptor over the call's own types, when all of them can be named.</summary>
    private static Interceptor? BuildConcrete(IMethodSymbol called, string run, Compilation compilation)
    {
        if (!InterceptorVisibility.CanNameSignature(called, compilation, allowTypeParameters: false, [called.ContainingType, .. called.TypeArguments]))
            return null;
        return Write(called, TypeArgumentList(called), typeParameters: [], run);
    }

    /// <summary>
    /// A generic interceptor over the method's definition, for calls whose types mention type parameters of the
    /// caller (or cannot be named). The compiler passes it the type arguments of the containing types and of the
    /// method, outermost first; it declares them under the definition's own names.
    /// </summary>
    private static Interceptor? BuildGeneric(IMethodSymbol definition, string run, Compilation compilation)
    {
        var typeParameters = new List<ITypeParameterSymbol>();
        for (var type = definition.ContainingType; type is not null; type = type.ContainingType)
            typeParameters.InsertRange(0, type.TypeParameters);
        typeParameters.AddRange(definition.TypeParameters);
        if (typeParameters.Count == 0 || typeParameters.Select(p => p.Name).Distinct().Count() != typeParameters.Count)
            return null;

        if (!InterceptorVisibility.CanNameSignature(definition, compilation, allowTypeParameters: true, definition.ContainingType))
            return null;
        return Write(definition, TypeNames.FormatTypeParameterList(definition.TypeParameters), typeParameters, run);
    }

    /// <param name="callee">What to call instead of the twin by its name (a forwarder to it), if anything.</param>
    private static Interceptor Write(
        IMethodSymbol method, string typeArguments, IReadOnlyList<ITypeParameterSymbol> typeParameters, string run, string? callee = null)
    {
        var names = ParameterNames(method, typeParameters);
        var parameters = new List<string>();
        var arguments = new List<string>();
        if (method.IsStatic)
        {
            callee ??= $"{Type(method.ContainingType)}.{TwinNames.Twin(method.Name)}{typeArguments}";
        }
        else
        {
            parameters.Add(ThisParameter(method, Type(method.ContainingType)));
            callee = $"{Receiver}.{TwinNames.Twin(method.Name)}{typeArguments}";
        }

        int markerIndex = GreenletSymbols.MarkerIndex(method);
        for (int i = 0; i <= method.Parameters.Length; i++)
        {
            if (i == markerIndex)
                arguments.Add(TypeNames.Marker);
            if (i == method.Parameters.Length)
                break;
            var parameter = method.Parameters[i];
            // The signature must match the intercepted method's; defaults and params are the call site's business.
            bool isThis = i == 0 && method.IsExtensionMethod;
            parameters.Add($"{(isThis ? "this " : string.Empty)}{Type(parameter.Type)} {names[i]}");
            arguments.Add(names[i]);
        }

        return new Interceptor(
            Name: method.Name,
            TypeParameters: TypeNames.FormatTypeParameterList(typeParameters),
            Parameters: string.Join(", ", parameters),
            ReturnType: ReturnType(method),
            Constraints: typeParameters.Select(TypeNames.FormatConstraints).Where(c => c.Length > 0).ToEquatableArray(),
            Locals: EquatableArray<string>.Empty,
            Expression: $"{GreenCall}.{run}({callee}({string.Join(", ", arguments)}))");
    }

    /// <summary>The user's parameter names, unless one would clash with a type parameter the interceptor declares.</summary>
    private static string[] ParameterNames(IMethodSymbol method, IReadOnlyList<ITypeParameterSymbol> typeParameters)
    {
        bool clash = method.Parameters.Any(p => typeParameters.Any(t => t.Name == p.Name));
        return method.Parameters.Select((p, i) => clash ? $"__arg{i}" : TypeNames.EscapeIdentifier(p.Name)).ToArray();
    }
}
