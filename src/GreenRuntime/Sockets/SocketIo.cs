using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets.Linux;
using GreenRuntime.Sockets.Portable;

namespace GreenRuntime.Sockets;

/// <summary>
/// The hub-driven socket operations behind the socket patch and the stream server: each
/// parks only the calling greenlet, on the hub's backend (<see cref="HubBackend"/>). Deadlines are
/// <see cref="System.Diagnostics.Stopwatch"/> timestamps (<see cref="long.MaxValue"/>: none); a timed-out
/// operation throws <see cref="SocketException"/> with <see cref="SocketError.TimedOut"/> and has consumed no data.
/// </summary>
internal static partial class SocketIo
{
    public static GreenTask<int> Receive(Socket socket, Memory<byte> buffer, SocketFlags flags, long deadline)
    {
        var hub = Hub.Current;
        return hub.Backend == HubBackend.Epoll
            ? EpollSocketOps.Receive(hub, socket, buffer, flags, deadline)
            : PortableSocketOps.Receive(hub, socket, buffer, flags, deadline);
    }

    public static GreenTask<int> Send(Socket socket, ReadOnlyMemory<byte> buffer, SocketFlags flags, long deadline)
    {
        var hub = Hub.Current;
        return hub.Backend == HubBackend.Epoll
            ? EpollSocketOps.Send(hub, socket, buffer, flags, deadline)
            : PortableSocketOps.Send(hub, socket, buffer, flags, deadline);
    }

    /// <summary>
    /// <see cref="Receive(Socket, Memory{byte}, SocketFlags, long)"/> until the socket's <see cref="Socket.ReceiveTimeout"/>,
    /// which the epoll backend reads only if the call has to park (the property boxes: the patch's fast path allocates nothing).
    /// </summary>
    public static GreenTask<int> ReceiveUntilSocketTimeout(Socket socket, Memory<byte> buffer, SocketFlags flags)
    {
        var hub = Hub.Current;
        return hub.Backend == HubBackend.Epoll
            ? EpollSocketOps.Receive(hub, socket, buffer, flags, EpollSocketOps.ReceiveTimeoutDeadline)
            : PortableSocketOps.Receive(hub, socket, buffer, flags, DeadlineFromSocketTimeout(socket.ReceiveTimeout));
    }

    /// <summary>
    /// <see cref="Send(Socket, ReadOnlyMemory{byte}, SocketFlags, long)"/> until the socket's <see cref="Socket.SendTimeout"/>,
    /// read (epoll backend) only if the call has to park.
    /// </summary>
    public static GreenTask<int> SendUntilSocketTimeout(Socket socket, ReadOnlyMemory<byte> buffer, SocketFlags flags)
    {
        var hub = Hub.Current;
        return hub.Backend == HubBackend.Epoll
            ? EpollSocketOps.Send(hub, socket, buffer, flags, EpollSocketOps.SendTimeoutDeadline)
            : PortableSocketOps.Send(hub, socket, buffer, flags, DeadlineFromSocketTimeout(socket.SendTimeout));
    }

    public static GreenTask<Socket> Accept(Socket listener, long deadline)
    {
        var hub = Hub.Current;
        return hub.Backend == HubBackend.Epoll
            ? EpollSocketOps.Accept(hub, listener, deadline)
            : PortableSocketOps.Accept(hub, listener, deadline);
    }

    public static GreenTask<bool> WaitReady(Socket socket, IoDirection direction, long deadline)
    {
        var hub = Hub.Current;
        return hub.Backend == HubBackend.Epoll
            ? EpollSocketOps.WaitReady(hub, socket, direction, deadline)
            : PortableSocketOps.WaitReady(hub, socket, direction, deadline);
    }

    /// <summary>
    /// Parks until any of <paramref name="waits"/> may be ready; false if the deadline passed first. A true result
    /// can be stale: callers check readiness again (<see cref="Select"/> does).
    /// </summary>
    private static GreenTask<bool> WaitAny(IReadOnlyList<(Socket Socket, IoDirection Direction)> waits, long deadline, ref long pollInterval)
    {
        var hub = Hub.Current;
        if (hub.Backend == HubBackend.Epoll)
            return EpollSocketOps.WaitAny(hub, waits, deadline);
        // The portable backend waits for reads; writes and listeners it can only poll: look again then, backing off.
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        long pollAt = deadline - now <= pollInterval ? deadline : now + pollInterval;
        pollInterval = PortableSocketOps.NextPollInterval(pollInterval);
        return PortableSocketOps.WaitAny(hub, waits, deadline, pollAt);
    }

    /// <summary>The deadline a socket's <see cref="Socket.ReceiveTimeout"/> or <see cref="Socket.SendTimeout"/> (ms, 0 = none) sets.</summary>
    public static long DeadlineFromSocketTimeout(int milliseconds) =>
        milliseconds <= 0 ? long.MaxValue : Hub.DeadlineAfter(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>
    /// The deadline of <see cref="Socket.Poll(int, SelectMode)"/> and <see cref="Socket.Select(System.Collections.IList?, System.Collections.IList?, System.Collections.IList?, int)"/>
    /// timeouts, read as .NET reads them on Unix: -1 waits forever, anything else is whole milliseconds
    /// (<c>microSeconds / 1000</c>), and a negative number of milliseconds is <c>poll</c>'s "forever".
    /// </summary>
    public static long DeadlineFromMicroseconds(int microSeconds)
    {
        int milliseconds = microSeconds == -1 ? -1 : microSeconds / 1000;
        if (milliseconds < 0)
            return long.MaxValue;
        return milliseconds == 0 ? 0 : Hub.DeadlineAfter(TimeSpan.FromMilliseconds(milliseconds));
    }

    /// <summary>Whether the kernel says <paramref name="socket"/> is listening (<c>SO_ACCEPTCONN</c>).</summary>
    public static bool IsListening(Socket socket) =>
        socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.AcceptConnection) is int listening && listening != 0;

    /// <summary>Whether <paramref name="deadline"/> has passed (0 = "do not wait" has always passed).</summary>
    public static bool Passed(long deadline) => Hub.DeadlinePassed(deadline);
}
