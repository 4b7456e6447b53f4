using System.Collections;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets.Portable;

namespace GreenRuntime.Sockets;

internal static partial class SocketIo
{
    /// <summary>
    /// A green <see cref="Socket.Select(IList?, IList?, IList?, int)"/>: parks until any listed socket is ready or
    /// the deadline passes, then leaves in each list only its ready sockets, as .NET does (all lists empty on a
    /// timeout).
    /// </summary>
    /// <remarks>
    /// Readiness is always decided by .NET's own zero-timeout <see cref="Socket.Select(IList?, IList?, IList?, int)"/>
    /// on copies of the lists (which also validates them as .NET does); the hub only says when to look again. A socket
    /// in <paramref name="checkError"/> is woken by the same epoll events as a reader (errors and hang-ups).
    /// </remarks>
    public static async GreenTask Select(IList? checkRead, IList? checkWrite, IList? checkError, long deadline)
    {
        long pollInterval = PortableSocketOps.MinPollTicks;
        List<(Socket, IoDirection)>? waits = null;
        while (true)
        {
            var readable = Copy(checkRead);
            var writable = Copy(checkWrite);
            var failed = Copy(checkError);
            Socket.Select(readable, writable, failed, 0);
            if (Count(readable) + Count(writable) + Count(failed) > 0 || Passed(deadline))
            {
                Replace(checkRead, readable);
                Replace(checkWrite, writable);
                Replace(checkError, failed);
                return;
            }
            waits ??= Waits(checkRead, checkWrite, checkError);
            await WaitAny(waits, deadline, ref pollInterval);
        }
    }

    /// <summary>
    /// A green <see cref="Socket.Poll(int, SelectMode)"/>: whether the socket is readable / writable / in error
    /// (as .NET's <c>Poll</c> decides it) by the deadline.
    /// </summary>
    public static async GreenTask<bool> Poll(Socket socket, SelectMode mode, long deadline)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (mode is not (SelectMode.SelectRead or SelectMode.SelectWrite or SelectMode.SelectError))
            throw new ArgumentOutOfRangeException(nameof(mode));
        long pollInterval = PortableSocketOps.MinPollTicks;
        (Socket, IoDirection)[]? waits = null;
        while (true)
        {
            if (socket.Poll(0, mode))
                return true;
            if (Passed(deadline))
                return false;
            // Errors and hang-ups wake a reader, so an error wait parks like a read.
            waits ??= [(socket, mode == SelectMode.SelectWrite ? IoDirection.Write : IoDirection.Read)];
            await WaitAny(waits, deadline, ref pollInterval);
        }
    }

    private static ArrayList? Copy(IList? list) => list is { Count: > 0 } ? new ArrayList(list) : null;

    private static int Count(IList? list) => list?.Count ?? 0;

    private static void Replace(IList? list, ArrayList? ready)
    {
        if (list is null)
            return;
        list.Clear();
        if (ready is null)
            return;
        foreach (var socket in ready)
            list.Add(socket);
    }

    private static List<(Socket, IoDirection)> Waits(IList? checkRead, IList? checkWrite, IList? checkError)
    {
        var waits = new List<(Socket, IoDirection)>();
        Add(checkRead, IoDirection.Read);
        Add(checkWrite, IoDirection.Write);
        Add(checkError, IoDirection.Read);
        return waits;

        void Add(IList? list, IoDirection direction)
        {
            if (list is null)
                return;
            foreach (var item in list)
            {
                // Socket.Select above has already rejected anything that is not a socket.
                var wait = ((Socket)item!, direction);
                if (!waits.Contains(wait))
                    waits.Add(wait);
            }
        }
    }
}
