using System.Collections.Concurrent;
using System.Reflection;

namespace GreenRuntime.Futures.Processes;

/// <summary>Completes a future with a result known only as an <see cref="object"/> of the future's result type.</summary>
internal static class FutureResults
{
    private static readonly ConcurrentDictionary<Type, Func<Future, object?, bool>> Setters = new();

    private static readonly MethodInfo SetTyped = typeof(FutureResults).GetMethod(nameof(TrySetTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Finishes <paramref name="future"/> with <paramref name="value"/> (<paramref name="resultType"/> <c>void</c>: with no value).</summary>
    public static bool TrySetResult(Future future, Type resultType, object? value)
    {
        if (resultType == typeof(void))
            return future.TrySetCompleted();
        var setter = Setters.GetOrAdd(resultType, static type => SetTyped.MakeGenericMethod(type).CreateDelegate<Func<Future, object?, bool>>());
        return setter(future, value);
    }

    private static bool TrySetTyped<T>(Future future, object? value) => ((Future<T>)future).TrySetResult((T)value!);
}
