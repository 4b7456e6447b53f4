using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace GreenRuntime.CompilerServices;

/// <summary>The completion state behind a <see cref="GreenTask"/> that did not finish synchronously.</summary>
/// <remarks>Hub-thread only: every read and write happens on the thread that owns the hub.</remarks>
internal abstract class GreenTaskSource
{
    // Before completion: null or the IResumable to continue. After: the ExceptionDispatchInfo, or s_success.
    // One slot for the continuation, the completion flag and the error keeps a parked greenlet's box small.
    private static readonly object s_success = new();
    private object? _continuationOrError;

    public bool IsCompleted => ReferenceEquals(_continuationOrError, s_success) || _continuationOrError is ExceptionDispatchInfo;

    /// <summary>Who awaits this pending source (its caller's box, or the greenlet it is the body of); null if none yet or completed.</summary>
    /// <remarks>Read by the blocking monitor from its own thread, while the hub's thread is held.</remarks>
    public IResumable? PendingContinuation => Volatile.Read(ref _continuationOrError) as IResumable;

    public Exception? Error => (_continuationOrError as ExceptionDispatchInfo)?.SourceException;

    public void SetContinuation(IResumable continuation)
    {
        if (_continuationOrError is not null)
            throw new InvalidOperationException("A green task can be awaited only once, and only before it completes.");
        _continuationOrError = continuation;
    }

    public void SetException(Exception exception) => Complete(ExceptionDispatchInfo.Capture(exception));

    [StackTraceHidden]
    public void ThrowIfFailed() => (_continuationOrError as ExceptionDispatchInfo)?.Throw();

    /// <summary>
    /// Makes a completed source pending again, for an owner that reuses one source for successive operations (the
    /// socket waits of <c>Sockets/Linux/ParkedIo</c>): each is awaited once, and its result is taken before the next
    /// starts, so a suspension allocates nothing.
    /// </summary>
    protected void ResetForReuse() => _continuationOrError = null;

    /// <summary>Completes a source that carries no result (a void twin).</summary>
    public void SetVoidResult() => Complete(null);

    protected void Complete(ExceptionDispatchInfo? error)
    {
        var continuation = _continuationOrError as IResumable;
        _continuationOrError = (object?)error ?? s_success;
        if (continuation is Greenlet greenlet)
            greenlet.BodyCompleted(this);
        else
            continuation?.Resume();
    }
}

internal class GreenTaskSource<T> : GreenTaskSource
{
    private T _result = default!;

    public T Result => _result;

    public void SetResult(T result)
    {
        _result = result;
        Complete(null);
    }

    [StackTraceHidden]
    public T GetResult()
    {
        if (!IsCompleted)
            throw new InvalidOperationException("The green task has not completed yet.");
        ThrowIfFailed();
        return _result;
    }
}

/// <summary>A faulted or already-completed source with no state machine behind it.</summary>
internal sealed class CompletedGreenTaskSource<T> : GreenTaskSource<T>
{
    public static CompletedGreenTaskSource<T> Failed(Exception exception)
    {
        var source = new CompletedGreenTaskSource<T>();
        source.SetException(exception);
        return source;
    }
}

/// <summary>The boxed state machine of a suspended twin: the allocation a suspended green call costs.</summary>
internal sealed class StateMachineBox<T, TStateMachine> : GreenTaskSource<T>, IResumable
    where TStateMachine : IAsyncStateMachine
{
    public TStateMachine StateMachine = default!;

    /// <summary>The box of a suspending call: created on its first suspension, reused on every later one.</summary>
    [MethodImpl(HotPath.Options)]
    public static StateMachineBox<T, TStateMachine> For(ref GreenTaskSource<T>? source, ref TStateMachine stateMachine)
    {
        if (source is StateMachineBox<T, TStateMachine> existing)
            return existing;
        var box = new StateMachineBox<T, TStateMachine>();
        // Publish the box before copying: the copy then carries a builder that already points at it.
        source = box;
        box.StateMachine = stateMachine;
        return box;
    }

    [MethodImpl(HotPath.Options)]
    public void Resume() => StateMachine.MoveNext();
}

/// <summary>The boxed state machine of a suspended twin that returns nothing: no result slot.</summary>
internal sealed class VoidStateMachineBox<TStateMachine> : GreenTaskSource, IResumable
    where TStateMachine : IAsyncStateMachine
{
    public TStateMachine StateMachine = default!;

    [MethodImpl(HotPath.Options)]
    public static VoidStateMachineBox<TStateMachine> For(ref GreenTaskSource? source, ref TStateMachine stateMachine)
    {
        if (source is VoidStateMachineBox<TStateMachine> existing)
            return existing;
        var box = new VoidStateMachineBox<TStateMachine>();
        source = box;
        box.StateMachine = stateMachine;
        return box;
    }

    [MethodImpl(HotPath.Options)]
    public void Resume() => StateMachine.MoveNext();
}

/// <summary>The result type of a twin that returns nothing.</summary>
internal readonly struct VoidResult;
