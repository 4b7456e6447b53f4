using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// How arguments and results cross to a worker process: System.Text.Json, always with the method's declared parameter
/// or return type — never a type a message names — so a reply can only ever produce the types the call's own signature
/// names (no polymorphism, no type names in the JSON).
/// </summary>
internal static class ProcessSerialization
{
    /// <summary>
    /// The one set of options both sides use: fields too (tuples, plain structs), and NaN/Infinity as named literals so
    /// that every <see cref="double"/> survives the trip.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        IncludeFields = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Why a value of <paramref name="type"/> cannot cross to another process, or null if it may: delegates, streams,
    /// sockets, handles, threads, tasks, pointers and reflection objects mean nothing in another process (the analyzer's
    /// GRN0035 names the same list).
    /// </summary>
    public static string? WhyNotSerializable(Type type)
    {
        if (type.IsPointer || type.IsFunctionPointer || type == typeof(IntPtr) || type == typeof(UIntPtr))
            return "a pointer or native handle means nothing in another process";
        if (type.IsByRef || type.IsByRefLike)
            return "a ref or ref struct value cannot be serialized";
        if (typeof(Delegate).IsAssignableFrom(type))
            return "a delegate cannot be serialized; pass the data it needs instead";
        foreach (var (kind, why) in LocalOnly)
        {
            if (kind.IsAssignableFrom(type))
                return why;
        }
        return null;
    }

    private static readonly (Type Kind, string Why)[] LocalOnly =
    [
        (typeof(Stream), "a stream belongs to this process; pass its bytes or a path instead"),
        (typeof(TextReader), "a reader belongs to this process; pass its text or a path instead"),
        (typeof(TextWriter), "a writer belongs to this process"),
        (typeof(Socket), "a socket belongs to this process"),
        (typeof(SafeHandle), "a handle belongs to this process"),
        (typeof(WaitHandle), "a wait handle belongs to this process"),
        (typeof(Thread), "a thread belongs to this process"),
        (typeof(Task), "a task belongs to this process; pass its result instead"),
        (typeof(CancellationToken), "a cancellation token belongs to this process"),
        (typeof(MemberInfo), "a reflection object cannot be serialized; pass a name instead"),
        (typeof(Assembly), "a reflection object cannot be serialized; pass a name instead"),
        (typeof(System.Diagnostics.Process), "a process object belongs to this process; pass its id instead"),
        (typeof(Greenlet), "a greenlet belongs to this process's hub"),
        (typeof(Future), "a future belongs to this process"),
    ];
}
