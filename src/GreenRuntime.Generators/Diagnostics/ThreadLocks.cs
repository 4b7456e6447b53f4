using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using GreenRuntime.Generators.Analysis;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Locks that belong to the thread that takes them: <c>Monitor.Enter</c>/<c>TryEnter</c>/<c>Exit</c> and
/// <c>System.Threading.Lock</c>'s <c>Enter</c>/<c>TryEnter</c>/<c>Exit</c>. All greenlets of a hub share its thread, so
/// such a lock held across a suspension point excludes nothing between them (GRN0031). (<c>Lock.EnterScope()</c> returns a
/// ref struct, which cannot live across a suspension point at all: GRN0008.)
/// </summary>
internal static class ThreadLocks
{
    /// <summary>Whether <paramref name="method"/> takes a thread-owned lock.</summary>
    public static bool IsEnter(IMethodSymbol method) =>
        IsMonitor(method) ? method.Name is "Enter" or "TryEnter"
        : IsLock(method) && method.Name is "Enter" or "TryEnter";

    /// <summary>Whether <paramref name="method"/> leaves a thread-owned lock.</summary>
    public static bool IsExit(IMethodSymbol method) => method.Name == "Exit" && (IsMonitor(method) || IsLock(method));

    /// <summary>How the lock a call takes or leaves is written (<c>_gate</c>), to pair an <c>Enter</c> with its <c>Exit</c>.</summary>
    public static string? GateOf(InvocationExpressionSyntax call, IMethodSymbol method)
    {
        ExpressionSyntax? gate = IsMonitor(method)
            ? (call.ArgumentList.Arguments.Count > 0 ? call.ArgumentList.Arguments[0].Expression : null)
            : (call.Expression as MemberAccessExpressionSyntax)?.Expression;
        return gate is null ? null : string.Concat(gate.ToString().Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries));
    }

    private static bool IsMonitor(IMethodSymbol method) =>
        method.IsStatic && GreenletSymbols.IsNamed(method.ContainingType, "Monitor", "System", "Threading");

    private static bool IsLock(IMethodSymbol method) =>
        !method.IsStatic && GreenletSymbols.IsNamed(method.ContainingType, "Lock", "System", "Threading");
}
