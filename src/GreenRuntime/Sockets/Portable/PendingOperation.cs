using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Hubs;

namespace GreenRuntime.Sockets.Portable;

/// <summary>
/// One outstanding .NET async socket operation (a readiness probe, an accept, the tail of a send) and its
/// outcome, kept until a greenlet takes it.
/// </summary>
/// <remarks>
/// The completion arrives on a thread-pool thread; it records the outcome and posts the parked greenlet's
/// ticket, if any, back to its hub. Everything else runs on the hub thread. At most one greenlet waits at a
/// time (like an epoll registration's reader or writer slot).
/// <para>
/// A wait given up by a kill or timeout cancels the operation: a probe must not outlive its wait (.NET closes
/// a socket with a pending operation abortively, RST instead of FIN), a send must not go on after its caller
/// gave up, and an accept must leave later connections in the backlog, where <c>Poll</c> and a plain
/// <c>Accept</c> see them. An operation that completed anyway (an accept that beat the cancellation) keeps its
/// outcome for the next waiter, so nothing is lost.
/// </para>
/// </remarks>
internal abstract class PendingOperation
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int Completed = 2;

    private readonly PortableSocket _owner;
    private readonly string _kind;
    private int _state;

    // Reused while never cancelled: most operations complete and the token costs nothing then.
    private CancellationTokenSource? _cancellation;

    // Set while a greenlet is parked; whichever of the completion and the parker takes it posts the wake-up.
    private ExternalWake? _ticket;

    // Set while a green stream's operation waits here instead of a greenlet (posted to its hub the same way).
    private HubCallback? _callback;
    private Hub? _callbackHub;

    /// <param name="owner">The socket, for deadlock reports.</param>
    /// <param name="kind">What a waiter waits for, for messages.</param>
    protected PendingOperation(PortableSocket owner, string kind)
    {
        _owner = owner;
        _kind = kind;
    }

    // The greenlet parked on this operation (hub thread).
    private Greenlet? Waiter { get; set; }

    public bool IsIdle => Volatile.Read(ref _state) == Idle;

    public bool IsCompleted => Volatile.Read(ref _state) == Completed;

    /// <summary>The token to start the operation with (hub thread, while idle).</summary>
    public CancellationToken NextToken() => (_cancellation ??= new CancellationTokenSource()).Token;

    /// <summary>Throws if another greenlet is already parked here (two readers of one socket are a usage error).</summary>
    public void EnsureNoOtherWaiter(Greenlet greenlet)
    {
        var waiter = Waiter;
        if (waiter is not null && waiter != greenlet)
        {
            throw new InvalidOperationException(
                $"Greenlet '{waiter.Name}' is already waiting for {_kind} on this socket; " +
                $"greenlet '{greenlet.Name}' cannot wait for the same at the same time.");
        }
        if (Volatile.Read(ref _callback) is not null)
        {
            throw new InvalidOperationException(
                $"A stream over this socket is already waiting for {_kind}; greenlet '{greenlet.Name}' cannot wait for the same at the same time.");
        }
    }

    /// <summary>
    /// Makes the completion queue <paramref name="callback"/> on <paramref name="hub"/> (a green stream's operation,
    /// which waits with no greenlet parked); at once if the operation has completed already.
    /// </summary>
    public void AttachCallback(Hub hub, HubCallback callback)
    {
        if (Waiter is { } waiter)
        {
            throw new InvalidOperationException(
                $"Greenlet '{waiter.Name}' is already waiting for {_kind} on this socket; a stream over it cannot wait for the same at the same time.");
        }
        _callbackHub = hub;
        Interlocked.Exchange(ref _callback, callback);
        if (IsCompleted && Interlocked.Exchange(ref _callback, null) is { } completed)
            hub.PostCallback(completed);
    }

    /// <summary>
    /// Takes <paramref name="callback"/> off the operation (its stream operation was cancelled): true if it was still
    /// attached, and so will not be queued; an operation that has not completed is cancelled, as a given-up wait's is.
    /// </summary>
    public bool DetachCallback(HubCallback callback)
    {
        bool detached = Interlocked.CompareExchange(ref _callback, null, callback) == callback;
        if (detached && !IsCompleted)
            _cancellation?.Cancel();
        return detached;
    }

    public void Park(Hub hub, Greenlet greenlet, IResumable continuation, long deadline) =>
        Attach(greenlet, hub.ParkExternal(greenlet, continuation, this, interruptible: true, deadline));

    /// <summary>Makes the completion post <paramref name="ticket"/> (which may be shared by several operations).</summary>
    public void Attach(Greenlet greenlet, ExternalWake ticket)
    {
        Waiter = greenlet;
        Interlocked.Exchange(ref _ticket, ticket);
        // The completion may have come between the caller's check and the ticket being visible to it.
        if (IsCompleted)
            Interlocked.Exchange(ref _ticket, null)?.Post();
    }

    /// <summary>
    /// After any wake-up (completion, kill, timeout, deadline): the greenlet no longer waits here. A wait given
    /// up before the operation completed cancels it.
    /// </summary>
    public void Unpark(Greenlet greenlet)
    {
        if (Waiter == greenlet)
            Waiter = null;
        // An abandoned ticket would be ignored by the hub anyway; dropping it keeps the completion from posting it.
        Interlocked.Exchange(ref _ticket, null);
        if (!IsCompleted)
            _cancellation?.Cancel();
    }

    protected void MarkRunning() => Volatile.Write(ref _state, Running);

    /// <summary>Publishes the recorded outcome and wakes the parked greenlet, if any (any thread).</summary>
    protected void MarkCompleted()
    {
        Volatile.Write(ref _state, Completed);
        Interlocked.Exchange(ref _ticket, null)?.Post();
        if (Interlocked.Exchange(ref _callback, null) is { } callback)
            _callbackHub!.PostCallback(callback);
    }

    protected void MarkIdle()
    {
        if (_cancellation is not null && !_cancellation.TryReset())
        {
            _cancellation.Dispose();
            _cancellation = null;
        }
        Volatile.Write(ref _state, Idle);
    }

    public override string ToString() => $"{_kind} on {_owner} (portable backend)";
}

/// <summary>A <see cref="PendingOperation"/> whose outcome is a <typeparamref name="T"/> or an exception.</summary>
internal sealed class PendingOperation<T> : PendingOperation
{
    private readonly Action _onCompleted;
    private ValueTask<T> _operation;
    private T? _result;
    private ExceptionDispatchInfo? _error;

    /// <param name="owner">The socket, for deadlock reports.</param>
    /// <param name="kind">What a waiter waits for, for messages.</param>
    public PendingOperation(PortableSocket owner, string kind)
        : base(owner, kind)
    {
        _onCompleted = OnCompleted;
    }

    /// <summary>Adopts an operation just started with <see cref="PendingOperation.NextToken"/> (hub thread, only while idle).</summary>
    public void Start(ValueTask<T> operation)
    {
        if (operation.IsCompleted)
        {
            Record(operation);
            MarkCompleted();
            return;
        }
        _operation = operation;
        MarkRunning();
        operation.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onCompleted);
    }

    private void OnCompleted()
    {
        var operation = _operation;
        _operation = default;
        Record(operation);
        MarkCompleted();
    }

    // Consumes the ValueTask exactly once (its source is the socket's reusable event args) and observes any error.
    private void Record(ValueTask<T> operation)
    {
        try
        {
            _result = operation.GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            _error = ExceptionDispatchInfo.Capture(exception);
        }
    }

    /// <summary>Whether the operation ended because a given-up wait cancelled it (so it produced nothing).</summary>
    public bool WasCancelled => IsCompleted && _error?.SourceException is OperationCanceledException;

    /// <summary>Whether the operation completed with a result (not an error).</summary>
    public bool Succeeded => IsCompleted && _error is null;

    /// <summary>Takes the outcome of a completed operation, rethrowing its error; the slot becomes idle.</summary>
    public T Take()
    {
        var result = _result;
        var error = _error;
        Discard();
        error?.Throw();
        return result!;
    }

    /// <summary>Forgets the outcome of a completed operation; the slot becomes idle.</summary>
    public void Discard()
    {
        _result = default;
        _error = null;
        MarkIdle();
    }
}
