using System.Text.Json;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// What a worker sends back for a <see cref="WorkItem"/>: <c>{"id":7,"result":...}</c>, the return value serialized
/// with the method's declared return type (<c>null</c> for <c>void</c>), or <c>{"id":7,"error":{...}}</c>.
/// </summary>
internal static class WorkOutcome
{
    /// <summary>The outcome frame of a result, built in one buffer: the same payload as <see cref="Result"/>.</summary>
    public static byte[] ResultFrame(long id, ReadOnlySpan<byte> resultJson)
    {
        Span<byte> digits = stackalloc byte[20];
        System.Buffers.Text.Utf8Formatter.TryFormat(id, digits, out int idLength);
        ReadOnlySpan<byte> open = "{\"id\":"u8;
        ReadOnlySpan<byte> resultName = ",\"result\":"u8;
        var frame = Frames.Allocate(FrameKind.Outcome, open.Length + idLength + resultName.Length + resultJson.Length + 1);
        var payload = frame.AsSpan(Frames.HeaderLength);
        open.CopyTo(payload);
        int at = open.Length;
        digits[..idLength].CopyTo(payload[at..]);
        at += idLength;
        resultName.CopyTo(payload[at..]);
        at += resultName.Length;
        resultJson.CopyTo(payload[at..]);
        payload[at + resultJson.Length] = (byte)'}';
        return frame;
    }

    public static byte[] Result(long id, ReadOnlySpan<byte> resultJson)
    {
        var json = resultJson.ToArray();
        return Wire.Object((id, json), static (writer, state) =>
        {
            writer.WriteNumber("id", state.id);
            writer.WritePropertyName("result");
            writer.WriteRawValue(state.json, skipInputValidation: true);
        });
    }

    public static byte[] Error(long id, RemoteError error) => Wire.Object((id, error), static (writer, state) =>
    {
        writer.WriteNumber("id", state.id);
        writer.WriteStartObject("error");
        state.error.Write(writer);
        writer.WriteEndObject();
    });

    /// <summary>The id, and either the result's JSON or the error; <see cref="InvalidDataException"/> if it is neither.</summary>
    public static (long Id, JsonElement? Result, RemoteError? Error) Parse(JsonElement root)
    {
        long id = Wire.Property(root, "id").GetInt64();
        if (root.TryGetProperty("error", out var error))
            return (id, null, RemoteError.Read(error));
        return (id, Wire.Property(root, "result"), null);
    }
}
