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

    /// <summary>
    /// Whether the target <paramref name="element"/> names is <paramref name="target"/> (the same strings, compared in
    /// the JSON without reading them out): a worker reuses what it resolved for the last call of the same method.
    /// </summary>
    public static bool Names(JsonElement element, ProcessTarget target)
    {
        if (!IsString(element, "assembly", target.Assembly) || !IsString(element, "type", target.Type) || !IsString(element, "method", target.Method))
            return false;
        if (target.AssemblyPath is null
                ? element.TryGetProperty("assemblyPath", out var path) && path.ValueKind != JsonValueKind.Null
                : !IsString(element, "assemblyPath", target.AssemblyPath))
            return false;
        if (!element.TryGetProperty("parameterTypes", out var types) || types.ValueKind != JsonValueKind.Array || types.GetArrayLength() != target.ParameterTypes.Length)
            return false;
        int i = 0;
        foreach (var type in types.EnumerateArray())
        {
            if (type.ValueKind != JsonValueKind.String || !type.ValueEquals(target.ParameterTypes[i++]))
                return false;
        }
        return true;
    }

    private static bool IsString(JsonElement element, string name, string value) =>
        element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String && property.ValueEquals(value);

    /// <summary><c>Namespace.Type.Method(System.Int32, System.String)</c>, for messages.</summary>
    public override string ToString() => $"{Type}.{Method}({string.Join(", ", ParameterTypes)})";
}
