using System.Collections.Concurrent;
using System.Reflection;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Greenlets;

/// <summary>
/// Finds the resumable twin behind a delegate to a <c>[Greenlet]</c> method, so a delegate the generator
/// never saw (stored in a variable, passed through a parameter, given to a server as its handler) still
/// runs green instead of blocking the hub.
/// </summary>
internal static class TwinDelegates
{
    private static readonly ConcurrentDictionary<MethodInfo, MethodInfo?> s_twins = new();

    /// <summary>
    /// A delegate of type <typeparamref name="TTwin"/> (the twin's signature: <see cref="GreenSuspend"/> first,
    /// then the original parameters) bound like <paramref name="original"/>, or null if it is not a [Greenlet] method.
    /// </summary>
    public static TTwin? Find<TTwin>(Delegate original)
        where TTwin : Delegate
    {
        // A multicast delegate is never a [Greenlet] method. Anything else, lambdas included, costs one cached
        // lookup per spawn (a lambda's compiler-generated method simply has no twin).
        if (original.HasSingleTarget is false)
            return null;
        var twin = s_twins.GetOrAdd(original.Method, FindTwinMethod);
        if (twin is null)
            return null;
        return (TTwin?)(original.Target is null
            ? Delegate.CreateDelegate(typeof(TTwin), twin, throwOnBindFailure: false)
            : Delegate.CreateDelegate(typeof(TTwin), original.Target, twin, throwOnBindFailure: false));
    }

    private static MethodInfo? FindTwinMethod(MethodInfo method)
    {
        if (!method.IsDefined(typeof(GreenletAttribute), inherit: false) || method.DeclaringType is not { } type)
            return null;
        var parameters = method.GetParameters();
        // For an extension method the marker comes after 'this'.
        int markerIndex = method.IsDefined(typeof(ExtensionAttribute), inherit: false) ? 1 : 0;
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var definition = method.IsGenericMethod ? method.GetGenericMethodDefinition() : method;
        var definitionParameters = definition.GetParameters();
        // The twin has a name of its own (TwinNames), shared with the generator that wrote it.
        foreach (var member in type.GetMember(TwinNames.Twin(method.Name), MemberTypes.Method, all))
        {
            var candidate = (MethodInfo)member;
            if (candidate.IsStatic != method.IsStatic
                || candidate.IsGenericMethodDefinition != definition.IsGenericMethodDefinition)
                continue;
            var candidateParameters = candidate.GetParameters();
            if (candidateParameters.Length != parameters.Length + 1
                || candidateParameters[markerIndex].ParameterType != typeof(GreenSuspend))
                continue;
            bool same = true;
            for (int i = 0, j = 0; i < definitionParameters.Length; i++, j++)
            {
                if (j == markerIndex)
                    j++;
                if (!SameType(definitionParameters[i].ParameterType, candidateParameters[j].ParameterType))
                {
                    same = false;
                    break;
                }
            }
            if (!same)
                continue;
            return method.IsGenericMethod ? candidate.MakeGenericMethod(method.GetGenericArguments()) : candidate;
        }
        return null;
    }

    // Generic parameters of two different method definitions are different Type objects: compare by position.
    private static bool SameType(Type a, Type b) =>
        a == b || (a.IsGenericMethodParameter && b.IsGenericMethodParameter && a.GenericParameterPosition == b.GenericParameterPosition)
        || (a.IsConstructedGenericType && b.IsConstructedGenericType
            && a.GetGenericTypeDefinition() == b.GetGenericTypeDefinition()
            && a.GenericTypeArguments.Zip(b.GenericTypeArguments).All(p => SameType(p.First, p.Second)))
        || (a.IsArray && b.IsArray && a.GetArrayRank() == b.GetArrayRank() && SameType(a.GetElementType()!, b.GetElementType()!));
}
