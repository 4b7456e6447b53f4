using System.ComponentModel;

namespace GreenRuntime.Monkey;

/// <summary>
/// Marks a hub-driven replacement for a blocking method or constructor — gevent's monkey patching, done at
/// compile time: inside <c>[Greenlet]</c> bodies the generator rewrites calls of the patched member into awaits
/// of the patch. The patch's shape follows the patched member's (docs/internals.md, "Suspension points"):
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Plain</b>: the target's parameters with <c>GreenSuspend</c> first (after the receiver of an instance
/// target), returning an awaitable of the target's result:
/// <c>Thread.Sleep(ms)</c> → <c>await TimePatches.Sleep(default(GreenSuspend), ms)</c>.</item>
/// <item><b>Out/ref</b>: for a target with <c>out</c> or <c>ref</c> parameters, the patch omits the <c>out</c> ones
/// and takes the <c>ref</c> ones by value; its awaited result has an <c>Unpack(out/ref ...)</c> method that writes them
/// and returns the target's result: <c>s.Receive(b, 0, n, f, out e)</c> →
/// <c>(await SocketOutPatches.Receive(s, default(GreenSuspend), b, 0, n, f)).Unpack(out e)</c>.</item>
/// <item><b>Two-phase</b> (<see cref="ReadyPhase"/> set): for a target whose arguments cannot wait (a
/// <see cref="Span{T}"/>), the marked method is the synchronous completion phase, taking the awaited result of the
/// readiness phase and then exactly the target's parameters:
/// <c>s.Receive(span)</c> → <c>SocketSpanPatches.Receive(await SocketSpanPatches.ReceiveReady(s, default(GreenSuspend)), span)</c>.</item>
/// <item><b>Constructor</b> (<see cref="Method"/> is <see cref="Constructor"/>): <c>GreenSuspend</c> and the
/// constructor's parameters, returning an awaitable of the new instance:
/// <c>new TcpClient(h, p)</c> → <c>await TcpClientConstructionPatches.Create(default(GreenSuspend), h, p)</c>.</item>
/// </list>
/// Patch parameters carry the target's parameter names, so named arguments keep binding.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PatchesAttribute(Type type, string method) : Attribute
{
    /// <summary>The <see cref="Method"/> that names the patched type's constructors (<c>".ctor"</c>, as in metadata).</summary>
    public const string Constructor = ".ctor";

    /// <summary>The type whose method is replaced.</summary>
    public Type Type { get; } = type;

    /// <summary>The name of the replaced method, or <see cref="Constructor"/>.</summary>
    public string Method { get; } = method;

    /// <summary>
    /// Makes the marked method the completion phase of a two-phase patch, and names its readiness phase: a public
    /// static method of the same class taking <c>(receiver, GreenSuspend)</c> (just <c>GreenSuspend</c> for a
    /// static target) and returning an awaitable of the completion's first parameter type. The readiness phase
    /// waits without seeing the arguments; the completion then runs synchronously, without suspending, with the
    /// arguments evaluated only after the wait — so a <see cref="Span{T}"/> argument never lives across it.
    /// </summary>
    public string? ReadyPhase { get; init; }
}
