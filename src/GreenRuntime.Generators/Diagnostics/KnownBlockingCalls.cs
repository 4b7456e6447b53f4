using Microsoft.CodeAnalysis;
using GreenRuntime.Generators.Analysis;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// .NET calls that block the OS thread and that GreenThreads does not (yet) patch: inside a <c>[Greenlet]</c> body
/// each one stalls every greenlet of the hub (DESIGN §4: <c>Monitor.Wait</c>, <c>Mutex.WaitOne</c>,
/// <c>Task.Wait</c>, ...). A call that <see cref="SuspensionPoints.Classify"/> recognises is a
/// suspension point and never reaches this list, so patches that land later silence the warning by themselves.
/// </summary>
internal static class KnownBlockingCalls
{
    // (namespace, type, method); WaitHandle covers ManualResetEvent, AutoResetEvent, Mutex, Semaphore, EventWaitHandle.
    private static readonly (string Namespace, string Type, string Method)[] s_blocking =
    [
        ("System.Threading", "Thread", "Join"),
        ("System.Threading", "Monitor", "Wait"),
        ("System.Threading", "WaitHandle", "WaitOne"),
        ("System.Threading", "WaitHandle", "WaitAll"),
        ("System.Threading", "WaitHandle", "WaitAny"),
        ("System.Threading", "WaitHandle", "SignalAndWait"),
        ("System.Threading", "ManualResetEventSlim", "Wait"),
        ("System.Threading", "SemaphoreSlim", "Wait"),
        ("System.Threading", "CountdownEvent", "Wait"),
        ("System.Threading", "Barrier", "SignalAndWait"),
        ("System.Collections.Concurrent", "BlockingCollection", "Take"),
        ("System.Threading.Tasks", "Task", "Wait"),
        ("System.Threading.Tasks", "Task", "WaitAll"),
        ("System.Threading.Tasks", "Task", "WaitAny"),
        ("System.Runtime.CompilerServices", "TaskAwaiter", "GetResult"),
        ("System.Runtime.CompilerServices", "ValueTaskAwaiter", "GetResult"),
        ("System.Runtime.CompilerServices", "ConfiguredTaskAwaitable", "GetResult"),
    ];

    /// <summary>Whether <paramref name="method"/> is, or overrides, one of the known blocking calls.</summary>
    public static bool IsBlocking(IMethodSymbol method)
    {
        // An override has the name of what it overrides: most calls are ruled out before any namespace is spelled.
        if (!MayBeBlocking(method.Name))
            return false;
        for (var current = GreenletSymbols.Definition(method); current is not null; current = current.OverriddenMethod?.OriginalDefinition)
        {
            var type = current.ContainingType;
            // ConfiguredTaskAwaitable's awaiter is nested: match the awaiter's containing type instead.
            var named = type?.ContainingType ?? type;
            if (named is null)
                continue;
            string ns = named.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            foreach (var (blockingNamespace, blockingType, blockingMethod) in s_blocking)
            {
                if (current.Name == blockingMethod && named.Name == blockingType && ns == blockingNamespace)
                    return true;
            }
        }
        return false;
    }

    /// <summary>Whether a method named <paramref name="name"/> may be one of the known blocking calls.</summary>
    public static bool MayBeBlocking(string name)
    {
        foreach (var (_, _, blockingMethod) in s_blocking)
        {
            if (name == blockingMethod)
                return true;
        }
        return false;
    }
}
