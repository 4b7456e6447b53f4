namespace GreenRuntime.Monkey;

/// <summary>
/// Marks a hub-driven replacement for a blocking method. Inside <c>[Greenlet]</c> bodies the generator
/// rewrites calls of <c>Type.Method(args)</c> into <c>await Replacement(default(GreenSuspend), args)</c>
/// (for an instance method, <c>Replacement(receiver, default(GreenSuspend), args)</c>), matching parameters
/// exactly — gevent's monkey patching, done at compile time.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PatchesAttribute(Type type, string method) : Attribute
{
    /// <summary>The type whose method is replaced.</summary>
    public Type Type { get; } = type;

    /// <summary>The name of the replaced method.</summary>
    public string Method { get; } = method;
}
