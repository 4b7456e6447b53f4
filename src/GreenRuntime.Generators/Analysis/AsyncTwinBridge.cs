namespace GreenRuntime.Generators.Analysis;

/// <summary>How a tier-2 suspension point (<see cref="AsyncTwin"/>) is rewritten; each names a method of <c>GreenRuntime.Monkey.AsyncTwinPatches</c>.</summary>
internal enum AsyncTwinBridge
{
    /// <summary><c>x.M(a)</c> → <c>await AsyncTwinPatches.Await(M, x.MAsync(a))</c>, for a twin with no token; also <c>t.GetAwaiter().GetResult()</c> → <c>await AsyncTwinPatches.Await(M, t)</c>.</summary>
    Await,

    /// <summary><c>x.M(a)</c> → <c>await AsyncTwinPatches.AwaitCancellable(M, x.MAsync(a, cancellationToken: AsyncTwinPatches.Token(M)))</c>.</summary>
    AwaitCancellable,

    /// <summary><c>t.Wait()</c> → <c>await AsyncTwinPatches.Wait(M, t)</c> (a failure wrapped in an <c>AggregateException</c>, as <c>Wait()</c> does).</summary>
    Wait,

    /// <summary><c>t.Result</c> of a <c>Task&lt;T&gt;</c> → <c>(await AsyncTwinPatches.Result(M, t))</c> (wrapped like <c>Result</c>).</summary>
    Result,

    /// <summary>
    /// A twin that is not truly asynchronous (<see cref="AsyncTwins"/>' table): the call runs on another thread,
    /// <c>x.M(a)</c> → <c>await AsyncTwinPatches.Offload&lt;(X, A), R&gt;(M, (x, a), static s => s.Item1.M(s.Item2))</c>.
    /// </summary>
    Offload,
}
