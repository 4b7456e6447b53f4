using System.Buffers;
using System.Text.Json;

namespace GreenRuntime.Futures.Processes;

/// <summary>Reading and writing the JSON messages of the worker protocol.</summary>
internal static class Wire
{
    /// <summary>Writes one JSON object with <paramref name="write"/> filling in its properties; UTF-8 bytes.</summary>
    public static byte[] Object<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer, state);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The property <paramref name="name"/>, or a clear <see cref="InvalidDataException"/> if it is missing.</summary>
    public static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidDataException($"The message has no '{name}'.");

    public static string String(JsonElement element, string name) =>
        Property(element, name).GetString() ?? throw new InvalidDataException($"The message's '{name}' is null.");

    public static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
