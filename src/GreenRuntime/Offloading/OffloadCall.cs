using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Hubs;

namespace GreenRuntime.Offloading;

/// <summary>
/// A blocking call a greenlet hands to the <see cref="OffloadPool"/> and parks on (<see cref="OffloadAwaitable{T}"/>):
/// the pool thread runs it, records its outcome and posts the greenlet's wake-up to its hub.
/// </summary>
/// <remarks>
/// A kill or timeout abandons the wait at once (the greenlet leaves; the late completion is dropped, never resumes
/// it). Abandoned before a thread took it, the call never runs. Abandoned while it runs, a call made
/// <c>cancellable</c> has its token cancelled, so a call with a <see cref="CancellationToken"/> overload stops (a
/// cancelled <c>BlockingCollection.Take</c> consumes nothing); any other call keeps its thread until it returns, and
/// its result is dropped.
/// </remarks>
internal abstract class OffloadCall<T> : OffloadWork
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int Returned = 2;
    private const int NeverRun = 3;
    private const int Cancelled = 4;

    private readonly string _description;
    private readonly CancellationTokenSource? _cancellation;
    private int _state;
    private volatile bool _finished;
    private T? _result;
    private ExceptionDispatchInfo? _error;
    private ExternalWake? _ticket;

    protected OffloadCall(string description, bool cancellable)
    {
        _description = description;
        if (cancellable)
            _cancellation = new CancellationTokenSource();
    }

    /// <summary>Whether the outcome (result or exception) is recorded.</summary>
    public bool IsFinished => _finished;

    /// <summary>The call's result, or its exception rethrown (after <see cref="IsFinished"/>).</summary>
    public T GetResult()
    {
        _error?.Throw();
        return _result!;
    }

    /// <summary>Makes the completion post <paramref name="ticket"/> (hub thread, when the greenlet parks).</summary>
    public void Attach(ExternalWake ticket)
    {
        // Full fences on both sides: the worker publishes the outcome and then takes the ticket, the hub publishes
        // the ticket and then looks at the outcome; one of them posts.
        Interlocked.Exchange(ref _ticket, ticket);
        if (_finished)
            Interlocked.Exchange(ref _ticket, null)?.Post();
    }

    /// <summary>The greenlet gave up on the call (hub thread): it never runs, or its token is cancelled.</summary>
    public void Abandon()
    {
        Interlocked.Exchange(ref _ticket, null);
        if (Interlocked.CompareExchange(ref _state, NeverRun, Queued) == Queued)
            return;
        if (Interlocked.CompareExchange(ref _state, Cancelled, Running) == Running)
            _cancellation?.Cancel();
    }

    /// <summary>The call itself (a pool thread); <paramref name="cancellation"/> is cancelled when the greenlet gives up.</summary>
    protected abstract T Call(CancellationToken cancellation);

    protected sealed override void Perform()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Queued) != Queued)
            return;
        try
        {
            _result = Call(_cancellation?.Token ?? CancellationToken.None);
        }
        catch (Exception failure)
        {
            _error = ExceptionDispatchInfo.Capture(failure);
        }
        Finish();
    }

    internal sealed override void Fail(Exception failure)
    {
        _error = ExceptionDispatchInfo.Capture(failure);
        Finish();
    }

    private void Finish()
    {
        _finished = true;
        // Only a call nobody cancels can release its source here: a cancelling hub may still be inside Cancel().
        if (Interlocked.CompareExchange(ref _state, Returned, Running) == Running)
            _cancellation?.Dispose();
        Interlocked.Exchange(ref _ticket, null)?.Post();
    }

    /// <summary>What a deadlock report says the greenlet waits for.</summary>
    public override string ToString() => _description + " (on the offload pool)";
}

/// <summary>An <see cref="OffloadCall{T}"/> of a static function and its state (no closure).</summary>
internal sealed class OffloadCall<TState, T>(TState state, Func<TState, CancellationToken, T> call, string description, bool cancellable)
    : OffloadCall<T>(description, cancellable)
{
    protected override T Call(CancellationToken cancellation) => call(state, cancellation);
}

/// <summary>Starts offloaded calls.</summary>
internal static class OffloadCall
{
    /// <summary>
    /// Posts <paramref name="call"/> (with <paramref name="state"/>) to <paramref name="pool"/> (the shared pool by
    /// default) and returns what the current greenlet awaits. A <paramref name="cancellable"/> call gets a token that a
    /// kill or timeout cancels.
    /// </summary>
    public static OffloadAwaitable<T> Start<TState, T>(
        TState state, Func<TState, CancellationToken, T> call, string description, bool cancellable = false, OffloadPool? pool = null)
    {
        var hub = Hub.Current;
        var work = new OffloadCall<TState, T>(state, call, description, cancellable);
        (pool ?? OffloadPool.Shared).Post(work);
        return new OffloadAwaitable<T>(hub, work);
    }

    /// <summary>
    /// <see cref="Start"/> for a patch whose result is a <see cref="GreenTask{T}"/>: the current greenlet parks until the
    /// call returns (or leaves at once, killed or timed out).
    /// </summary>
    public static async GreenTask<T> Run<TState, T>(TState state, Func<TState, CancellationToken, T> call, string description, bool cancellable = false) =>
        await Start(state, call, description, cancellable);
}
