using System.Text.Json;

namespace GreenRuntime.Futures.Processes;

/// <summary>An exception as it crosses from a worker: its type's full name and assembly, its message, its stack trace text.</summary>
internal sealed record RemoteError(string Type, string Assembly, string Message, string? StackTrace)
{
    public static RemoteError From(Exception exception) =>
        new(exception.GetType().FullName ?? exception.GetType().Name, exception.GetType().Assembly.GetName().Name ?? "",
            exception.Message, exception.StackTrace);

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteString("type", Type);
        writer.WriteString("assembly", Assembly);
        writer.WriteString("message", Message);
        if (StackTrace is not null)
            writer.WriteString("stackTrace", StackTrace);
    }

    public static RemoteError Read(JsonElement element) => new(
        Wire.String(element, "type"), Wire.String(element, "assembly"), Wire.String(element, "message"),
        Wire.OptionalString(element, "stackTrace"));
}
