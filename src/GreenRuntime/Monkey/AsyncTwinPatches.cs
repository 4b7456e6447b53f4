using System.ComponentModel;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Monkey;

/// <summary>
/// Tier 2 of the monkey patches, the async-twin bridge (docs/internals.md, "Suspension points"): inside
/// <c>[Greenlet]</c> bodies the generator rewrites a blocking call that has an <c>XxxAsync</c> twin into an await of
/// the twin through these methods — <c>reader.ReadLine()</c> →
/// <c>await AsyncTwinPatches.AwaitCancellable(default(GreenSuspend), reader.ReadLineAsync(cancellationToken: AsyncTwinPatches.Token(default(GreenSuspend))))</c>
/// — and a synchronous wait for a task (<c>task.Wait()</c>, <c>task.Result</c>, <c>task.GetAwaiter().GetResult()</c>)
/// into an await of the task. A twin that does its waiting synchronously (<c>File.ReadAllTextAsync</c> opens the file
/// before it returns) is not called: the call runs on another thread instead (<see cref="Offload{TState, TResult}"/>).
/// </summary>
/// <remarks>
/// Every operation that completed already is read at once, with no allocation and no turn of the hub. One that has not
/// parks the greenlet interruptibly: a kill or a <c>Green.Timeout</c> gives the wait up at once and cancels the token
/// the call was given; the operation's late completion is then ignored. Failures are thrown as the synchronous call
/// throws them: <c>Task.Wait()</c> and <c>Task&lt;T&gt;.Result</c> wrap them in an <see cref="AggregateException"/>,
/// everything else (<c>GetAwaiter().GetResult()</c>, <c>ValueTask&lt;T&gt;.Result</c>, a twin standing for the
/// synchronous method) throws the operation's own exception.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AsyncTwinPatches
{
    /// <summary>
    /// The cancellation token for one call of a twin that takes one, cancelled if the greenlet is killed or timed out
    /// while it waits for that call (the token of a call that completed at once is lent to the next call).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public static CancellationToken Token(GreenSuspend suspend) => TwinTokens.Of(Hub.Current).Lend();

    /// <summary>Awaits a twin that was given <see cref="Token"/> as its cancellation token.</summary>
    [MethodImpl(HotPath.Options)]
    public static TwinAwaitable AwaitCancellable(GreenSuspend suspend, Task task) => new(new ValueTask(NotNull(task)), TwinResult.Unwrapped, lentToken: true);

    /// <summary>Awaits a twin that was given <see cref="Token"/> as its cancellation token.</summary>
    [MethodImpl(HotPath.Options)]
    public static TwinAwaitable AwaitCancellable(GreenSuspend suspend, ValueTask task) => new(task, TwinResult.Unwrapped, lentToken: true);

    /// <summary>Awaits a twin that was given <see cref="Token"/> as its cancellation token.</summary>
    [MethodImpl(HotPath.Options)]
    public static TwinAwaitable<T> AwaitCancellable<T>(GreenSuspend suspend, Task<T> task) => new(new ValueTask<T>(NotNull(task)), TwinResult.Unwrapped, lentToken: true);

    /// <summary>Awaits a twin that was given <see cref="Token"/> as its cancellation token.</summary>
    [MethodImpl(HotPath.Options)]
    public static TwinAwaitable<T> AwaitCancellable<T>(GreenSuspend suspend, ValueTask<T> task) => new(task, TwinResult.Unwrapped, lentToken: true);

    /// <summary>Awaits a twin that takes no cancellation token, or a task's <c>GetAwaiter().GetResult()</c>.</summary>
    [MethodImpl(HotPath.Options)]
    public static TwinAwaitable Await(GreenSuspend suspend, Task task) => new(new ValueTask(NotNull(task)), TwinResult.Unwrapped, lentToken: false);

    /// <summary>Awaits a twin that takes no cancellation token, or a value task's <c>GetAwaiter().GetResult()</c>.</summary>
    [MethodImpl(HotPath.Options)]
    public static TwinAwaitable Await(GreenSuspend suspend, ValueTask task) => new(task, TwinResult.Unwrapped, lentToken: false);

    /// <summary>Awaits a twin that takes no cancellation token, or a task's <c>GetAwaiter().GetResult()</c>.</summary>
    [MethodImpl(HotPath.Options)]
    public static TwinAwaitable<T> Await<T>(GreenSuspend suspend, Task<T> task) => new(new ValueTask<T>(NotNull(task)), TwinResult.Unwrapped, lentToken: false);

    /// <summary>
    /// Awaits a twin that takes no cancellation token, or a value task's <c>GetAwaiter().GetResult()</c> or
    /// <see cref="ValueTask{TResult}.Result"/> (which throws the operation's own exception too).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public static TwinAwaitable<T> Await<T>(GreenSuspend suspend, ValueTask<T> task) => new(task, TwinResult.Unwrapped, lentToken: false);

    /// <summary>Replaces <see cref="Task.Wait()"/>: awaits the task, a failure wrapped in an <see cref="AggregateException"/> as <c>Wait()</c> wraps it.</summary>
    [MethodImpl(HotPath.Options)]
    public static TwinAwaitable Wait(GreenSuspend suspend, Task task) => new(new ValueTask(NotNull(task)), TwinResult.Aggregated, lentToken: false);

    /// <summary>Replaces <see cref="Task{TResult}.Result"/>: awaits the task, a failure wrapped in an <see cref="AggregateException"/> as <c>Result</c> wraps it.</summary>
    [MethodImpl(HotPath.Options)]
    public static TwinAwaitable<T> Result<T>(GreenSuspend suspend, Task<T> task) => new(new ValueTask<T>(NotNull(task)), TwinResult.Aggregated, lentToken: false);

    /// <summary>
    /// Runs a blocking call whose twin is not truly asynchronous on another thread while the greenlet parks
    /// (<c>Green.Offload</c>): <paramref name="state"/> carries the receiver and the arguments, evaluated on the hub
    /// in the order the call evaluates them; <paramref name="call"/> makes the call with them.
    /// </summary>
    public static GreenTask<TResult> Offload<TState, TResult>(GreenSuspend suspend, TState state, Func<TState, TResult> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Green.Offload(suspend, () => call(state));
    }

    /// <summary>The <see langword="void"/> form of <see cref="Offload{TState, TResult}"/>.</summary>
    public static GreenTask Offload<TState>(GreenSuspend suspend, TState state, Action<TState> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Green.Offload(suspend, () => call(state));
    }

    // Task.Wait() and friends throw NullReferenceException on a null task; so does awaiting it.
    private static T NotNull<T>(T task)
        where T : class => task ?? throw new NullReferenceException("The task awaited in place of a blocking call is null.");
}
