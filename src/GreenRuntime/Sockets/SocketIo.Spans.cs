using System.Net;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets;

internal static partial class SocketIo
{
    /// <summary>
    /// A green <see cref="Socket.Send(ReadOnlySpan{byte}, SocketFlags)"/> (the whole buffer, as a blocking send):
    /// what the socket takes at once goes straight from the span; a span cannot wait, so the rest is copied and
    /// <see cref="Send(Socket, ReadOnlyMemory{byte}, SocketFlags, long)"/> finishes it while the greenlet parks,
    /// until the socket's <see cref="Socket.SendTimeout"/>.
    /// </summary>
    public static GreenTask<int> SendSpan(Socket socket, ReadOnlySpan<byte> buffer, SocketFlags flags)
    {
        int sent = 0;
        // The portable backend may still be finishing a send abandoned by a kill or timeout, which its Send waits
        // for before sending more; the epoll backend keeps no send in flight, so only there may bytes go at once.
        if (Hub.Current.Backend == HubBackend.Epoll)
        {
            SocketError error;
            using (new NonBlockingScope(socket))
                sent = socket.Send(buffer, flags, out error);
            if (error is not (SocketError.Success or SocketError.WouldBlock))
                throw new SocketException((int)error);
            if (sent == buffer.Length)
                return new GreenTask<int>(sent);
        }
        return SendRest(socket, buffer.Slice(sent).ToArray(), flags, sent);
    }

    /// <summary>
    /// A green <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, EndPoint)"/>: a datagram goes whole or not
    /// at all, so from the span if the socket takes it now, otherwise from a copy by
    /// <see cref="SendTo(Socket, ReadOnlyMemory{byte}, SocketFlags, EndPoint, long)"/> (until the socket's
    /// <see cref="Socket.SendTimeout"/>).
    /// </summary>
    public static GreenTask<int> SendToSpan(Socket socket, ReadOnlySpan<byte> buffer, SocketFlags flags, EndPoint remoteEP)
    {
        ArgumentNullException.ThrowIfNull(remoteEP);
        // On a stream socket the address is ignored and a send may be partial: the copy sends it all, in order.
        if (socket.SocketType != SocketType.Stream && TrySendTo(socket, buffer, flags, remoteEP, out int sent))
            return new GreenTask<int>(sent);
        return SendTo(socket, buffer.ToArray(), flags, remoteEP, DeadlineFromSocketTimeout(socket.SendTimeout));
    }

    /// <summary>
    /// A green <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/>, as
    /// <see cref="SendToSpan(Socket, ReadOnlySpan{byte}, SocketFlags, EndPoint)"/> (a datagram socket: the
    /// <see cref="SocketAddress"/> overload is for connectionless sends).
    /// </summary>
    public static GreenTask<int> SendToSpan(Socket socket, ReadOnlySpan<byte> buffer, SocketFlags flags, SocketAddress socketAddress)
    {
        ArgumentNullException.ThrowIfNull(socketAddress);
        if (TrySendTo(socket, buffer, flags, socketAddress, out int sent))
            return new GreenTask<int>(sent);
        return SendToWhenWritable(socket, buffer.ToArray(), flags, socketAddress);
    }

    private static async GreenTask<int> SendRest(Socket socket, byte[] rest, SocketFlags flags, int alreadySent)
    {
        await Send(socket, rest, flags, DeadlineFromSocketTimeout(socket.SendTimeout));
        return alreadySent + rest.Length;
    }

    private static async GreenTask<int> SendToWhenWritable(Socket socket, byte[] datagram, SocketFlags flags, SocketAddress socketAddress)
    {
        long deadline = DeadlineFromSocketTimeout(socket.SendTimeout);
        while (true)
        {
            if (!await WaitReady(socket, IoDirection.Write, deadline))
                throw SocketErrors.TimedOut();
            if (TrySendTo(socket, datagram, flags, socketAddress, out int sent))
                return sent;
        }
    }

    private static bool TrySendTo(Socket socket, ReadOnlySpan<byte> datagram, SocketFlags flags, SocketAddress socketAddress, out int sent)
    {
        using var nonBlocking = new NonBlockingScope(socket);
        try
        {
            sent = socket.SendTo(datagram, flags, socketAddress);
            return true;
        }
        catch (SocketException wouldBlock) when (wouldBlock.SocketErrorCode == SocketError.WouldBlock)
        {
            sent = 0;
            return false;
        }
    }
}
