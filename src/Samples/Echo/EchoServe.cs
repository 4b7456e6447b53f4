using System.Net;

namespace GreenRuntime.Samples.Echo;

/// <summary>Runs the echo server alone, for external load (../shared/bench/echo_bench.sh).</summary>
public static class EchoServe
{
    /// <summary>
    /// Serves until Ctrl+C or SIGTERM, then stops gracefully: no new connections, <paramref name="stopTimeout"/> for the
    /// connections being served to finish, the rest closed; returns 0.
    /// </summary>
    public static int Run(IPAddress host, int port, int backlog, bool useStreamServer, bool printClients, TimeSpan stopTimeout, bool lines = false)
    {
        var listenOn = new IPEndPoint(host, port);
        string kind = (useStreamServer ? "StreamServer" : "the seed's accept loop") + (lines ? ", lines" : "");
        if (useStreamServer)
        {
            using var server = new StreamServer(listenOn, lines ? LineEchoHandler.Handle : EchoHandler.Handle, backlog) { StopTimeout = stopTimeout };
            server.Start();
            Announce(server.LocalEndPoint!, kind);
            server.ServeForever();   // StreamServer stops gracefully on the signal by itself
        }
        else
        {
            var handlers = new HashSet<Greenlet>();
            var server = Green.Spawn(() => SeedEchoServer.Server(listenOn, backlog, printClients, handlers, endpoint => Announce(endpoint, kind), lines));
            // The signal kills the accept loop (its listener closes: no new connections)...
            using (new StopSignals(() => server.Kill(block: false)))
                server.Join();
            if (server.Exception is { } failure)
            {
                Console.Error.WriteLine($"The server failed: {failure.Message}");
                return 1;
            }
            // ...and the connections being served get the grace period, then are closed.
            var running = handlers.ToArray();
            Green.JoinAll(running, stopTimeout);
            Green.KillAll(running);
        }
        Console.WriteLine("echo server stopped");
        return 0;
    }

    /// <summary>Says where the server listens, with the real port when port 0 was asked for.</summary>
    private static void Announce(EndPoint endpoint, string kind) =>
        Console.WriteLine($"echo server on {endpoint} ({kind}); Ctrl+C stops it");
}
