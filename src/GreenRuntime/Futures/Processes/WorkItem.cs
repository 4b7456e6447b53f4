using System.Buffers.Text;
using System.Text.Json;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// One call for a worker to make: which static method (<see cref="Target"/>) with which arguments — a JSON array,
/// serialized in the parent with the method's declared parameter types. <see cref="Id"/> pairs it with its
/// <see cref="WorkOutcome"/>. A <see cref="Chunk"/> (a <c>Map</c> piece) calls the method once per element of
/// <see cref="Arguments"/>, each an argument array, and its result is the array of the calls' results. Nothing in it is tied to this machine (but the assembly path hint), so the same bytes
/// could go to a worker elsewhere.
/// </summary>
internal sealed record WorkItem(long Id, ProcessTarget Target, byte[] Arguments, bool Chunk = false)
{
    public byte[] ToJson() => Wire.Object(this, static (writer, item) =>
    {
        writer.WriteNumber("id", item.Id);
        item.Target.Write(writer);
        if (item.Chunk)
            writer.WriteBoolean("chunk", true);
        writer.WritePropertyName("arguments");
        writer.WriteRawValue(item.Arguments, skipInputValidation: true);
    });

    /// <summary>
    /// The work frame of a call, built in one buffer: the same bytes as <see cref="ToJson"/> (<c>{"id":7,"assembly":...,
    /// "arguments":[...]}</c>), with the target's properties written once per method (<paramref name="targetProperties"/>,
    /// <see cref="TargetProperties"/>) rather than escaped again for every call.
    /// </summary>
    public static byte[] Frame(long id, ReadOnlySpan<byte> targetProperties, ReadOnlySpan<byte> arguments, bool chunk)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(id, digits, out int idLength);
        ReadOnlySpan<byte> open = "{\"id\":"u8;
        ReadOnlySpan<byte> chunkProperty = ",\"chunk\":true"u8;
        ReadOnlySpan<byte> argumentsName = ",\"arguments\":"u8;
        int length = open.Length + idLength + 1 + targetProperties.Length + (chunk ? chunkProperty.Length : 0) + argumentsName.Length + arguments.Length + 1;
        var frame = Frames.Allocate(FrameKind.Work, length);
        var payload = frame.AsSpan(Frames.HeaderLength);
        open.CopyTo(payload);
        int at = open.Length;
        digits[..idLength].CopyTo(payload[at..]);
        at += idLength;
        payload[at++] = (byte)',';
        targetProperties.CopyTo(payload[at..]);
        at += targetProperties.Length;
        if (chunk)
        {
            chunkProperty.CopyTo(payload[at..]);
            at += chunkProperty.Length;
        }
        argumentsName.CopyTo(payload[at..]);
        at += argumentsName.Length;
        arguments.CopyTo(payload[at..]);
        at += arguments.Length;
        payload[at] = (byte)'}';
        return frame;
    }

    /// <summary>The target's properties as a work item writes them, without the braces: <see cref="Frame"/>'s <c>targetProperties</c>.</summary>
    public static byte[] TargetProperties(ProcessTarget target)
    {
        var whole = Wire.Object(target, static (writer, t) => t.Write(writer));
        return whole[1..^1];
    }

    /// <summary>
    /// Parses a work item; its arguments stay JSON until the worker knows the parameter types. When it names
    /// <paramref name="last"/> (the target of the worker's last call), that is its target, not a new one.
    /// </summary>
    public static (long Id, ProcessTarget Target, JsonElement Arguments, bool Chunk) Parse(JsonElement root, ProcessTarget? last = null) =>
        (Wire.Property(root, "id").GetInt64(),
         last is not null && ProcessTarget.Names(root, last) ? last : ProcessTarget.Read(root),
         Wire.Property(root, "arguments"),
         root.TryGetProperty("chunk", out var chunk) && chunk.ValueKind == JsonValueKind.True);
}
