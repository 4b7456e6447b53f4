namespace GreenRuntime;

/// <summary>
/// Marks a method whose blocking calls should suspend the calling greenlet instead of the thread.
/// </summary>
/// <remarks>
/// The source generator adds a resumable twin of the method to its (partial) type. Calls inside the body to
/// other <c>[Greenlet]</c> methods, to GreenRuntime's blocking API and to patched blocking calls
/// (<see cref="Thread.Sleep(int)"/>, ...) become suspension points; <c>Green.Spawn(M, args)</c> runs the twin;
/// a direct call from ordinary code runs the hub until the call returns.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class GreenletAttribute : Attribute;
