using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// The types whose values cannot cross to a <c>ProcessPoolExecutor</c> worker process: the analyzer's copy of the
/// runtime's <c>ProcessSerialization.WhyNotSerializable</c> (a test ties the two lists together).
/// </summary>
internal static class ProcessBoundary
{
    /// <summary>Base types (and interfaces) by metadata name, with why a value of one cannot cross.</summary>
    public static readonly (string MetadataName, string Why)[] LocalOnly =
    [
        ("System.Delegate", "a delegate cannot be serialized; pass the data it needs instead"),
        ("System.IO.Stream", "a stream belongs to this process; pass its bytes or a path instead"),
        ("System.IO.TextReader", "a reader belongs to this process; pass its text or a path instead"),
        ("System.IO.TextWriter", "a writer belongs to this process"),
        ("System.Net.Sockets.Socket", "a socket belongs to this process"),
        ("System.Runtime.InteropServices.SafeHandle", "a handle belongs to this process"),
        ("System.Threading.WaitHandle", "a wait handle belongs to this process"),
        ("System.Threading.Thread", "a thread belongs to this process"),
        ("System.Threading.Tasks.Task", "a task belongs to this process; pass its result instead"),
        ("System.Threading.CancellationToken", "a cancellation token belongs to this process"),
        ("System.Reflection.MemberInfo", "a reflection object cannot be serialized; pass a name instead"),
        ("System.Reflection.Assembly", "a reflection object cannot be serialized; pass a name instead"),
        ("System.Diagnostics.Process", "a process object belongs to this process; pass its id instead"),
        ("GreenRuntime.Greenlet", "a greenlet belongs to this process's hub"),
        ("GreenRuntime.Futures.Future", "a future belongs to this process"),
    ];

    /// <summary>Why a value of <paramref name="type"/> cannot cross, or null when it may (as far as the compiler can tell).</summary>
    public static string? WhyNotSerializable(ITypeSymbol type, Compilation compilation)
    {
        if (type is IPointerTypeSymbol or IFunctionPointerTypeSymbol || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
            return "a pointer or native handle means nothing in another process";
        if (type.IsRefLikeType)
            return "a ref struct value cannot be serialized";
        if (type.TypeKind == TypeKind.Delegate)
            return LocalOnly[0].Why;
        foreach (var (metadataName, why) in LocalOnly)
        {
            if (compilation.GetTypeByMetadataName(metadataName) is { } local && IsOrDerivesFrom(type, local))
                return why;
        }
        return null;
    }

    private static bool IsOrDerivesFrom(ITypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                return true;
        }
        return false;
    }
}
