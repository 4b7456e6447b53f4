using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using GreenRuntime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Facts about symbols that the generators and the analyzer share: which methods are <c>[Greenlet]</c>,
/// which belong to GreenRuntime, which have marker overloads, and whether a method can get a twin.
/// </summary>
/// <remarks>
/// Everything here is matched by name rather than through <see cref="Compilation.GetTypeByMetadataName"/>,
/// so it works the same for source and metadata symbols and needs no compilation at hand.
/// </remarks>
internal static class GreenletSymbols
{
    /// <summary>The metadata name of <c>[Greenlet]</c>.</summary>
    public const string GreenletAttributeMetadataName = "GreenRuntime.GreenletAttribute";

    /// <summary>The metadata name of the marker struct that selects a twin overload.</summary>
    public const string GreenSuspendMetadataName = "GreenRuntime.CompilerServices.GreenSuspend";

    /// <summary>The metadata name of <c>[Patches(typeof(T), "Name")]</c>.</summary>
    public const string PatchesAttributeMetadataName = "GreenRuntime.Monkey.PatchesAttribute";

    /// <summary>The simple name of the runtime assembly.</summary>
    public const string RuntimeAssemblyName = "GreenRuntime";

    /// <summary>The name of the marker parameter that twins take first.</summary>
    public const string MarkerParameterName = "__suspend";

    /// <summary>Whether <paramref name="method"/> (or the method it was reduced or constructed from) is <c>[Greenlet]</c>.</summary>
    public static bool HasGreenletAttribute(IMethodSymbol method)
    {
        var definition = Definition(method);
        foreach (var attribute in definition.GetAttributes())
        {
            if (IsNamed(attribute.AttributeClass, "GreenletAttribute", "GreenRuntime"))
                return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="symbol"/> is, or is declared in, the GreenRuntime assembly.</summary>
    public static bool IsGreenRuntimeAssembly(ISymbol? symbol)
    {
        var assembly = symbol as IAssemblySymbol ?? symbol?.ContainingAssembly;
        return assembly?.Name == RuntimeAssemblyName;
    }

    /// <summary>Whether <paramref name="type"/> is GreenRuntime's <c>GreenSuspend</c> marker.</summary>
    public static bool IsGreenSuspend(ITypeSymbol? type) =>
        IsNamed(type, "GreenSuspend", "GreenRuntime", "CompilerServices") && IsGreenRuntimeAssembly(type);

    /// <summary>
    /// The index the marker parameter takes in a twin or marker overload of <paramref name="method"/>:
    /// 0, or 1 after <c>this</c> for an extension method called in its static form.
    /// </summary>
    public static int MarkerIndex(IMethodSymbol method) =>
        method.ReducedFrom is null && method.IsExtensionMethod ? 1 : 0;

    /// <summary>Whether <paramref name="method"/> is itself a marker overload (takes <c>GreenSuspend</c> where a twin does).</summary>
    public static bool IsMarkerOverload(IMethodSymbol method)
    {
        var definition = Definition(method);
        int index = definition.IsExtensionMethod ? 1 : 0;
        return definition.Parameters.Length > index && IsGreenSuspend(definition.Parameters[index].Type);
    }

    /// <summary>
    /// The methods on <paramref name="target"/>'s containing type that take <c>GreenSuspend</c> as first parameter
    /// (after <c>this</c> for extension methods) and carry the family's name (<see cref="MarkerFamilyName"/>): the
    /// twins of a <c>[Greenlet]</c> method, or the marker overloads of a GreenRuntime API.
    /// </summary>
    public static ImmutableArray<IMethodSymbol> FindMarkerOverloads(IMethodSymbol target)
    {
        var definition = Definition(target);
        if (definition.ContainingType is not { } type)
            return ImmutableArray<IMethodSymbol>.Empty;
        var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
        foreach (var member in type.GetMembers(MarkerFamilyName(definition)))
        {
            if (member is IMethodSymbol candidate && IsMarkerOverload(candidate))
                builder.Add(candidate);
        }
        return builder.ToImmutable();
    }

    /// <summary>
    /// The name of <paramref name="method"/>'s marker overloads: its twin's (<see cref="TwinNames.Twin"/>) for a
    /// <c>[Greenlet]</c> method; the method's own for GreenRuntime's APIs, whose marker overloads are overloads.
    /// </summary>
    public static string MarkerFamilyName(IMethodSymbol method)
    {
        var definition = Definition(method);
        return HasGreenletAttribute(definition) ? TwinNames.Twin(definition.Name) : definition.Name;
    }

    /// <summary>
    /// The marker overload that corresponds to <paramref name="target"/>: same parameters (by name and ref kind)
    /// after the marker. GreenRuntime writes its marker overloads that way, and so does the generator for twins.
    /// </summary>
    public static IMethodSymbol? FindMatchingMarkerOverload(IMethodSymbol target)
    {
        var definition = Definition(target);
        if (IsMarkerOverload(definition))
            return null;
        int markerIndex = definition.IsExtensionMethod ? 1 : 0;
        foreach (var candidate in FindMarkerOverloads(definition))
        {
            if (candidate.IsStatic != definition.IsStatic
                || candidate.TypeParameters.Length != definition.TypeParameters.Length
                || candidate.Parameters.Length != definition.Parameters.Length + 1)
            {
                continue;
            }
            bool matches = true;
            for (int i = 0; i < definition.Parameters.Length && matches; i++)
            {
                var mine = definition.Parameters[i];
                var theirs = candidate.Parameters[i < markerIndex ? i : i + 1];
                matches = mine.Name == theirs.Name && mine.RefKind == theirs.RefKind;
            }
            if (matches)
                return candidate;
        }
        return null;
    }

    /// <summary>
    /// Whether <paramref name="type"/> can be awaited: it has an instance <c>GetAwaiter()</c> whose result has
    /// <c>IsCompleted</c> and <c>GetResult()</c>. (Extension <c>GetAwaiter</c>s are not considered.)
    /// </summary>
    public static bool IsAwaitable(ITypeSymbol? type) => GetAwaitResultType(type) is not null;

    /// <summary>
    /// What awaiting <paramref name="type"/> produces (the return type of its awaiter's <c>GetResult()</c>, which
    /// may be <c>void</c>), or <see langword="null"/> if it is not awaitable.
    /// </summary>
    public static ITypeSymbol? GetAwaitResultType(ITypeSymbol? type)
    {
        if (type is null or IErrorTypeSymbol || type.TypeKind == TypeKind.Dynamic)
            return null;
        var getAwaiter = FindMember<IMethodSymbol>(type, "GetAwaiter", m => !m.IsStatic && m.Parameters.IsEmpty && m.TypeParameters.IsEmpty);
        if (getAwaiter is null)
            return null;
        var awaiter = getAwaiter.ReturnType;
        if (FindMember<IPropertySymbol>(awaiter, "IsCompleted", p => p.Type.SpecialType == SpecialType.System_Boolean) is null)
            return null;
        return FindMember<IMethodSymbol>(awaiter, "GetResult", m => m.Parameters.IsEmpty)?.ReturnType;
    }

    /// <summary>
    /// Whether <paramref name="replacement"/> is the resumable form of <paramref name="original"/>: it returns an
    /// awaitable whose result is what <paramref name="original"/> returns (<c>void</c> → <c>GreenTask</c>,
    /// <c>bool Join()</c> → <c>JoinAwaitable</c> of <c>bool</c>). <c>Green.Spawn</c>'s marker overload returns a
    /// <c>Greenlet</c>, which is awaitable from async code, but as a value, not as the awaited form of one.
    /// </summary>
    public static bool ReturnsAwaitableOf(IMethodSymbol replacement, IMethodSymbol original)
    {
        var result = GetAwaitResultType(replacement.ReturnType);
        return result is not null && IsSameType(result, Definition(original).ReturnType);
    }

    /// <summary>
    /// Type equality across two methods of one family: type parameters of two different methods match by position.
    /// </summary>
    internal static bool IsSameType(ITypeSymbol left, ITypeSymbol right)
    {
        switch (left)
        {
            case ITypeParameterSymbol leftParameter when right is ITypeParameterSymbol rightParameter:
                return leftParameter.Ordinal == rightParameter.Ordinal && leftParameter.TypeParameterKind == rightParameter.TypeParameterKind;
            case IArrayTypeSymbol leftArray when right is IArrayTypeSymbol rightArray:
                return leftArray.Rank == rightArray.Rank && IsSameType(leftArray.ElementType, rightArray.ElementType);
            case INamedTypeSymbol { IsGenericType: true } leftNamed when right is INamedTypeSymbol { IsGenericType: true } rightNamed:
                if (!SymbolEqualityComparer.Default.Equals(leftNamed.OriginalDefinition, rightNamed.OriginalDefinition))
                    return false;
                for (int i = 0; i < leftNamed.TypeArguments.Length; i++)
                {
                    if (!IsSameType(leftNamed.TypeArguments[i], rightNamed.TypeArguments[i]))
                        return false;
                }
                return true;
            default:
                return SymbolEqualityComparer.Default.Equals(left, right);
        }
    }

    /// <summary>
    /// Whether <paramref name="method"/> is a GreenRuntime API that takes a function and has a marker overload
    /// taking the function's twin instead (a delegate returning an awaitable): <c>Green.Spawn</c>,
    /// <c>Green.SpawnLater</c>, <c>Green.WithTimeout</c>, pool <c>Spawn</c>/<c>Map</c>, ... Their lambda
    /// arguments become green lambdas. (<c>Green.Offload</c> takes a function too, but runs it on another
    /// thread: its marker overload takes a plain delegate, so it is a blocking API, not a function-taking one.)
    /// </summary>
    public static bool IsFunctionTakingApi(IMethodSymbol method)
    {
        if (!IsGreenRuntimeAssembly(method))
            return false;
        var marker = FindMatchingMarkerOverload(method);
        return marker is not null && marker.Parameters.Any(IsTwinDelegateParameter);
    }

    /// <summary>Whether <paramref name="parameter"/> takes a twin: a delegate whose invocation returns an awaitable.</summary>
    public static bool IsTwinDelegateParameter(IParameterSymbol parameter) =>
        parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke }
        && IsAwaitable(invoke.ReturnType);

    /// <summary>Whether <paramref name="method"/> can get a resumable twin (see <see cref="GetTwinBlockers"/>).</summary>
    public static bool CanHaveTwin(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken = default) =>
        GetTwinBlockers(method, compilation, cancellationToken) == TwinBlockers.None;

    /// <summary>
    /// Every reason why <paramref name="method"/> cannot get a resumable twin. For a method declared in source
    /// this is decided from its declaration (the twin itself is not visible to other generators); for a
    /// method from a referenced assembly, its twin must also exist there. <paramref name="compilation"/> is the one
    /// being compiled: whether an instance method of a mutable struct writes <c>this</c> is read from its body.
    /// </summary>
    public static TwinBlockers GetTwinBlockers(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken = default)
    {
        var definition = Definition(method);
        var blockers = TwinBlockers.None;

        if (definition.MethodKind != MethodKind.Ordinary)
            blockers |= TwinBlockers.UnsupportedKind;
        if (definition.IsAsync)
            blockers |= TwinBlockers.Async;
        if (definition.ReturnsByRef || definition.ReturnsByRefReadonly)
            blockers |= TwinBlockers.RefReturn;
        if (!CanBeTypeArgument(definition.ReturnType))
            blockers |= TwinBlockers.UnsupportedReturnType;
        // An instance method of a ref struct has a ref struct `this`, which an async method cannot have.
        if (!definition.IsStatic && definition.ContainingType is { IsRefLikeType: true })
            blockers |= TwinBlockers.RefStructParameter;
        else if (IsMutableStructInstanceMethod(definition) && definition.Locations.Any(l => l.IsInSource)
            && StructThisWrites.FindWrite(definition, compilation, cancellationToken) is not null)
        {
            // A twin would run on a copy of `this` and lose the writes; a method that only reads gets its twin.
            blockers |= TwinBlockers.MutableStructInstance;
        }
        foreach (var parameter in definition.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
                blockers |= TwinBlockers.RefParameter;
            if (IsPointerLike(parameter.Type))
                blockers |= TwinBlockers.Pointer;
            else if (IsRefLike(parameter.Type))
                blockers |= TwinBlockers.RefStructParameter;
        }

        if (definition.Locations.Any(l => l.IsInSource))
            blockers |= GetSourceBlockers(definition, cancellationToken);
        else if (FindMatchingMarkerOverload(definition) is null)
            blockers |= TwinBlockers.NoTwinInMetadata;
        return blockers;
    }

    /// <summary>An instance method that may write to the fields of its struct (not a readonly member or struct).</summary>
    public static bool IsMutableStructInstanceMethod(IMethodSymbol method) =>
        !method.IsStatic && method.ContainingType is { IsValueType: true, IsRefLikeType: false, IsReadOnly: false } && !method.IsReadOnly;

    /// <summary>The declaration whose body the twin copies (the implementation part of a partial method).</summary>
    public static MethodDeclarationSyntax? GetBodyDeclaration(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var definition = Definition(method);
        var implementation = definition.PartialImplementationPart ?? definition;
        foreach (var reference in implementation.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax { } declaration
                && (declaration.Body is not null || declaration.ExpressionBody is not null))
            {
                return declaration;
            }
        }
        return null;
    }

    /// <summary>The unreduced, unconstructed method: where attributes and declarations live.</summary>
    public static IMethodSymbol Definition(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition;

    private static TwinBlockers GetSourceBlockers(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var blockers = TwinBlockers.None;
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            bool isPartial = false;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration)
                {
                    isPartial |= declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
                    if (declaration.Modifiers.Any(SyntaxKind.UnsafeKeyword))
                        blockers |= TwinBlockers.Pointer;
                    if (declaration.Modifiers.Any(SyntaxKind.FileKeyword))
                        blockers |= TwinBlockers.FileLocalType;
                }
            }
            if (!isPartial)
                blockers |= TwinBlockers.NotPartial;
        }

        var declarationWithBody = GetBodyDeclaration(method, cancellationToken);
        if (declarationWithBody is null)
        {
            blockers |= TwinBlockers.NoBody;
        }
        else
        {
            if (declarationWithBody.Modifiers.Any(SyntaxKind.UnsafeKeyword))
                blockers |= TwinBlockers.Pointer;
            if (declarationWithBody.Modifiers.Any(SyntaxKind.AsyncKeyword))
                blockers |= TwinBlockers.Async;
            if (ContainsYield(declarationWithBody))
                blockers |= TwinBlockers.Iterator;
        }
        return blockers;
    }

    private static bool ContainsYield(MethodDeclarationSyntax declaration) => FindOwnYield(declaration) is not null;

    /// <summary>The first <c>yield</c> statement of the method itself (not of a nested function), or null.</summary>
    internal static YieldStatementSyntax? FindOwnYield(MethodDeclarationSyntax declaration) =>
        ((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody) is { } body ? FindOwnYield(body) : null;

    /// <summary>The first <c>yield</c> statement of <paramref name="body"/> itself (not of a nested function), or null.</summary>
    internal static YieldStatementSyntax? FindOwnYield(SyntaxNode body)
    {
        // Only yields of the method itself count: a nested local function may be an iterator of its own.
        return body.DescendantNodes(n => n is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax))
            .OfType<YieldStatementSyntax>()
            .FirstOrDefault();
    }

    private static bool CanBeTypeArgument(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_Void || (!IsPointerLike(type) && !IsRefLike(type));

    /// <summary>Whether <paramref name="type"/> is a pointer, a function pointer or an array of them.</summary>
    internal static bool IsPointerLike(ITypeSymbol type) =>
        type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer
        || (type is IArrayTypeSymbol array && IsPointerLike(array.ElementType));

    /// <summary>Whether <paramref name="type"/> is a ref struct or a type parameter that allows one.</summary>
    internal static bool IsRefLike(ITypeSymbol type) =>
        type.IsRefLikeType || type is ITypeParameterSymbol { AllowsRefLikeType: true };

    /// <summary>
    /// The first public member named <paramref name="name"/> of <paramref name="type"/> or its base types that is a
    /// <typeparamref name="T"/> and satisfies <paramref name="predicate"/>.
    /// </summary>
    internal static T? FindMember<T>(ITypeSymbol type, string name, System.Func<T, bool> predicate)
        where T : class, ISymbol
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is T typed && typed.DeclaredAccessibility == Accessibility.Public && predicate(typed))
                    return typed;
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="symbol"/> is named <paramref name="name"/> in exactly the given namespace.</summary>
    internal static bool IsNamed(ISymbol? symbol, string name, params string[] namespaceParts)
    {
        if (symbol is null || symbol.Name != name || symbol.ContainingType is not null)
            return false;
        var ns = symbol.ContainingNamespace;
        for (int i = namespaceParts.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.Name != namespaceParts[i])
                return false;
            ns = ns.ContainingNamespace;
        }
        return ns is { IsGlobalNamespace: true };
    }
}
