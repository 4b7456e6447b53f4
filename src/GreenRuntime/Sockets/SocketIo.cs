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
internal static class SocketIo
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

    /// <summary>The deadline a socket's <see cref="Socket.ReceiveTimeout"/> or <see cref="Socket.SendTimeout"/> (ms, 0 = none) sets.</summary>
    public static long DeadlineFromSocketTimeout(int milliseconds) =>
        milliseconds <= 0 ? long.MaxValue : Hub.DeadlineAfter(TimeSpan.FromMilliseconds(milliseconds));
}
