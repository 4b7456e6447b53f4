using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GreenRuntime.Tests.Servers;

/// <summary>
/// SIGTERM and SIGINT stop a server the way .NET hosts and gevent servers are stopped: no new connections, the
/// connections being served get the grace period, the rest are closed, and the process exits 0 — instead of dying
/// at once with its connections reset.
/// </summary>
public class GracefulStopTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public void ServeForever_on_SIGTERM_finishes_the_round_trip_in_flight_closes_the_rest_after_the_grace_period_and_exits_0()
    {
        if (!OperatingSystem.IsLinux())
            return; // kill(2)
        // Replies come 300 ms after each message; the grace period is 5 s.
        using var child = ChildProcess.StartServerChild(["graceful-stop", "300", "5000"]);
        var endpoint = new IPEndPoint(IPAddress.Loopback, int.Parse(child.WaitForLine("READY ", Generous).Split(' ')[1]));
        using var talking = ChildProcess.Connect(endpoint, Generous);
        using var idle = ChildProcess.Connect(endpoint, Generous);
        Assert.Equal("one", RoundTrip(talking, "one"));
        Assert.Equal("idle", RoundTrip(idle, "idle"));

        talking.Send(Encoding.ASCII.GetBytes("in flight"));
        Thread.Sleep(100); // the handler is waiting to reply
        child.Signal(ChildProcess.SigTerm);

        Assert.Equal("in flight", Receive(talking, "in flight".Length));
        WaitUntilRefused(endpoint, child);
        talking.Shutdown(SocketShutdown.Send); // this handler ends by itself...
        Assert.Equal(0, talking.Receive(new byte[16]));
        // ...the idle one is killed when the grace period ends, and its connection closed (not reset).
        Assert.Equal(0, idle.Receive(new byte[16]));
        Assert.Equal(0, child.WaitForExit(Generous));
        Assert.Contains("STOPPED", child.Lines);
    }

    [Theory]
    [InlineData("serve --stream-server")]
    [InlineData("serve")]
    public void Echo_sample_on_SIGTERM_stops_accepting_serves_its_connections_through_the_grace_period_and_exits_0(string command)
    {
        if (!OperatingSystem.IsLinux())
            return;
        using var child = ChildProcess.StartSamples([.. command.Split(' '), "--port", "0", "--stop-timeout", "30"]);
        var endpoint = ChildProcess.EndpointIn(child.WaitForLine("echo server on ", Generous));
        using var client = ChildProcess.Connect(endpoint, Generous);
        Assert.Equal("BEFORE", RoundTrip(client, "before"));

        child.Signal(ChildProcess.SigTerm);
        WaitUntilRefused(endpoint, child);
        Assert.Equal("DURING THE GRACE PERIOD", RoundTrip(client, "during the grace period"));
        client.Shutdown(SocketShutdown.Send); // the last connection ends: the server need not wait out the 30 s
        Assert.Equal(0, client.Receive(new byte[16]));

        var watch = Stopwatch.StartNew();
        Assert.Equal(0, child.WaitForExit(Generous));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), $"exiting took {watch.Elapsed}: the server waited out its grace period with no connection left");
        Assert.Contains("echo server stopped", child.Lines);
    }

    [Fact]
    public void Echo_demo_on_SIGINT_lets_its_clients_finish_their_round_trips_and_exits_0()
    {
        if (!OperatingSystem.IsLinux())
            return;
        using var child = ChildProcess.StartSamples(["demo", "--clients", "20", "--seconds", "600"]);
        child.WaitForLine("echo server on ", Generous);
        // Round trips are under way once a progress line reports some (under load the clients take a while to start,
        // and a stop before the first round trip is a failed run).
        var watch = Stopwatch.StartNew();
        while (!child.Lines.Any(line => line.StartsWith('[') && line.Contains("round trips/s", StringComparison.Ordinal) && !line.Contains(" 0 round trips/s", StringComparison.Ordinal)))
        {
            Assert.True(watch.Elapsed < Generous, $"no round trips reported within {Generous}. {child.Transcript}");
            Thread.Sleep(50);
        }
        child.Signal(ChildProcess.SigInt);

        Assert.Equal(0, child.WaitForExit(Generous));
        Assert.Contains(child.Lines, line => line.Contains("wrong replies: 0, failed clients: 0", StringComparison.Ordinal));
    }

    private static string RoundTrip(Socket socket, string message)
    {
        socket.Send(Encoding.ASCII.GetBytes(message));
        return Receive(socket, message.Length);
    }

    private static string Receive(Socket socket, int length)
    {
        var reply = new byte[length];
        int got = 0;
        while (got < length)
        {
            int n = socket.Receive(reply, got, length - got, SocketFlags.None);
            if (n == 0)
                break;
            got += n;
        }
        return Encoding.ASCII.GetString(reply, 0, got);
    }

    /// <summary>Waits until the server refuses new connections: it has stopped accepting and closed its listener.</summary>
    private static void WaitUntilRefused(EndPoint endpoint, ChildProcess child)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Connect(endpoint);
            }
            catch (SocketException refused) when (refused.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return;
            }
            Assert.True(watch.Elapsed < Generous, $"the server still accepted connections {Generous} after the signal. {child.Transcript}");
            Thread.Sleep(20);
        }
    }
}
