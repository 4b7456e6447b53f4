using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Greenlets;

/// <summary>
/// Finds the resumable twin behind a delegate to a <c>[Greenlet]</c> method, so a delegate the generator
/// never saw (stored in a variable, passed through a parameter, given to a server as its handler) still
/// runs green instead of blocking the hub.
/// </summary>
internal static class TwinDelegates
{
    private static readonly ConcurrentDictionary<MethodInfo, Twin?> s_twins = new();

    // The last delegate bound to a target whose twin this thread made, and that twin: a worker that runs the same
    // instance method group again (an executor's submits of obj.M) gets it without binding a new one.
    [ThreadStatic]
    private static LastBound? t_lastBound;

    /// <summary>
    /// A delegate of type <typeparamref name="TTwin"/> (the twin's signature: <see cref="GreenSuspend"/> first,
    /// then the original parameters) bound like <paramref name="original"/>, or null if it is not a [Greenlet] method.
    /// </summary>
    /// <remarks>
    /// The twin of a static method is made once (per <typeparamref name="TTwin"/>) and shared; one bound to a target
    /// is made per lookup, except for the same delegate (same target and method) as this thread's last lookup.
    /// </remarks>
    public static TTwin? Find<TTwin>(Delegate original)
        where TTwin : Delegate
    {
        // A multicast delegate is never a [Greenlet] method. Anything else, lambdas included, costs one cached
        // lookup per spawn (a lambda's compiler-generated method simply has no twin).
        if (original.HasSingleTarget is false)
            return null;
        var target = original.Target;
        if (target is not null && t_lastBound is { } last && last.TryGet(original, out TTwin? again))
            return again;
        var twin = s_twins.GetOrAdd(original.Method, static method => FindTwinMethod(method) is { } found ? new Twin(found) : null);
        if (twin is null)
            return null;
        if (target is null)
        {
            if (Volatile.Read(ref twin.Unbound) is TTwin shared)
                return shared;
            var made = (TTwin?)Delegate.CreateDelegate(typeof(TTwin), twin.Method, throwOnBindFailure: false);
            if (made is not null)
                Volatile.Write(ref twin.Unbound, made);
            return made;
        }
        var bound = (TTwin?)Delegate.CreateDelegate(typeof(TTwin), target, twin.Method, throwOnBindFailure: false);
        if (bound is not null)
            (t_lastBound ??= new()).Set(original, bound);
        return bound;
    }

    /// <summary>A [Greenlet] method's twin, and the last delegate to it (of a static method) made.</summary>
    private sealed class Twin(MethodInfo method)
    {
        public readonly MethodInfo Method = method;
        public Delegate? Unbound;
    }

    /// <summary>
    /// A thread's last bound lookup, held weakly: the original delegate is the handle's target and its twin the
    /// dependent, so the cache keeps neither (nor their target) alive.
    /// </summary>
    private sealed class LastBound
    {
        private DependentHandle _handle;

        public bool TryGet<TTwin>(Delegate original, out TTwin? twin)
            where TTwin : Delegate
        {
            var (last, dependent) = _handle.TargetAndDependent;
            if (dependent is TTwin found && last is Delegate lastOriginal
                && (ReferenceEquals(lastOriginal, original) || lastOriginal.Equals(original)))
            {
                twin = found;
                return true;
            }
            twin = null;
            return false;
        }

        public void Set(Delegate original, Delegate twin)
        {
            // A handle's target can only be cleared, not replaced: a new handle per miss.
            if (_handle.IsAllocated)
                _handle.Dispose();
            _handle = new DependentHandle(original, twin);
        }

        // The thread is gone (its thread-static with it): free the handle.
        ~LastBound() => _handle.Dispose();
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
