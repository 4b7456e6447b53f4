using System.Net;

namespace GreenRuntime.Samples.Echo;

/// <summary>Runs the echo server alone, for external load (../shared/bench/echo_bench.sh).</summary>
public static class EchoServe
{
    /// <summary>Serves until the process is stopped.</summary>
    public static int Run(IPAddress host, int port, int backlog, bool useStreamServer, bool printClients)
    {
        var listenOn = new IPEndPoint(host, port);
        Console.WriteLine($"echo server on {listenOn} ({(useStreamServer ? "StreamServer" : "the seed's accept loop")}); Ctrl+C stops it");
        if (useStreamServer)
        {
            using var server = new StreamServer(listenOn, EchoHandler.Handle, backlog);
            server.ServeForever();
        }
        else
        {
            SeedEchoServer.Server(listenOn, backlog, printClients);   // runs the hub until the server ends
        }
        return 0;
    }
}
