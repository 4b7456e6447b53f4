using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// A static method a process pool can run in a worker: checked once (static, not generic, every parameter and the
/// result serializable) and described by name as a <see cref="ProcessTarget"/>.
/// </summary>
internal sealed class ProcessMethod
{
    private static readonly ConditionalWeakTable<MethodInfo, ProcessMethod> Checked = new();

    private ProcessMethod(MethodInfo method, ProcessTarget target, Type[] parameterTypes)
    {
        Method = method;
        Target = target;
        ParameterTypes = parameterTypes;
        TargetProperties = WorkItem.TargetProperties(target);
    }

    public MethodInfo Method { get; }

    public ProcessTarget Target { get; }

    /// <summary><see cref="Target"/> as a work item's properties, written once (<see cref="WorkItem.Frame"/>).</summary>
    public byte[] TargetProperties { get; }

    /// <summary>The declared parameter types: the arguments are serialized as these.</summary>
    public Type[] ParameterTypes { get; }

    /// <summary>
    /// The method <paramref name="function"/> calls, if a worker can run it; otherwise an <see cref="ArgumentException"/>
    /// for <paramref name="parameterName"/> saying why and what to pass instead.
    /// </summary>
    public static ProcessMethod For(Delegate function, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(function, parameterName);
        var method = function.Method;
        if (function.HasSingleTarget is false)
            throw new ArgumentException("ProcessPoolExecutor runs one static method per task; a multicast delegate cannot be sent to a worker process.", parameterName);
        if (function.Target is not null || !method.IsStatic)
        {
            bool lambda = method.Name.StartsWith('<') || (method.DeclaringType?.IsDefined(typeof(CompilerGeneratedAttribute)) ?? false);
            string what = lambda
                ? "a lambda (C# compiles even a static lambda to an instance method of a hidden class)"
                : $"the instance method {Describe(method)} bound to an object";
            throw new ArgumentException(
                $"ProcessPoolExecutor runs the task in another process, where only a static method can be found again by its name; {what} cannot cross. " +
                "Pass a static method group instead, with the values it needs as arguments: executor.Submit(Primes.Count, from, to).",
                parameterName);
        }
        if (!Checked.TryGetValue(method, out var checkedMethod))
        {
            checkedMethod = Check(method, parameterName);
            Checked.AddOrUpdate(method, checkedMethod);
        }
        return checkedMethod;
    }

    private static ProcessMethod Check(MethodInfo method, string parameterName)
    {
        var type = method.DeclaringType
            ?? throw new ArgumentException($"The method {method.Name} has no declaring type (a dynamic method); a worker process cannot find it by name.", parameterName);
        if (method.IsGenericMethod || type.ContainsGenericParameters || type.IsGenericType)
            throw new ArgumentException(
                $"ProcessPoolExecutor cannot run the generic method {Describe(method)} in a worker process; call it from a non-generic static method and submit that.",
                parameterName);
        var parameters = method.GetParameters();
        var parameterTypes = new Type[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var parameterType = parameters[i].ParameterType;
            string? why = parameterType.IsByRef
                ? "ref, out and in parameters cannot be written back across processes"
                : ProcessSerialization.WhyNotSerializable(parameterType);
            if (why is not null)
                throw new ArgumentException($"{Describe(method)} cannot run in a worker process: its parameter '{parameters[i].Name}' is a {parameterType}, and {why}.", parameterName);
            parameterTypes[i] = parameterType;
        }
        if (method.ReturnType != typeof(void) && ProcessSerialization.WhyNotSerializable(method.ReturnType) is { } notReturnable)
            throw new ArgumentException($"{Describe(method)} cannot run in a worker process: it returns a {method.ReturnType}, and {notReturnable}.", parameterName);
        var assembly = type.Assembly;
        var target = new ProcessTarget(
            assembly.FullName ?? assembly.GetName().Name ?? "",
            string.IsNullOrEmpty(assembly.Location) ? null : assembly.Location,
            type.FullName ?? type.Name,
            method.Name,
            [.. parameterTypes.Select(t => t.FullName ?? t.Name)]);
        return new ProcessMethod(method, target, parameterTypes);
    }

    /// <summary>
    /// Serializes <paramref name="arguments"/> as a JSON array, each with its declared parameter type; a value that
    /// cannot be serialized is an <see cref="ArgumentException"/> naming the argument (<c>arg1</c>, <c>arg2</c>, ...).
    /// </summary>
    public byte[] SerializeArguments(object?[] arguments)
    {
        if (arguments.Length != ParameterTypes.Length)
            throw new ArgumentException($"{Describe(Method)} takes {ParameterTypes.Length} arguments; {arguments.Length} were given.");
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (int i = 0; i < arguments.Length; i++)
            {
                try
                {
                    ProcessSerialization.Write(writer, arguments[i], ParameterTypes[i]);
                }
                catch (Exception failure) when (failure is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
                {
                    throw new ArgumentException(
                        $"Argument {i + 1} of {Describe(Method)} (a {arguments[i]?.GetType() ?? ParameterTypes[i]}) cannot be serialized for the worker process: {failure.Message} " +
                        "Pass plain data (numbers, strings, arrays, records) that System.Text.Json can write and read back.",
                        $"arg{i + 1}", failure);
                }
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A map chunk's arguments: one single-argument array per item, <c>[[a],[b],...]</c>.</summary>
    public byte[] SerializeChunk(object?[] items)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        buffer.Write("["u8);
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0)
                buffer.Write(","u8);
            buffer.Write(SerializeArguments([items[i]]));
        }
        buffer.Write("]"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>Type.Method</c>, for messages.</summary>
    public static string Describe(MethodInfo method) => method.DeclaringType is { } type ? $"{type.Name}.{method.Name}" : method.Name;
}
