using System.Net;
using System.Net.Sockets;

namespace GreenRuntime.Tests.Sockets;

/// <summary>Loopback sockets for the socket-patch tests, made with ordinary blocking calls before any greenlet runs.</summary>
internal static class PatchTestSockets
{
    /// <summary>A listening TCP socket on 127.0.0.1 with an ephemeral port.</summary>
    public static Socket Listener(int backlog = 16)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }

    public static IPEndPoint EndPointOf(Socket socket) => (IPEndPoint)socket.LocalEndPoint!;

    /// <summary>Two connected TCP sockets.</summary>
    public static (Socket Client, Socket Server) ConnectedPair()
    {
        using var listener = Listener();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(EndPointOf(listener));
        var server = listener.Accept();
        return (client, server);
    }

    /// <summary>A UDP socket bound to 127.0.0.1 with an ephemeral port.</summary>
    public static Socket Udp()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>A loopback endpoint nothing listens on (a port that was just released).</summary>
    public static IPEndPoint ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return EndPointOf(socket);
    }

    /// <summary>
    /// A listener whose accept queue is full (backlog 0 holds one connection, which <paramref name="queued"/> is):
    /// the kernel drops further SYNs, so a connect to it stays in progress for a second or more.
    /// </summary>
    public static Socket FullListener(out Socket queued)
    {
        var listener = Listener(backlog: 0);
        queued = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        queued.Connect(EndPointOf(listener));
        return listener;
    }

    public static void Dispose(params Socket[] sockets)
    {
        foreach (var socket in sockets)
            socket.Dispose();
    }
}
