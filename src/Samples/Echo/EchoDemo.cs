using System.Diagnostics;
using System.Net;

namespace GreenRuntime.Samples.Echo;

/// <summary>
/// The seed's centrepiece in one process: the echo server and its 500 clients, all green threads on this
/// one OS thread, with a live progress line and a summary.
/// </summary>
public static partial class EchoDemo
{
    /// <summary>Runs the demo (until <paramref name="duration"/> ends, or Ctrl+C or SIGTERM); returns the process exit code (0 when every reply was right).</summary>
    public static int Run(int clients, TimeSpan duration, bool useStreamServer)
    {
        var stats = new EchoStats();
        EndPoint? address = null;
        Greenlet? serverGreenlet = null;
        StreamServer? streamServer = null;
        if (useStreamServer)
        {
            streamServer = new StreamServer(new IPEndPoint(IPAddress.Loopback, 0), EchoHandler.Handle);
            streamServer.Start();
            address = streamServer.LocalEndPoint;
        }
        else
        {
            serverGreenlet = Green.Spawn(() => SeedEchoServer.Server(new IPEndPoint(IPAddress.Loopback, 0), 1024, false, null, ep => address = ep));
            while (address is null && !serverGreenlet.Dead)
                Green.Sleep(0);
            if (address is null)
            {
                Console.Error.WriteLine($"The server failed to start: {serverGreenlet.Exception?.Message}");
                return 1;
            }
        }

        // Ctrl+C or SIGTERM ends the run early, the same way as the end of the duration: clients finish their round trip.
        // Registered before the server is announced, so a signal sent as soon as the line appears is handled too.
        var stop = new GreenEvent();
        using var signal = new StopSignals(stop.Set);
        Console.WriteLine($"echo server on {address} ({(useStreamServer ? "StreamServer" : "the seed's accept loop")}), " +
                          $"{clients} green clients for {duration.TotalSeconds:0.#} s, all on thread #{Environment.CurrentManagedThreadId}");
        var clock = Stopwatch.StartNew();
        var serverAddress = address!;
        var all = new List<Greenlet>(clients);
        for (int i = 0; i < clients; i++)
            all.Add(Green.Spawn(EchoClients.Client, serverAddress, $"Client-{i}", stats));

        long lastTrips = 0;
        var lastTick = clock.Elapsed;
        while (clock.Elapsed < duration && !stop.IsSet)
        {
            stop.Wait(TimeSpan.FromSeconds(1));     // the hub runs server and clients meanwhile
            var now = clock.Elapsed;
            double rate = (stats.RoundTrips - lastTrips) / (now - lastTick).TotalSeconds;
            (lastTrips, lastTick) = (stats.RoundTrips, now);
            Console.Write($"\r[{now.TotalSeconds,5:0.0} s] {rate,10:N0} round trips/s  {stats.OpenConnections,5} open connections  ");
        }
        Console.WriteLine();

        stats.Stopping = true;
        Green.JoinAll(all, TimeSpan.FromSeconds(10));
        var elapsed = clock.Elapsed;
        streamServer?.Stop(TimeSpan.FromSeconds(1));
        serverGreenlet?.Kill();

        Console.WriteLine($"{stats.RoundTrips:N0} round trips in {elapsed.TotalSeconds:0.0} s " +
                          $"({stats.RoundTrips / elapsed.TotalSeconds:N0}/s, server and clients on one thread); " +
                          $"wrong replies: {stats.WrongReplies}, failed clients: {stats.Failures}");
        return stats.WrongReplies == 0 && stats.Failures == 0 && stats.RoundTrips > 0 ? 0 : 1;
    }
}
