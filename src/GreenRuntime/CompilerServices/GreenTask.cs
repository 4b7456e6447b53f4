using System.Diagnostics;
using System.ComponentModel;

namespace GreenRuntime.CompilerServices;

/// <summary>
/// The task-like type of the resumable twins the generator writes for <c>[Greenlet]</c> methods that return nothing.
/// </summary>
/// <remarks>
/// Unlike <see cref="Task"/> it is driven by the hub of the current thread: no thread pool, no
/// <see cref="SynchronizationContext"/>, no <see cref="ExecutionContext"/> flow. It can be awaited
/// once, from generated code running on the same hub.
/// </remarks>
[AsyncMethodBuilder(typeof(GreenTaskMethodBuilder))]
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenTask
{
    internal readonly GreenTaskSource? Source;

    internal GreenTask(GreenTaskSource? source) => Source = source;

    /// <summary>A task that has already completed.</summary>
    public static GreenTask CompletedTask => default;

    /// <summary>
    /// A task that has already completed with <paramref name="result"/>: what the twin of a <c>[Greenlet]</c> method
    /// with nothing to suspend returns after calling the method.
    /// </summary>
    public static GreenTask<T> FromResult<T>(T result) => new(result);

    /// <summary>Whether the twin has finished (successfully or not).</summary>
    public bool IsCompleted => Source is null || Source.IsCompleted;

    /// <summary>Gets the awaiter the compiler uses for <c>await</c>.</summary>
    public Awaiter GetAwaiter() => new(Source);

    [StackTraceHidden]
    internal void GetResult()
    {
        if (Source is null)
            return;
        if (!Source.IsCompleted)
            throw new InvalidOperationException("The green task has not completed yet.");
        Source.ThrowIfFailed();
    }

    /// <summary>Awaits a <see cref="GreenTask"/> from another twin.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Awaiter : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenTaskSource? _source;

        internal Awaiter(GreenTaskSource? source) => _source = source;

        /// <summary>Whether the awaited twin has finished.</summary>
        public bool IsCompleted => _source is null || _source.IsCompleted;

        /// <summary>Rethrows the twin's exception, if any.</summary>
        [StackTraceHidden]
        public void GetResult() => new GreenTask(_source).GetResult();

        void IGreenAwaiter.OnCompleted(IResumable continuation) => _source!.SetContinuation(continuation);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _source!.SetContinuation(new ActionResumable(continuation));
    }
}

/// <summary>
/// The task-like type of the resumable twins of value-returning <c>[Greenlet]</c> methods.
/// </summary>
/// <typeparam name="T">The method's return type.</typeparam>
[AsyncMethodBuilder(typeof(GreenTaskMethodBuilder<>))]
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct GreenTask<T>
{
    internal readonly GreenTaskSource<T>? Source;
    private readonly T _result;

    internal GreenTask(GreenTaskSource<T> source)
    {
        Source = source;
        _result = default!;
    }

    internal GreenTask(T result)
    {
        Source = null;
        _result = result;
    }

    /// <summary>Whether the twin has finished (successfully or not).</summary>
    public bool IsCompleted => Source is null || Source.IsCompleted;

    /// <summary>Gets the awaiter the compiler uses for <c>await</c>.</summary>
    public Awaiter GetAwaiter() => new(this);

    /// <summary>The same task, seen as one whose result is ignored.</summary>
    public static implicit operator GreenTask(GreenTask<T> task) => new(task.Source);

    [StackTraceHidden]
    internal T GetResult() => Source is null ? _result : Source.GetResult();

    /// <summary>Awaits a <see cref="GreenTask{T}"/> from another twin.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Awaiter : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenTask<T> _task;

        internal Awaiter(GreenTask<T> task) => _task = task;

        /// <summary>Whether the awaited twin has finished.</summary>
        public bool IsCompleted => _task.IsCompleted;

        /// <summary>Returns the twin's result or rethrows its exception.</summary>
        [StackTraceHidden]
        public T GetResult() => _task.GetResult();

        void IGreenAwaiter.OnCompleted(IResumable continuation) => _task.Source!.SetContinuation(continuation);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _task.Source!.SetContinuation(new ActionResumable(continuation));
    }
}

internal sealed class ActionResumable(Action action) : IResumable
{
    public void Resume() => action();
}
