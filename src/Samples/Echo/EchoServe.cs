using System.Net;

namespace GreenRuntime.Samples.Echo;

/// <summary>Runs the echo server alone, for external load (../shared/bench/echo_bench.sh).</summary>
public static class EchoServe
{
    /// <summary>Serves until the process is stopped.</summary>
    public static int Run(IPAddress host, int port, int backlog, bool useStreamServer, bool printClients)
    {
        var listenOn = new IPEndPoint(host, port);
        string kind = useStreamServer ? "StreamServer" : "the seed's accept loop";
        if (useStreamServer)
        {
            using var server = new StreamServer(listenOn, EchoHandler.Handle, backlog);
            server.Start();
            Announce(server.LocalEndPoint!, kind);
            server.ServeForever();
        }
        else
        {
            // Runs the hub until the server ends.
            SeedEchoServer.Server(listenOn, backlog, printClients, endpoint => Announce(endpoint, kind));
        }
        return 0;
    }

    /// <summary>Says where the server listens, with the real port when port 0 was asked for.</summary>
    private static void Announce(EndPoint endpoint, string kind) =>
        Console.WriteLine($"echo server on {endpoint} ({kind}); Ctrl+C stops it");
}
