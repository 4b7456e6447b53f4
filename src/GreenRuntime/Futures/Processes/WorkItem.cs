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

    /// <summary>Parses a work item; its arguments stay JSON until the worker knows the parameter types.</summary>
    public static (long Id, ProcessTarget Target, JsonElement Arguments, bool Chunk) Parse(JsonElement root) =>
        (Wire.Property(root, "id").GetInt64(), ProcessTarget.Read(root), Wire.Property(root, "arguments"),
         root.TryGetProperty("chunk", out var chunk) && chunk.ValueKind == JsonValueKind.True);
}
