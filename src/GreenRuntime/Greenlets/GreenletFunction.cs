using System.Globalization;
using System.Reflection;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Greenlets;

/// <summary>
/// Describes what a greenlet runs, as gevent's repr does (<c>Eat('egon')</c>): the user's method and the arguments,
/// seen through the wrappers the runtime and the generator put around it.
/// </summary>
/// <remarks>Only for <see cref="Greenlet.ToString"/>: reflection, so never on a hot path.</remarks>
internal static class GreenletFunction
{
    private const int MaxArgumentLength = 40;

    public static string Describe(object start) => start switch
    {
        GreenletBody body => Format(body.Function, body.Arguments),
        Delegate function => Format(function, []),
        _ => start.GetType().Name,
    };

    private static string Format(Delegate function, object?[] arguments)
    {
        var (method, closureArguments) = Unwrap(function);
        var shown = arguments.Length > 0 ? arguments : closureArguments;
        string name = UserMethodNames.Of(method);
        if (shown.Length == 0 && name.StartsWith("a lambda in ", StringComparison.Ordinal))
            return name;
        return $"{name}({string.Join(", ", shown.Select(FormatArgument))})";
    }

    /// <summary>
    /// The method behind <paramref name="function"/>: a lambda the runtime or the generator wrote around a call
    /// (<c>() =&gt; fn(arg1)</c> in <c>Green.Spawn</c>, <c>static a1 =&gt; M__GreenTwin(default, a1)</c> in an interceptor)
    /// stands for the method it calls, with the arguments it captured.
    /// </summary>
    private static (MethodInfo Method, object?[] Arguments) Unwrap(Delegate function)
    {
        var method = function.Method;
        if (!method.Name.StartsWith('<'))
            return (method, []);
        if (function.Target is { } closure && closure.GetType().Name.StartsWith('<'))
        {
            var fields = closure.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            // The runtime's own wrappers (Green.Spawn) capture the delegate and arg1..arg4.
            if (closure.GetType().Assembly == typeof(Greenlet).Assembly
                && fields.Where(f => typeof(Delegate).IsAssignableFrom(f.FieldType)).Select(f => f.GetValue(closure))
                    .OfType<Delegate>().FirstOrDefault() is { } inner)
            {
                var captured = fields.Where(f => f.Name.StartsWith("arg", StringComparison.Ordinal))
                    .OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.GetValue(closure)).ToArray();
                var (innerMethod, innerArguments) = Unwrap(inner);
                return (innerMethod, captured.Length > 0 ? captured : innerArguments);
            }
        }
        return (CalledTwin(method) ?? method, []);
    }

    /// <summary>The twin a generated lambda calls (its first call of a method with a twin's name), read from its IL.</summary>
    private static MethodInfo? CalledTwin(MethodInfo lambda)
    {
        byte[]? il;
        try
        {
            il = lambda.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        if (il is null)
            return null;
        var typeArguments = lambda.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = lambda.IsGenericMethod ? lambda.GetGenericArguments() : null;
        for (int i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is not (0x28 or 0x6F)) // call, callvirt
                continue;
            int token = BitConverter.ToInt32(il, i + 1);
            try
            {
                if (lambda.Module.ResolveMethod(token, typeArguments, methodArguments) is MethodInfo called
                    && TwinNames.OriginalName(called.Name) is not null)
                    return called;
            }
            catch (Exception e) when (e is ArgumentException or BadImageFormatException)
            {
                // Not a call instruction after all (an operand byte that looks like one).
            }
        }
        return null;
    }

    private static string FormatArgument(object? argument)
    {
        string text = argument switch
        {
            null => "null",
            string s => $"\"{s}\"",
            char c => $"'{c}'",
            bool b => b ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => argument.ToString() ?? argument.GetType().Name,
        };
        return text.Length <= MaxArgumentLength ? text : text[..(MaxArgumentLength - 3)] + "...";
    }
}
