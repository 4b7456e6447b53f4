using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// The worker's side of a <see cref="WorkItem"/>: finds the static method by its names, reads the arguments as its
/// declared parameter types, calls it, and writes what it returned (as its declared return type) or threw.
/// </summary>
internal static class WorkerCalls
{
    private static readonly ConcurrentDictionary<string, Resolution> Resolved = new();

    // The last call's target and what it resolved to: the next call of the same method skips the lookup.
    private static Resolution? s_last;

    /// <summary>The target of the last call resolved, for <see cref="WorkItem.Parse"/> to reuse.</summary>
    public static ProcessTarget? LastTarget => Volatile.Read(ref s_last)?.Target;

    /// <summary>Runs one work item; the outcome frame's payload, or with <paramref name="frame"/> the whole outcome frame.</summary>
    public static byte[] Run(long id, ProcessTarget target, JsonElement arguments, bool chunk, bool frame = false)
    {
        byte[] outcome = RunCall(id, target, arguments, chunk, out var resultJson);
        if (resultJson is null)
            return frame ? Frames.Build(FrameKind.Outcome, outcome) : outcome;
        return frame ? WorkOutcome.ResultFrame(id, resultJson) : WorkOutcome.Result(id, resultJson);
    }

    /// <summary>The call's result as JSON (<paramref name="resultJson"/>), or, when it failed, the error outcome's payload.</summary>
    private static byte[] RunCall(long id, ProcessTarget target, JsonElement arguments, bool chunk, out byte[]? resultJson)
    {
        resultJson = null;
        object? result;
        MethodInfo method;
        try
        {
            var resolution = Resolve(target);
            method = resolution.Method;
            if (chunk)
            {
                if (arguments.ValueKind != JsonValueKind.Array)
                    throw new ArgumentException($"The map chunk for {target} does not carry its calls' arguments.");
                var results = new List<object?>(arguments.GetArrayLength());
                foreach (var call in arguments.EnumerateArray())
                    results.Add(Invoke(resolution, call));
                result = results;
            }
            else
            {
                result = Invoke(resolution, arguments);
            }
        }
        catch (Exception failure)
        {
            return WorkOutcome.Error(id, RemoteError.From(failure));
        }
        try
        {
            resultJson = chunk ? SerializeAll((List<object?>)result!, method.ReturnType) : Serialize(result, method.ReturnType);
            return resultJson;
        }
        catch (Exception failure)
        {
            var error = new NotSupportedException(
                $"The result of {target} (a {result?.GetType() ?? method.ReturnType}) could not be serialized in the worker process: {failure.Message}", failure);
            return WorkOutcome.Error(id, RemoteError.From(error));
        }
    }

    private static object? Invoke(Resolution resolution, JsonElement arguments) =>
        resolution.Method.Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, ReadArguments(resolution, arguments), culture: null);

    private static byte[] Serialize(object? result, Type returnType)
    {
        if (returnType == typeof(void))
            return "null"u8.ToArray();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(buffer))
            ProcessSerialization.Write(writer, result, returnType);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] SerializeAll(List<object?> results, Type returnType)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var result in results)
            {
                if (returnType == typeof(void))
                    writer.WriteNullValue();
                else
                    ProcessSerialization.Write(writer, result, returnType);
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The method <paramref name="target"/> names: its assembly loaded by name (the worker runs with the parent's
    /// dependency context), or from the path hint when the name does not resolve; the overload whose parameter types'
    /// names match. No other type a message names is ever loaded.
    /// </summary>
    public static Resolution Resolve(ProcessTarget target)
    {
        if (Volatile.Read(ref s_last) is { } last && ReferenceEquals(last.Target, target))
            return last;
        string key = string.Join('\n', [target.Assembly, target.Type, target.Method, .. target.ParameterTypes]);
        if (Resolved.TryGetValue(key, out var known))
        {
            Volatile.Write(ref s_last, known with { Target = target });
            return known;
        }
        var assembly = Loaded(target.Assembly) ?? Load(target);
        var type = assembly.GetType(target.Type, throwOnError: false)
            ?? throw new TypeLoadException($"The worker process found no type {target.Type} in {target.Assembly}.");
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .FirstOrDefault(m => m.Name == target.Method && !m.IsGenericMethodDefinition
                && m.GetParameters().Select(p => p.ParameterType.FullName ?? p.ParameterType.Name).SequenceEqual(target.ParameterTypes))
            ?? throw new MissingMethodException($"The worker process found no static method {target} in {target.Assembly}.");
        var resolution = new Resolution(target, method, method.GetParameters());
        Resolved[key] = resolution;
        Volatile.Write(ref s_last, resolution);
        return resolution;
    }

    // The program's own assembly, the commonest home of a target, is loaded already: found by its full name, it spares
    // the worker an AssemblyName, whose culture loads ICU (milliseconds of start-up).
    private static Assembly? Loaded(string fullName)
    {
        foreach (var assembly in AssemblyLoadContext.Default.Assemblies)
        {
            if (assembly.FullName == fullName)
                return assembly;
        }
        return null;
    }

    private static Assembly Load(ProcessTarget target)
    {
        try
        {
            return Assembly.Load(new AssemblyName(target.Assembly));
        }
        catch (FileNotFoundException) when (target.AssemblyPath is { } path && File.Exists(path))
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        }
    }

    private static object?[] ReadArguments(Resolution resolution, JsonElement arguments)
    {
        var method = resolution.Method;
        var parameters = resolution.Parameters;
        if (arguments.ValueKind != JsonValueKind.Array || arguments.GetArrayLength() != parameters.Length)
            throw new ArgumentException($"The work item for {method.DeclaringType?.Name}.{method.Name} does not carry its {parameters.Length} arguments.");
        var values = new object?[parameters.Length];
        int i = 0;
        foreach (var argument in arguments.EnumerateArray())
        {
            try
            {
                values[i] = ProcessSerialization.Read(argument, parameters[i].ParameterType);
            }
            catch (Exception failure) when (failure is JsonException or NotSupportedException or InvalidOperationException)
            {
                throw new ArgumentException(
                    $"The worker process could not read argument {i + 1} ('{parameters[i].Name}', a {parameters[i].ParameterType}) of {method.DeclaringType?.Name}.{method.Name}: {failure.Message}",
                    parameters[i].Name, failure);
            }
            i++;
        }
        return values;
    }
}

/// <summary>A target the worker resolved: the method and its parameters (read once, not per call).</summary>
internal sealed record Resolution(ProcessTarget Target, MethodInfo Method, ParameterInfo[] Parameters);
