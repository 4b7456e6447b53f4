using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Servers.ServerTest;

namespace GreenRuntime.Tests.Servers;

/// <summary>
/// Tests that count or exhaust file descriptors run alone (after the parallel tests): other tests' sockets would
/// blur the counts, and 10,000 descriptors at once should not squeeze anyone else.
/// </summary>
[CollectionDefinition(nameof(FileDescriptorCollection), DisableParallelization = true)]
public sealed class FileDescriptorCollection;

/// <summary>A fact that is skipped, with the reason, when this process cannot open <c>fds</c> descriptors (it raises the soft limit first).</summary>
public sealed class NeedsFileDescriptorsFactAttribute : FactAttribute
{
    public NeedsFileDescriptorsFactAttribute(int fds)
    {
        if (EnsureFdLimit((ulong)fds) is { } why)
            Skip = why;
    }
}

[Collection(nameof(FileDescriptorCollection))]
public class StreamServerResourceTests
{
    [NeedsFileDescriptorsFact(12_000)]
    public void Echo_is_correct_for_5000_concurrent_green_clients() =>
        // Two sockets per client; a backlog past somaxconn (4096) is capped by the kernel, and SYNs it drops are retried.
        OnFreshThread(() => StreamServerEchoTests.RunEchoClients(clients: 5000, rounds: 2, backlog: 8192), hang: TimeSpan.FromSeconds(50));

    [Fact]
    public void After_10000_connect_close_cycles_the_open_fd_count_is_back_to_its_baseline() => OnFreshThread(() =>
    {
        if (!OperatingSystem.IsLinux())
            return; // counts /proc/self/fd
        // The server closes first (handler returns after one echo), so TIME_WAIT stays on its side and
        // ephemeral ports are not used up.
        async GreenTask EchoOneByte(Socket connection, EndPoint peer)
        {
            var buffer = new byte[1];
            if (await Receive(connection, buffer) == 1)
                await Send(connection, buffer);
        }
        using var server = new StreamServer(AnyLoopbackPort, Handler(EchoOneByte));
        server.Start();
        var endpoint = server.LocalEndPoint!;

        async GreenTask<int> Cycles(int count)
        {
            var buffer = new byte[1];
            int completed = 0;
            for (int i = 0; i < count; i++)
            {
                using var socket = await Connect(endpoint);
                buffer[0] = (byte)i;
                await Send(socket, buffer);
                if (await ReceiveExactly(socket, buffer) == 1 && buffer[0] == (byte)i && await Receive(socket, buffer) == 0)
                    completed++;
            }
            return completed;
        }
        int RunCycles(int clients, int each)
        {
            var all = Enumerable.Range(0, clients).Select(_ => Spawn(() => Cycles(each))).ToArray();
            Green.JoinAll(all, raiseError: true);
            WaitUntil(() => server.HandlerCount == 0, TimeSpan.FromSeconds(10), "every handler finished");
            return all.Sum(g => g.Value);
        }

        // Warm up first: the hub's epoll instance and eventfd, the runtime's own lazily opened files.
        RunCycles(clients: 10, each: 20);
        // Earlier tests' hubs (epoll + eventfd each) and sockets are closed by finalizers: let them go now, not
        // during the cycles. (No collection afterwards: finalizers must not hide sockets the server forgot to close.)
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int baseline = CountOpenFds();

        var watch = Stopwatch.StartNew();
        int completed = RunCycles(clients: 50, each: 200);
        var took = watch.Elapsed;
        int after = CountOpenFds();

        Assert.Equal(10_000, completed);
        // A few descriptors of slack for the runtime; a leak of one per connection would be 10,000 (or 20,000).
        Assert.True(after - baseline <= 8, $"open fds went from {baseline} to {after} over 10,000 connections ({took})");
        server.Stop();
    }, hang: TimeSpan.FromSeconds(50));

    [Fact]
    public void Accepting_under_fd_exhaustion_backs_off_reports_once_and_recovers() 
    {
        if (!OperatingSystem.IsLinux())
            return; // setrlimit, /proc/self/fd
        // The server keeps the top eighth of such a small limit for the runtime (DescriptorReserve): about 25 connections fit.
        const int headroom = 32;
        const int connections = 60;
        using var child = ChildProcess.StartServerChild(["lowered-fd-limit", headroom.ToString()]);
        var ready = child.WaitForLine("READY ", TimeSpan.FromSeconds(30));
        int port = int.Parse(ready.Split(' ')[1]);
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);

        // More connections than descriptors: the kernel completes them all (backlog 512), the server can accept only some.
        var clients = new List<Socket>();
        try
        {
            for (int i = 0; i < connections; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(socket);
                socket.Connect(endpoint);
                socket.Send("ping"u8);
            }
            int served = CountEchoed(clients, settle: TimeSpan.FromMilliseconds(700), within: TimeSpan.FromSeconds(15));
            child.WaitForLine("ACCEPT-ERROR", TimeSpan.FromSeconds(10));

            Assert.True(served is > 0 and < connections, $"{served} of {connections} connections were served; expected the fd limit to stop some. {child.Transcript}");
            // Several retries have failed by now (10, 20, 40, ... ms): the streak was reported once.
            Assert.Equal(["ACCEPT-ERROR TooManyOpenSockets"], child.Lines.Where(l => l.StartsWith("ACCEPT-ERROR", StringComparison.Ordinal)));
            Assert.False(child.HasExited, $"the server process died. {child.Transcript}");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        // Handlers saw EOF and closed their connections: the server must serve again.
        for (int i = 0; i < 3; i++)
            Assert.Equal("again" + i, EchoBlocking(endpoint, "again" + i, TimeSpan.FromSeconds(10)));

        child.WriteLine("quit");
        Assert.Equal(0, child.WaitForExit(TimeSpan.FromSeconds(15)));
        Assert.Contains("STOPPED", child.Lines);
        Assert.DoesNotContain(child.Lines, l => l.StartsWith("HANDLER-ERROR", StringComparison.Ordinal));
    }

    /// <summary>Counts connections whose "ping" came back, waiting until none has arrived for <paramref name="settle"/>.</summary>
    private static int CountEchoed(List<Socket> clients, TimeSpan settle, TimeSpan within)
    {
        var answered = new HashSet<Socket>();
        var buffer = new byte[4];
        var total = Stopwatch.StartNew();
        var sinceLast = Stopwatch.StartNew();
        while (total.Elapsed < within && (answered.Count == 0 || sinceLast.Elapsed < settle))
        {
            foreach (var client in clients)
            {
                if (!answered.Contains(client) && client.Available >= 4)
                {
                    client.Receive(buffer);
                    Assert.Equal("ping"u8.ToArray(), buffer);
                    answered.Add(client);
                    sinceLast.Restart();
                }
            }
            Thread.Sleep(10);
        }
        return answered.Count;
    }

    private static string EchoBlocking(EndPoint endpoint, string text, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveTimeout = (int)timeout.TotalMilliseconds,
        };
        socket.Connect(endpoint);
        var message = Encoding.ASCII.GetBytes(text);
        socket.Send(message);
        var reply = new byte[message.Length];
        int got = 0;
        while (got < reply.Length)
        {
            int n = socket.Receive(reply, got, reply.Length - got, SocketFlags.None);
            if (n == 0)
                break;
            got += n;
        }
        return Encoding.ASCII.GetString(reply, 0, got);
    }
}
