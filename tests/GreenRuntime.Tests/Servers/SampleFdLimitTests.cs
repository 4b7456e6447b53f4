using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GreenRuntime.Tests.Servers;

/// <summary>
/// The echo samples as shipped — no error handler, no console or descriptor set-up of their own — run out of file
/// descriptors (<c>ulimit -n 256</c>, 300 connections) and must stay at the limit for 30 s serving the connections
/// they have, then serve new ones once those close. (Reporting the first <c>EMFILE</c> used to throw out of the hub;
/// later the .NET runtime aborted the process when it could not start a thread.)
/// </summary>
public class SampleFdLimitTests
{
    private const int FdLimit = 256;
    private const int Connections = 300;
    private const int Checked = 100;
    private static readonly TimeSpan AtTheLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Both_echo_samples_keep_serving_at_the_fd_limit_and_recover_when_connections_close()
    {
        if (!OperatingSystem.IsLinux())
            return; // ulimit, kill
        // Both at once, each in its own process: the 30 s at the limit are spent once.
        var streamServer = Task.Factory.StartNew(() => ServeAtTheLimit(["serve", "--stream-server", "--port", "0"]), TaskCreationOptions.LongRunning);
        var seedLoop = Task.Factory.StartNew(() => ServeAtTheLimit(["serve", "--port", "0"]), TaskCreationOptions.LongRunning);
        await Task.WhenAll(streamServer, seedLoop);
    }

    private static void ServeAtTheLimit(string[] arguments)
    {
        string which = string.Join(' ', arguments);
        using var child = ChildProcess.StartSamples(arguments, FdLimit);
        var endpoint = ChildProcess.EndpointIn(child.WaitForLine("echo server on ", Generous));

        var clients = new List<Socket>();
        try
        {
            // The kernel completes every connection (backlog 1024); the server can accept only some of them.
            for (int i = 0; i < Connections; i++)
                clients.Add(ChildProcess.Connect(endpoint, Generous));
            // Accepted first (the backlog is FIFO), long before descriptors ran out.
            var served = clients.Take(Checked).ToList();
            RoundTrips(served, "first", child, which);

            string report = child.WaitForErrorLine("Too many open files", Generous);
            Assert.DoesNotContain("in system", report); // ENFILE's words, for a per-process EMFILE

            var atTheLimit = Stopwatch.StartNew();
            for (int round = 0; atTheLimit.Elapsed < AtTheLimit; round++)
            {
                RoundTrips(served, $"round{round}", child, which);
                Thread.Sleep(500);
            }
            Assert.False(child.HasExited, $"{which}: the server died at the fd limit. {child.Transcript}");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        // The closed connections' descriptors are free again: many new connections at once are all served.
        var again = new List<Socket>();
        try
        {
            for (int i = 0; i < Checked; i++)
                again.Add(ChildProcess.Connect(endpoint, Generous));
            RoundTrips(again, "again", child, which);
        }
        finally
        {
            again.ForEach(c => c.Dispose());
        }
        Assert.False(child.HasExited, $"{which}: the server died. {child.Transcript}");
        Assert.DoesNotContain(child.ErrorLines, line => line.Contains("in system", StringComparison.Ordinal));
        Assert.DoesNotContain(child.ErrorLines, line => line.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    /// <summary>One echo round trip on every socket; fails, with the child's output, if any reply is missing or wrong.</summary>
    private static void RoundTrips(List<Socket> sockets, string tag, ChildProcess child, string which)
    {
        var reply = new byte[64];
        for (int i = 0; i < sockets.Count; i++)
        {
            string message = $"{tag}-{i}";
            int got = 0;
            try
            {
                sockets[i].Send(Encoding.ASCII.GetBytes(message));
                while (got < message.Length)
                {
                    int n = sockets[i].Receive(reply, got, message.Length - got, SocketFlags.None);
                    if (n == 0)
                        break;
                    got += n;
                }
            }
            catch (SocketException error)
            {
                Assert.Fail($"{which}: round trip '{message}' failed: {error.SocketErrorCode} (server exited: {child.HasExited}). {child.Transcript}");
            }
            Assert.True(message.ToUpperInvariant() == Encoding.ASCII.GetString(reply, 0, got),
                $"{which}: '{message}' came back as '{Encoding.ASCII.GetString(reply, 0, got)}' (server exited: {child.HasExited}). {child.Transcript}");
        }
    }
}
