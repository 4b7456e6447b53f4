using System.Net;

namespace GreenRuntime.Samples.Chat;

/// <summary>Runs the <see cref="ChatServer"/> until Ctrl+C or SIGTERM.</summary>
public static class ChatServe
{
    /// <summary>Serves on <paramref name="host"/>:<paramref name="port"/> (0: any free port, printed once listening); returns 0 when stopped.</summary>
    public static int Run(IPAddress host, int port)
    {
        var server = Green.Spawn(() => ChatServer.Serve(new IPEndPoint(host, port),
            endpoint => Console.WriteLine($"chat server on {endpoint} (try nc; send your name, then lines); Ctrl+C stops it")));
        using (new StopSignals(() => server.Kill(block: false)))
            server.Join();
        if (server.Exception is { } failure)
        {
            Console.Error.WriteLine($"The chat server failed: {failure.Message}");
            return 1;
        }
        Console.WriteLine("chat server stopped");
        return 0;
    }
}
