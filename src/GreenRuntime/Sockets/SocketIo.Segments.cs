using System.Net.Sockets;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets;

internal static partial class SocketIo
{
    /// <summary>
    /// A green <see cref="Socket.Receive(IList{ArraySegment{byte}}, SocketFlags)"/> (scatter): .NET's own call,
    /// non-blocking, with a park on readability when nothing is there. A timed-out receive has consumed nothing.
    /// </summary>
    public static async GreenTask<int> Receive(Socket socket, IList<ArraySegment<byte>> buffers, SocketFlags flags, long deadline)
    {
        ArgumentNullException.ThrowIfNull(socket);
        while (true)
        {
            SocketError error;
            int received;
            using (new NonBlockingScope(socket))
                received = socket.Receive(buffers, flags, out error);
            if (error == SocketError.Success)
                return received;
            if (error != SocketError.WouldBlock)
                throw new SocketException((int)error);
            if (!await WaitReady(socket, IoDirection.Read, deadline))
                throw SocketErrors.TimedOut();
        }
    }

    /// <summary>
    /// A green <see cref="Socket.Send(IList{ArraySegment{byte}}, SocketFlags)"/> (gather): sends everything, as
    /// the blocking call does, parking on writability whenever the send buffer is full.
    /// </summary>
    public static async GreenTask<int> Send(Socket socket, IList<ArraySegment<byte>> buffers, SocketFlags flags, long deadline)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var remaining = buffers;
        int total = 0;
        while (true)
        {
            SocketError error;
            int sent;
            using (new NonBlockingScope(socket))
                sent = socket.Send(remaining, flags, out error);
            if (error is SocketError.Success or SocketError.WouldBlock)
            {
                total += sent;
                remaining = Skip(remaining, sent);
                if (remaining.Count == 0)
                    return total;
                if (error == SocketError.Success && sent > 0)
                    continue;
            }
            else
            {
                throw new SocketException((int)error);
            }
            if (!await WaitReady(socket, IoDirection.Write, deadline))
                throw SocketErrors.TimedOut();
        }
    }

    /// <summary>The segments after the first <paramref name="count"/> bytes (empty segments dropped).</summary>
    private static IList<ArraySegment<byte>> Skip(IList<ArraySegment<byte>> segments, int count)
    {
        var rest = new List<ArraySegment<byte>>(segments.Count);
        foreach (var segment in segments)
        {
            if (count >= segment.Count)
            {
                count -= segment.Count;
                continue;
            }
            rest.Add(segment.Slice(count));
            count = 0;
        }
        return rest;
    }
}
