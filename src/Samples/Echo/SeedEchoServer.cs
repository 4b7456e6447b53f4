using System.Net;
using System.Net.Sockets;

namespace GreenRuntime.Samples.Echo;

/// <summary>The seed's server, written as the seed writes it: an accept loop that spawns a handler per connection.</summary>
public static partial class SeedEchoServer
{
    /// <summary>
    /// <code>
    /// def server(ip, port, backlog=5):
    ///     server = socket(AF_INET, SOCK_STREAM)
    ///     server.bind((ip, port))
    ///     server.listen(backlog)
    ///     while True:
    ///         conn, client_addr = server.accept()
    ///         print(client_addr)
    ///         spawn(comunicate, conn)
    /// </code>
    /// One addition a long-running server needs: when the process runs out of file descriptors, <c>Accept</c> throws
    /// (<c>EMFILE</c>, "Too many open files", as in gevent) — which would end the loop and the server. Here the loop
    /// says so and backs off instead (10 ms, doubling up to 1 s) while the connections it has are served; new ones wait
    /// in the backlog until handlers close theirs. (StreamServer does the same by itself.) And so that the caller can
    /// stop gracefully, the handlers running now are kept in <paramref name="handlers"/>. With <paramref name="lines"/>, the
    /// handlers echo lines (<see cref="LineEchoHandler"/>).
    /// </summary>
    [Greenlet]
    public static void Server(IPEndPoint listenOn, int backlog, bool printClients, ISet<Greenlet>? handlers = null, Action<EndPoint>? onListening = null,
        bool lines = false)
    {
        // Opened now: .NET opens standard error on first use, which needs a descriptor — not there when it is needed.
        var errors = Console.Error;
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        server.Bind(listenOn);
        server.Listen(backlog);
        onListening?.Invoke(server.LocalEndPoint!);
        int backoff = 0;
        long quietUntil = 0;
        while (true)
        {
            Socket conn;
            try
            {
                conn = server.Accept();                 // parks until a client connects
            }
            catch (SocketException outOf) when (outOf.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
            {
                if (Environment.TickCount64 >= quietUntil)   // once, not at every retry (again after 10 s)
                {
                    errors.WriteLine($"accept: {outOf.Message}; retrying while the open connections are served");
                    quietUntil = Environment.TickCount64 + 10_000;
                }
                backoff = Math.Clamp(backoff * 2, 10, 1000);
                Thread.Sleep(backoff);                  // parks this greenlet only
                continue;
            }
            backoff = 0;
            if (printClients)
                Console.WriteLine(conn.RemoteEndPoint);
            var handler = lines ? Green.Spawn(LineEchoHandler.Communicate, conn) : Green.Spawn(EchoHandler.Communicate, conn);
            if (handlers is not null)
            {
                handlers.Add(handler);
                handler.Link(finished => handlers.Remove(finished));
            }
        }
    }
}
