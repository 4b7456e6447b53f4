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
    /// Writes <paramref name="value"/> as its declared <paramref name="type"/>, as <see cref="JsonSerializer"/> with
    /// <see cref="Options"/> writes it. The commonest types (<see cref="bool"/>, <see cref="int"/>, <see cref="long"/>,
    /// <see cref="double"/>, <see cref="string"/>) are written directly: a worker's first call through the serializer
    /// builds its converters and member accessors, tens of milliseconds of every worker's start-up.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, object? value, Type type)
    {
        switch (value)
        {
            case int number when type == typeof(int):
                writer.WriteNumberValue(number);
                break;
            case long number when type == typeof(long):
                writer.WriteNumberValue(number);
                break;
            case bool flag when type == typeof(bool):
                writer.WriteBooleanValue(flag);
                break;
            case string text when type == typeof(string):
                writer.WriteStringValue(text);
                break;
            case null when type == typeof(string):
                writer.WriteNullValue();
                break;
            case double number when type == typeof(double):
                if (double.IsFinite(number))
                    writer.WriteNumberValue(number);
                else
                    writer.WriteStringValue(double.IsNaN(number) ? NaN : number > 0 ? Infinity : NegativeInfinity);
                break;
            default:
                JsonSerializer.Serialize(writer, value, type, Options);
                break;
        }
    }

    /// <summary>
    /// Reads <paramref name="element"/> as <paramref name="type"/>, as <see cref="JsonSerializer"/> with
    /// <see cref="Options"/> reads it: the types <see cref="Write"/> writes directly are read directly too, and anything
    /// else — every other type, and a value of the wrong kind, so that its error is the serializer's own — through the
    /// serializer.
    /// </summary>
    public static object? Read(JsonElement element, Type type)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when type == typeof(int) && element.TryGetInt32(out int number):
                return number;
            case JsonValueKind.Number when type == typeof(long) && element.TryGetInt64(out long number):
                return number;
            case JsonValueKind.Number when type == typeof(double) && element.TryGetDouble(out double number):
                return number;
            case JsonValueKind.String when type == typeof(double) && NamedLiteral(element) is { } literal:
                return literal;
            case JsonValueKind.True or JsonValueKind.False when type == typeof(bool):
                return element.GetBoolean();
            case JsonValueKind.String when type == typeof(string):
                try
                {
                    return element.GetString();
                }
                catch (InvalidOperationException)
                {
                    return element.Deserialize(type, Options); // not valid UTF-16 (a lone surrogate): the serializer's error
                }
            case JsonValueKind.Null when type == typeof(string):
                return null;
            default:
                return element.Deserialize(type, Options);
        }
    }

    // JsonNumberHandling.AllowNamedFloatingPointLiterals' names, spelled as the serializer spells them.
    private const string NaN = "NaN", Infinity = "Infinity", NegativeInfinity = "-Infinity";

    private static double? NamedLiteral(JsonElement element) =>
        element.ValueEquals(NaN) ? double.NaN
        : element.ValueEquals(Infinity) ? double.PositiveInfinity
        : element.ValueEquals(NegativeInfinity) ? double.NegativeInfinity
        : null;

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
        foreach (var (kind, why) in LocalOnlyTypes.List)
        {
            if (kind.IsAssignableFrom(type))
                return why;
        }
        return null;
    }

    // Apart from Options, so that a worker reading its arguments never loads the sockets and process assemblies.
    private static class LocalOnlyTypes
    {
        public static readonly (Type Kind, string Why)[] List =
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
}
