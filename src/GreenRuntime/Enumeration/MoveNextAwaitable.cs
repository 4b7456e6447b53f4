using System.ComponentModel;
using System.Diagnostics;
using GreenRuntime.CompilerServices;

namespace GreenRuntime;

/// <summary>
/// The resumable twin's wait for the next item of a <see cref="GreenEnumerator{T}"/>: what
/// <see cref="GreenEnumerator{T}.MoveNext(GreenSuspend)"/> returns, awaited by the <c>foreach</c> the generator rewrites.
/// </summary>
/// <remarks>
/// Not generic (the result is a <see langword="bool"/>; the item is the enumerator's <c>Current</c>), so the twins'
/// builders hand it the state machine without boxing it at any JIT tier (<c>GreenAwaiters</c>).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct MoveNextAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly IMoveNextWait _wait;

    internal MoveNextAwaitable(IMoveNextWait wait) => _wait = wait;

    /// <summary>Gets the awaiter (the awaitable itself).</summary>
    public MoveNextAwaitable GetAwaiter() => this;

    /// <summary>Whether there is nothing to wait for: the next item is there, the sequence ended, or the wait is interrupted.</summary>
    public bool IsCompleted
    {
        [MethodImpl(HotPath.Options)]
        get => _wait.IsCompleted;
    }

    /// <summary>Returns whether there is a next item (false: the sequence ended); rethrows a kill, a timeout or the producer's error.</summary>
    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    public bool GetResult() => _wait.GetResult();

    void IGreenAwaiter.OnCompleted(IResumable continuation) => _wait.Register(continuation);

    [MethodImpl(HotPath.Options)]
    internal void Register(IResumable continuation) => _wait.Register(continuation);

    /// <inheritdoc />
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <inheritdoc />
    public void UnsafeOnCompleted(Action continuation) => _wait.Register(new ActionResumable(continuation));
}

/// <summary>The non-generic side of a <see cref="GreenEnumerator{T}"/> that its awaitable talks to.</summary>
internal interface IMoveNextWait
{
    bool IsCompleted { get; }

    bool GetResult();

    void Register(IResumable continuation);
}
