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
    /// </summary>
    [Greenlet]
    public static void Server(IPEndPoint listenOn, int backlog, bool printClients, Action<EndPoint>? onListening = null)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        server.Bind(listenOn);
        server.Listen(backlog);
        onListening?.Invoke(server.LocalEndPoint!);
        while (true)
        {
            var conn = server.Accept();                 // parks until a client connects
            if (printClients)
                Console.WriteLine(conn.RemoteEndPoint);
            Green.Spawn(EchoHandler.Communicate, conn);
        }
    }
}
