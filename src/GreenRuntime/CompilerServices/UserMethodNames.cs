using System.Reflection;

namespace GreenRuntime.CompilerServices;

/// <summary>
/// Names methods as the user wrote them, seeing through what the C# compiler and the generator made of them: a twin's
/// state machine (<c>&lt;Eat__GreenTwin&gt;d__3</c>) is <c>Diner.Eat</c>, a lambda (<c>&lt;Main&gt;b__0_0</c>) is
/// <c>a lambda in Program.Main</c>. For messages and <see cref="Greenlet.ToString"/>, never for lookups.
/// </summary>
internal static class UserMethodNames
{
    /// <summary>The user's name for <paramref name="method"/> (a state machine's <c>MoveNext</c> names its async method).</summary>
    public static string Of(MethodBase method)
    {
        var type = method.DeclaringType;
        if (type is null)
            return method.Name;
        if (method.Name == "MoveNext" && IsStateMachine(type))
            return OfStateMachine(type);
        return Member(TypeName(type), method.Name);
    }

    /// <summary>The user's name for the async method (a twin, say) whose state machine is <paramref name="stateMachine"/>.</summary>
    public static string OfStateMachine(Type stateMachine)
    {
        var outer = stateMachine.DeclaringType;
        if (outer is null || Inside(stateMachine.Name) is not { } inner)
            return stateMachine.Name;
        return Member(TypeName(outer), inner);
    }

    /// <summary>Whether <paramref name="type"/> is the state machine of a twin or other method built by a GreenTask builder.</summary>
    public static bool IsGreenStateMachine(Type type)
    {
        if (!IsStateMachine(type))
            return false;
        var builder = type.GetField("<>t__builder", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.FieldType;
        return builder == typeof(GreenTaskMethodBuilder)
            || (builder is { IsGenericType: true } && builder.GetGenericTypeDefinition() == typeof(GreenTaskMethodBuilder<>));
    }

    /// <summary>The state machine type behind a suspended green call's source, if it is one.</summary>
    public static Type? StateMachineOf(GreenTaskSource source)
    {
        var type = source.GetType();
        if (!type.IsGenericType)
            return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(StateMachineBox<,>) || definition == typeof(VoidStateMachineBox<>)
            ? type.GetGenericArguments()[^1]
            : null;
    }

    private static bool IsStateMachine(Type type) => typeof(IAsyncStateMachine).IsAssignableFrom(type);

    // "Type.Member" for a plain member; compiler-generated members (lambdas, local functions) say what they are in.
    private static string Member(string typeName, string name)
    {
        if (Inside(name) is not { } container)
            return $"{typeName}.{TwinNames.OriginalName(name) ?? name}";
        string method = Member(typeName, container);
        int close = Close(name);
        string rest = name[(close + 1)..];
        if (rest.StartsWith("b__", StringComparison.Ordinal))
            return $"a lambda in {method}";
        if (rest.StartsWith("g__", StringComparison.Ordinal))
        {
            int end = rest.IndexOf('|');
            return $"local function {rest[3..(end < 0 ? rest.Length : end)]} in {method}";
        }
        return method;
    }

    // The declaring type as written: compiler-generated closures and state machines are skipped, arity suffixes dropped.
    private static string TypeName(Type type)
    {
        while (type.Name.StartsWith('<') && type.DeclaringType is { } outer)
            type = outer;
        string name = type.Name;
        int tick = name.IndexOf('`');
        if (tick >= 0)
            name = name[..tick];
        return type.DeclaringType is { } declaring ? $"{TypeName(declaring)}.{name}" : name;
    }

    // "<X>..." -> "X" (X may itself be "<Y>b__0_0"); null for a name the compiler did not make.
    private static string? Inside(string name) =>
        name.StartsWith('<') && Close(name) is > 1 and var close ? name[1..close] : null;

    private static int Close(string name)
    {
        int depth = 0;
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] == '<')
                depth++;
            else if (name[i] == '>' && --depth == 0)
                return i;
        }
        return -1;
    }
}
