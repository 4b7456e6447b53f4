using System.ComponentModel;
namespace GreenRuntime.CompilerServices;

/// <summary>
/// Builds the state machine of a twin that returns <see cref="GreenTask{T}"/>: the C# compiler lowers the
/// twin's <c>async</c> body, and this builder drives it on the hub.
/// </summary>
/// <typeparam name="T">The twin's result type.</typeparam>
/// <remarks>
/// A twin that finishes without suspending allocates nothing. The first suspension boxes the state
/// machine once; every later suspension of the same call reuses that box, so a greenlet that yields in
/// a loop allocates nothing per yield.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct GreenTaskMethodBuilder<T>
{
    private GreenTaskSource<T>? _source;
    private T _result;

    /// <summary>Creates a builder for a new call.</summary>
    public static GreenTaskMethodBuilder<T> Create() => default;

    /// <summary>Runs the state machine synchronously up to its first suspension.</summary>
    [MethodImpl(HotPath.Options)]
    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine => stateMachine.MoveNext();

    /// <summary>Not used: the state machine is boxed by the builder itself.</summary>
    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    /// <summary>The task that represents this call.</summary>
    public readonly GreenTask<T> Task => _source is null ? new GreenTask<T>(_result) : new GreenTask<T>(_source);

    internal readonly GreenTaskSource<T>? Source => _source;

    /// <summary>Completes the call with a result.</summary>
    public void SetResult(T result)
    {
        if (_source is null)
            _result = result;
        else
            _source.SetResult(result);
    }

    /// <summary>Completes the call with an exception.</summary>
    public void SetException(Exception exception)
    {
        if (_source is null)
            _source = CompletedGreenTaskSource<T>.Failed(exception);
        else
            _source.SetException(exception);
    }

    /// <summary>Suspends the state machine until <paramref name="awaiter"/> completes.</summary>
    [MethodImpl(HotPath.Options)]
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        var box = GetBox(ref stateMachine);
        GreenAwaiters.OnCompleted(ref awaiter, box);
    }

    /// <summary>Suspends the state machine until <paramref name="awaiter"/> completes.</summary>
    [MethodImpl(HotPath.Options)]
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        var box = GetBox(ref stateMachine);
        // For our own struct awaiters the JIT devirtualises this call and elides the box.
        GreenAwaiters.OnCompleted(ref awaiter, box);
    }

    private IResumable GetBox<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine => StateMachineBox<T, TStateMachine>.For(ref _source, ref stateMachine);
}

/// <summary>Builds the state machine of a twin that returns <see cref="GreenTask"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct GreenTaskMethodBuilder
{
    // Only the source: a twin that returns nothing needs no result slot in its state machine.
    private GreenTaskSource? _source;

    /// <summary>Creates a builder for a new call.</summary>
    public static GreenTaskMethodBuilder Create() => default;

    /// <summary>Runs the state machine synchronously up to its first suspension.</summary>
    [MethodImpl(HotPath.Options)]
    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine => stateMachine.MoveNext();

    /// <summary>Not used: the state machine is boxed by the builder itself.</summary>
    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    /// <summary>The task that represents this call.</summary>
    public readonly GreenTask Task => new(_source);

    /// <summary>Completes the call.</summary>
    public readonly void SetResult() => _source?.SetVoidResult();

    /// <summary>Completes the call with an exception.</summary>
    public void SetException(Exception exception)
    {
        if (_source is null)
            _source = CompletedGreenTaskSource<VoidResult>.Failed(exception);
        else
            _source.SetException(exception);
    }

    /// <summary>Suspends the state machine until <paramref name="awaiter"/> completes.</summary>
    [MethodImpl(HotPath.Options)]
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        var box = VoidStateMachineBox<TStateMachine>.For(ref _source, ref stateMachine);
        GreenAwaiters.OnCompleted(ref awaiter, box);
    }

    /// <summary>Suspends the state machine until <paramref name="awaiter"/> completes.</summary>
    [MethodImpl(HotPath.Options)]
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        var box = VoidStateMachineBox<TStateMachine>.For(ref _source, ref stateMachine);
        GreenAwaiters.OnCompleted(ref awaiter, box);
    }
}

/// <summary>Hands a suspended state machine to the awaiter it waits on, without boxing the awaiter at any JIT tier.</summary>
internal static class GreenAwaiters
{
    // Tier-0 code (the first ~1-3 s of a method's life on one core) does not devirtualise
    // ((IGreenAwaiter)awaiter).OnCompleted(box): it boxes the struct awaiter, 32-40 B per suspension.
    // Exact-type tests are folded by the JIT at every tier, and Unsafe.As reinterprets without a copy.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OnCompleted<TAwaiter>(ref TAwaiter awaiter, IResumable box)
        where TAwaiter : INotifyCompletion
    {
        if (typeof(TAwaiter) == typeof(SleepAwaitable))
            Unsafe.As<TAwaiter, SleepAwaitable>(ref awaiter).Register(box);
        else if (typeof(TAwaiter) == typeof(GreenEvent.Awaitable))
            Unsafe.As<TAwaiter, GreenEvent.Awaitable>(ref awaiter).Register(box);
        else if (typeof(TAwaiter) == typeof(MoveNextAwaitable))
            Unsafe.As<TAwaiter, MoveNextAwaitable>(ref awaiter).Register(box);
        else if (typeof(TAwaiter) == typeof(GreenLock.Awaitable))
            Unsafe.As<TAwaiter, GreenLock.Awaitable>(ref awaiter).Register(box);
        else if (typeof(TAwaiter) == typeof(GreenLock.ScopeAwaitable))
            Unsafe.As<TAwaiter, GreenLock.ScopeAwaitable>(ref awaiter).Register(box);
        else if (typeof(TAwaiter) == typeof(GreenSemaphore.Awaitable))
            Unsafe.As<TAwaiter, GreenSemaphore.Awaitable>(ref awaiter).Register(box);
        else if (typeof(TAwaiter) == typeof(GreenSemaphore.ScopeAwaitable))
            Unsafe.As<TAwaiter, GreenSemaphore.ScopeAwaitable>(ref awaiter).Register(box);
        else if (awaiter is IGreenAwaiter)
            ((IGreenAwaiter)awaiter).OnCompleted(box);
        else
            ForeignAwait.OnCompleted(ref awaiter, box);
    }
}
