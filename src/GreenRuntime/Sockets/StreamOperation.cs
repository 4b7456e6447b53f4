using System.Net.Sockets;
using System.Threading.Tasks.Sources;
using GreenRuntime.Hubs;
using GreenRuntime.Monkey;
using GreenRuntime.Sockets.Linux;
using GreenRuntime.Sockets.Portable;

namespace GreenRuntime.Sockets;

/// <summary>
/// A read or write of a <see cref="GreenNetworkStream"/> that met <c>EAGAIN</c>: the source of the
/// <see cref="ValueTask{TResult}"/> the stream returned, waiting on the hub with no greenlet parked.
/// </summary>
/// <remarks>
/// <para>
/// It takes the socket's read or write slot on the hub's backend — the epoll registration's (which queues it on the
/// run queue on readiness or when the socket is closed), or the portable backend's pending .NET operation (whose
/// completion posts it back) — and, run by the hub, retries the call until it completes, then completes the
/// <see cref="ValueTask{TResult}"/> on the hub thread: the awaiting code (a <see cref="StreamReader"/>'s state machine,
/// which awaits with <c>ConfigureAwait(false)</c>) continues inline, inside this hub callback, and may start the
/// stream's next read from there. The tier-2 await of the greenlet that called, say, <c>ReadLine</c> is then woken
/// on the same hub (<see cref="Hub.PostWake"/> from the hub's own thread queues no cross-thread post).
/// </para>
/// <para>
/// One per stream and direction, reused: a stream's steady state allocates nothing here. A cancelled token is
/// seen on the hub (its callback, on whatever thread cancels, only queues this operation): the wait is taken back
/// and the operation ends with <see cref="OperationCanceledException"/> — a read having consumed nothing.
/// </para>
/// </remarks>
internal abstract class StreamOperation<T> : HubCallback, IValueTaskSource<T>, IValueTaskSource
{
    private static readonly Action<object?, CancellationToken> s_onCancelled =
        static (state, _) => ((StreamOperation<T>)state!).OnCancelled();

    private readonly string _operation;
    private ManualResetValueTaskSourceCore<T> _core;   // continuations run synchronously: on the hub thread, in Invoke
    private CancellationToken _token;
    private CancellationTokenRegistration _cancellation;
    private bool _pending;
    private bool _expectingPost;

    /// <param name="stream">The stream.</param>
    /// <param name="operation">"read" or "write", for NetworkStream's messages.</param>
    protected StreamOperation(GreenNetworkStream stream, string operation)
    {
        Stream = stream;
        _operation = operation;
    }

    protected GreenNetworkStream Stream { get; }

    protected Socket Socket => Stream.Socket;

    /// <summary>The hub the operation runs on (set by <see cref="StartCore"/>).</summary>
    protected Hub Hub { get; private set; } = null!;

    protected bool OnEpoll => Hub.Backend == HubBackend.Epoll;

    /// <summary>Whether the operation is waiting (its value task not completed yet).</summary>
    public bool IsPending => _pending;

    protected short Version => _core.Version;

    /// <summary>The non-blocking call: true when done, false when it must wait; throws on failure.</summary>
    protected abstract bool TryComplete(out T result);

    /// <summary>After <see cref="TryComplete"/> returned false: makes the backend queue this operation when it may go on.</summary>
    protected abstract void Wait();

    /// <summary>Takes the wait back (a cancellation): true if the backend will no longer queue this operation for it.</summary>
    protected abstract bool CancelWait();

    /// <summary>Forgets the buffer: not kept alive by a stream that waits no more.</summary>
    protected abstract void Clear();

    /// <summary>
    /// Tries at once; if the call must wait, arms the wait and returns pending (the caller hands out
    /// <c>ValueTask(this, Version)</c>). Returns the failure, already wrapped as NetworkStream's, if it failed at once.
    /// </summary>
    protected Exception? StartCore(Hub hub, CancellationToken token, out bool pending, out T result)
    {
        if (_pending)
        {
            throw new InvalidOperationException(
                $"Another {_operation} on this stream has not finished; a green network stream does one {_operation} at a time.");
        }
        Hub = hub;
        pending = false;
        try
        {
            if (TryComplete(out result))
            {
                Clear();
                return null;
            }
            Wait();
        }
        catch (Exception failure)
        {
            Clear();
            result = default!;
            return Wrap(failure);
        }
        _core.Reset();
        _pending = true;
        pending = true;
        _token = token;
        if (token.CanBeCanceled)
            _cancellation = token.UnsafeRegister(s_onCancelled, this);
        return null;
    }

    /// <summary>The portable backend's wait: <paramref name="operation"/>'s completion, on a .NET thread, posts this back.</summary>
    protected void WaitFor(PendingOperation operation)
    {
        if (!_expectingPost)
        {
            // The greenlet awaiting us is parked on an external wait too; this keeps a hub with none from giving up.
            Hub.ExpectOtherThread();
            _expectingPost = true;
        }
        operation.AttachCallback(Hub, this);
    }

    /// <summary>Run by the hub: readiness, a completion posted back, or a cancellation.</summary>
    public sealed override void Invoke(Hub hub)
    {
        if (_expectingPost)
        {
            _expectingPost = false;
            hub.StopExpectingOtherThread();
        }
        // Queued twice (readiness and a cancellation): the operation already ended.
        if (!_pending)
            return;
        if (_token.IsCancellationRequested)
        {
            CancelWait();
            Finish(default!, new OperationCanceledException(_token));
            return;
        }
        bool done;
        T result;
        try
        {
            done = TryComplete(out result);
            if (!done)
                Wait();
        }
        catch (Exception failure)
        {
            Finish(default!, Wrap(failure));
            return;
        }
        if (done)
            Finish(result, null);
    }

    private void Finish(T result, Exception? failure)
    {
        _pending = false;
        // A callback running on another thread right now only queues this: waiting for it is short.
        _cancellation.Dispose();
        _cancellation = default;
        _token = default;
        Clear();
        // Runs the awaiting code's continuation, here: outside our try, its exceptions are not the operation's.
        if (failure is null)
            _core.SetResult(result);
        else
            _core.SetException(failure);
    }

    private void OnCancelled() => Hub.PostCallback(this);

    private Exception Wrap(Exception failure) =>
        NetworkStreamPatches.IsSocketFailure(failure) ? NetworkStreamPatches.Failure(_operation, failure) : failure;

    public T GetResult(short token) => _core.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>The outcome of a non-blocking call: done, must wait, or a failure (thrown).</summary>
    protected static bool Done(SocketError error) => error switch
    {
        SocketError.Success => true,
        SocketError.WouldBlock => false,
        _ => throw new SocketException((int)error),
    };

    public override string ToString() => $"a {_operation} of a green network stream";
}

/// <summary>A <see cref="GreenNetworkStream"/> read (see <see cref="StreamOperation{T}"/>).</summary>
internal sealed class StreamRead(GreenNetworkStream stream) : StreamOperation<int>(stream, "read")
{
    private Memory<byte> _buffer;
    private SocketRegistration? _registration;
    private PendingOperation<int>? _probe;

    public ValueTask<int> Start(Hub hub, Memory<byte> buffer, CancellationToken token)
    {
        _buffer = buffer;
        var failure = StartCore(hub, token, out bool pending, out int received);
        if (failure is not null)
            return ValueTask.FromException<int>(failure);
        return pending ? new ValueTask<int>(this, Version) : new ValueTask<int>(received);
    }

    protected override unsafe bool TryComplete(out int result)
    {
        // A zero-byte read waits for data without consuming any, as .NET's does (SslStream and pipes rely on it):
        // a peek at one byte tells readable (or end of stream) from EAGAIN.
        byte peeked;
        bool zeroByte = _buffer.IsEmpty;
        var span = zeroByte ? new Span<byte>(&peeked, 1) : _buffer.Span;
        var flags = zeroByte ? SocketFlags.Peek : SocketFlags.None;
        SocketError error;
        if (OnEpoll)
        {
            // Register throws ObjectDisposedException once the socket is closed (also when that is what woke us).
            var registration = _registration = Hub.Epoll.Register(Socket);
            // Nothing there since the last short read: the next data raises an edge (SocketRegistration.ReadDrained).
            if (registration.ReadDrained && !zeroByte)
            {
                result = 0;
                return false;
            }
            error = EpollSocketOps.TryReceive(registration, span, flags, out result);
        }
        else
        {
            result = PortableSocketOps.ReceiveNow(Socket, span, flags, out error);
        }
        if (zeroByte)
            result = 0;
        return Done(error);
    }

    protected override void Wait()
    {
        if (OnEpoll)
        {
            _registration!.Claim(this, IoDirection.Read);
            return;
        }
        _probe = PortableSocket.Of(Socket).StartReadProbe();
        WaitFor(_probe);
    }

    protected override bool CancelWait() =>
        OnEpoll ? _registration?.Unclaim(this, IoDirection.Read) ?? false : _probe?.DetachCallback(this) ?? false;

    protected override void Clear() => _buffer = default;
}

/// <summary>A <see cref="GreenNetworkStream"/> write: everything, as NetworkStream's (see <see cref="StreamOperation{T}"/>).</summary>
internal sealed class StreamWrite(GreenNetworkStream stream) : StreamOperation<int>(stream, "write")
{
    private ReadOnlyMemory<byte> _buffer;
    private int _sent;
    private SocketRegistration? _registration;

    // Portable backend: the .NET send it waits for — its own rest, or one a cancelled write left running.
    private PendingOperation<int>? _waitingFor;
    private bool _restIsOurs;

    public ValueTask Start(Hub hub, ReadOnlyMemory<byte> buffer, CancellationToken token)
    {
        _buffer = buffer;
        _sent = 0;
        _waitingFor = null;
        _restIsOurs = false;
        var failure = StartCore(hub, token, out bool pending, out _);
        if (failure is not null)
            return ValueTask.FromException(failure);
        return pending ? new ValueTask(this, Version) : default;
    }

    protected override bool TryComplete(out int result)
    {
        result = 0;
        if (OnEpoll)
        {
            var registration = _registration = Hub.Epoll.Register(Socket);
            return Done(EpollSocketOps.SendRest(registration, _buffer.Span, ref _sent, SocketFlags.None));
        }
        return TrySendPortable();
    }

    private bool TrySendPortable()
    {
        if (_waitingFor is { } waited)
        {
            if (!waited.IsCompleted)
                return false;
            _waitingFor = null;
            if (_restIsOurs)
            {
                waited.Take();   // throws the send's failure
                return true;
            }
            waited.Discard();
        }
        // A send a cancelled write left running was cancelled but may not have ended: bytes must not interleave.
        var state = PortableSocket.Find(Socket);
        if (state?.SendTail is { IsIdle: false } previous)
        {
            if (!previous.IsCompleted)
            {
                _waitingFor = previous;
                return false;
            }
            previous.Discard();
        }
        int sent = PortableSocketOps.SendNow(Socket, _buffer.Span, SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
            sent = 0;
        else if (error != SocketError.Success)
            throw new SocketException((int)error);
        if (sent == _buffer.Length)
            return true;
        // .NET's async send finishes the rest; a copy, since a cancelled send may go on reading it after we return.
        _waitingFor = (state ?? PortableSocket.Of(Socket)).StartSendTail(_buffer.Slice(sent).ToArray(), SocketFlags.None);
        _restIsOurs = true;
        return false;
    }

    protected override void Wait()
    {
        if (OnEpoll)
            _registration!.Claim(this, IoDirection.Write);
        else
            WaitFor(_waitingFor!);
    }

    protected override bool CancelWait() =>
        OnEpoll ? _registration?.Unclaim(this, IoDirection.Write) ?? false : _waitingFor?.DetachCallback(this) ?? false;

    protected override void Clear() => _buffer = default;
}
