using System.Net.Sockets;

namespace GreenRuntime.Sockets.Portable;

/// <summary>
/// What the portable backend keeps per socket: its .NET async operations — the readiness probe, the accept,
/// the tail of a send — which may still be ending, or hold an outcome, after the greenlet that started them
/// gave up.
/// </summary>
/// <remarks>
/// Kept in a <see cref="ConditionalWeakTable{TKey, TValue}"/>, so it lives exactly as long as the socket and a
/// socket needs no registration. Used from the hub thread that runs the socket's greenlets.
/// </remarks>
internal sealed class PortableSocket
{
    private static readonly ConditionalWeakTable<Socket, PortableSocket> s_states = [];
    private static readonly ConditionalWeakTable<Socket, PortableSocket>.CreateValueCallback s_create = static s => new PortableSocket(s);

    // A 1-byte peek is the readiness probe for datagram sockets: a zero-byte receive may consume a datagram
    // on some platforms. The byte is never read, so every probe may share it.
    private static readonly byte[] s_peekByte = new byte[1];

    private readonly Socket _socket;
    private PendingOperation<int>? _readProbe;
    private PendingOperation<Socket>? _accept;
    private PendingOperation<int>? _sendTail;

    private PortableSocket(Socket socket)
    {
        _socket = socket;
    }

    public static PortableSocket Of(Socket socket) => s_states.GetValue(socket, s_create);

    public static PortableSocket? Find(Socket socket) => s_states.TryGetValue(socket, out var state) ? state : null;

    /// <summary>The send still in flight after its greenlet gave up, if any (it was cancelled and is ending).</summary>
    public PendingOperation<int>? SendTail => _sendTail;

    /// <summary>
    /// A probe that completes when the socket is readable (data, end of stream, an error) without consuming
    /// anything. A probe still running from an abandoned wait is reused; one that completed before is stale
    /// (the caller just found nothing to read) and is replaced.
    /// </summary>
    public PendingOperation<int> StartReadProbe()
    {
        var probe = _readProbe ??= new PendingOperation<int>(this, "readability");
        if (probe.IsCompleted)
            probe.Discard();
        if (probe.IsIdle)
        {
            var token = probe.NextToken();
            probe.Start(_socket.SocketType == SocketType.Stream
                ? _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, token)
                : _socket.ReceiveAsync(s_peekByte, SocketFlags.Peek, token));
        }
        return probe;
    }

    /// <summary>
    /// The listener's accept: a connection an abandoned accept took after all (its cancellation came too late),
    /// an accept still ending, or a new one.
    /// </summary>
    public PendingOperation<Socket> StartAccept()
    {
        var accept = _accept ??= new PendingOperation<Socket>(this, "a connection to accept");
        // Cancelled in time: it took nothing, and the connection it waited for is still in the backlog.
        if (accept.WasCancelled)
            accept.Discard();
        if (accept.IsIdle)
            accept.Start(_socket.AcceptAsync(accept.NextToken()));
        return accept;
    }

    /// <summary>Whether an abandoned accept took a connection that the next <c>Accept</c> will return.</summary>
    public bool HasAcceptedConnection => _accept is { Succeeded: true };

    /// <summary>Sends <paramref name="rest"/> asynchronously; the caller must have found no send tail in flight.</summary>
    public PendingOperation<int> StartSendTail(ReadOnlyMemory<byte> rest, SocketFlags flags)
    {
        var tail = _sendTail ??= new PendingOperation<int>(this, "room to send");
        tail.Start(_socket.SendAsync(rest, flags, tail.NextToken()));
        return tail;
    }

    /// <summary>Whether the socket is listening (the readiness of a listener is a pending connection).</summary>
    public bool IsListening()
    {
        if (_socket.SocketType != SocketType.Stream || _socket.Connected || !_socket.IsBound)
            return false;
        return SocketIo.IsListening(_socket);
    }

    public override string ToString()
    {
        try
        {
            return $"socket {_socket.LocalEndPoint} -> {_socket.RemoteEndPoint?.ToString() ?? "unconnected"}";
        }
        catch (ObjectDisposedException)
        {
            return "a closed socket";
        }
        catch (SocketException)
        {
            return $"socket {_socket.LocalEndPoint}";
        }
    }
}
