using System.Text.Json;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// Which static method a work item runs, by name only, so that it means the same in a worker started from the same
/// program — on this machine or another: the assembly's full name, the declaring type's and the method's names, and
/// the parameter types' full names (to pick the overload). <see cref="AssemblyPath"/> is only a hint, for an assembly
/// the worker's dependency context does not list (one the parent loaded from a path).
/// </summary>
internal sealed record ProcessTarget(string Assembly, string? AssemblyPath, string Type, string Method, string[] ParameterTypes)
{
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteString("assembly", Assembly);
        if (AssemblyPath is not null)
            writer.WriteString("assemblyPath", AssemblyPath);
        writer.WriteString("type", Type);
        writer.WriteString("method", Method);
        writer.WriteStartArray("parameterTypes");
        foreach (var parameterType in ParameterTypes)
            writer.WriteStringValue(parameterType);
        writer.WriteEndArray();
    }

    public static ProcessTarget Read(JsonElement element) => new(
        Wire.String(element, "assembly"),
        element.TryGetProperty("assemblyPath", out var path) ? path.GetString() : null,
        Wire.String(element, "type"),
        Wire.String(element, "method"),
        [.. Wire.Property(element, "parameterTypes").EnumerateArray().Select(e => e.GetString() ?? throw new InvalidDataException("A parameter type name is null."))]);

    /// <summary><c>Namespace.Type.Method(System.Int32, System.String)</c>, for messages.</summary>
    public override string ToString() => $"{Type}.{Method}({string.Join(", ", ParameterTypes)})";
}
