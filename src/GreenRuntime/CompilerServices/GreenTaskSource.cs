using System.Runtime.ExceptionServices;

namespace GreenRuntime.CompilerServices;

/// <summary>The completion state behind a <see cref="GreenTask"/> that did not finish synchronously.</summary>
/// <remarks>Hub-thread only: every read and write happens on the thread that owns the hub.</remarks>
internal abstract class GreenTaskSource
{
    private IResumable? _continuation;
    private ExceptionDispatchInfo? _error;
    private bool _completed;

    public bool IsCompleted => _completed;

    public Exception? Error => _error?.SourceException;

    public void SetContinuation(IResumable continuation)
    {
        if (_continuation is not null)
            throw new InvalidOperationException("A green task can be awaited only once.");
        _continuation = continuation;
    }

    public void SetException(Exception exception)
    {
        _error = ExceptionDispatchInfo.Capture(exception);
        Complete();
    }

    public void ThrowIfFailed() => _error?.Throw();

    protected void Complete()
    {
        _completed = true;
        var continuation = _continuation;
        if (continuation is not null)
        {
            _continuation = null;
            continuation.Resume();
        }
    }
}

internal class GreenTaskSource<T> : GreenTaskSource
{
    private T _result = default!;

    public T Result => _result;

    public void SetResult(T result)
    {
        _result = result;
        Complete();
    }

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

    public void Resume() => StateMachine.MoveNext();
}

/// <summary>The result type of a twin that returns nothing.</summary>
internal readonly struct VoidResult;
