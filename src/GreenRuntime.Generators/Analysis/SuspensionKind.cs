namespace GreenRuntime.Generators.Analysis;

/// <summary>What makes a call (or a <c>foreach</c>) inside a <c>[Greenlet]</c> body a suspension point (see docs/internals.md).</summary>
internal enum SuspensionKind
{
    /// <summary>A call of a <c>[Greenlet]</c> method that has a twin: <c>M(a)</c> → <c>await M(default(GreenSuspend), a)</c>.</summary>
    GreenletCall,

    /// <summary>GreenRuntime's own blocking API with an awaitable marker overload (<c>Join</c>, <c>Green.Sleep</c>, ...).</summary>
    RuntimeBlocking,

    /// <summary>
    /// A GreenRuntime API that takes a function (<c>Green.Spawn</c>, <c>Green.WithTimeout</c>, ...) with function
    /// arguments that can all become twins: lambdas become green lambdas, <c>[Greenlet]</c> method groups call twins.
    /// </summary>
    RuntimeFunctionTaking,

    /// <summary>A blocking call replaced by a monkey patch (<c>Thread.Sleep</c> → <c>TimePatches.Sleep</c>).</summary>
    MonkeyPatch,

    /// <summary><c>Task.Delay(d).Wait()</c> without a cancellation token → <c>await Green.Sleep(default(GreenSuspend), d)</c>.</summary>
    DelayWait,

    /// <summary>
    /// A <c>foreach</c> whose enumerator (what its <c>GetEnumerator()</c> returns) is a GreenRuntime type with an awaitable
    /// marker overload <c>MoveNext(GreenSuspend)</c> (<c>GreenEnumerator&lt;T&gt;</c>): the loop awaits it before each item.
    /// </summary>
    GreenForEach,

    /// <summary>
    /// Tier 2, the async-twin bridge (<see cref="AsyncTwins"/>): a call with an <c>XxxAsync</c> twin awaited through the
    /// runtime's bridge, or a wait for a task (<c>t.Wait()</c>, <c>t.Result</c>, <c>t.GetAwaiter().GetResult()</c>)
    /// awaiting the task; <see cref="SuspensionPoint.AsyncTwin"/> says how.
    /// </summary>
    AsyncTwin,
}
