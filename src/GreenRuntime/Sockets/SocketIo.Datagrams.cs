using System.Net;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets;

internal static partial class SocketIo
{
    /// <summary>
    /// A green <c>Socket.ReceiveFrom</c>: waits until the socket is readable, then receives one datagram (or, on a
    /// stream socket, what is available) with .NET's own call, so .NET's checks (the socket must be bound) and its
    /// address conversion apply. <paramref name="remoteEP"/> is the template .NET's <c>ref EndPoint</c> is: its
    /// family must match the socket's; the sender comes back in its place.
    /// </summary>
    /// <remarks>A timed-out or interrupted receive has consumed nothing.</remarks>
    public static async GreenTask<(int Received, EndPoint RemoteEndPoint)> ReceiveFrom(
        Socket socket, Memory<byte> buffer, SocketFlags flags, EndPoint remoteEP, long deadline)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(remoteEP);
        while (true)
        {
            // Readiness first: an idle socket then costs a poll, not a WouldBlock exception.
            if (!await WaitReady(socket, IoDirection.Read, deadline))
                throw SocketErrors.TimedOut();
            if (TryReceiveFrom(socket, buffer.Span, flags, remoteEP, out int received, out var sender))
                return (received, sender);
        }
    }

    /// <summary>
    /// A green <c>Socket.SendTo</c>: .NET's own non-blocking call, parking on writability when the send buffer is
    /// full. On a stream socket everything is sent, as a blocking send does.
    /// </summary>
    public static async GreenTask<int> SendTo(Socket socket, ReadOnlyMemory<byte> buffer, SocketFlags flags, EndPoint remoteEP, long deadline)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(remoteEP);
        int sent = 0;
        while (true)
        {
            if (TrySendTo(socket, buffer.Span.Slice(sent), flags, remoteEP, out int count))
            {
                sent += count;
                if (sent == buffer.Length || socket.SocketType != SocketType.Stream)
                    return sent;
                continue;
            }
            if (!await WaitReady(socket, IoDirection.Write, deadline))
                throw SocketErrors.TimedOut();
        }
    }

    private static bool TryReceiveFrom(Socket socket, Span<byte> buffer, SocketFlags flags, EndPoint remoteEP, out int received, out EndPoint sender)
    {
        using var nonBlocking = new NonBlockingScope(socket);
        sender = remoteEP;
        try
        {
            received = socket.ReceiveFrom(buffer, flags, ref sender);
            return true;
        }
        catch (SocketException wouldBlock) when (wouldBlock.SocketErrorCode == SocketError.WouldBlock)
        {
            // A stale wake-up: someone else took the datagram, or readiness was only an error already reported.
            received = 0;
            return false;
        }
    }

    private static bool TrySendTo(Socket socket, ReadOnlySpan<byte> buffer, SocketFlags flags, EndPoint remoteEP, out int sent)
    {
        using var nonBlocking = new NonBlockingScope(socket);
        try
        {
            sent = socket.SendTo(buffer, flags, remoteEP);
            return true;
        }
        catch (SocketException wouldBlock) when (wouldBlock.SocketErrorCode == SocketError.WouldBlock)
        {
            sent = 0;
            return false;
        }
    }
}
