using System.Net;
using System.Net.Sockets;
using System.Text;
using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Servers.ServerTest;

namespace GreenRuntime.Tests.Servers;

/// <summary>Peers that misbehave, and handlers that fail: the hub and the other connections carry on.</summary>
public class StreamServerFailureTests
{
    [Fact]
    public void A_listener_closed_under_the_server_stops_it_and_is_reported_once() => OnFreshThread(() =>
    {
        var reports = new List<Exception>();
        Green.Hub.ErrorHandler = (greenlet, exception) => reports.Add(exception);
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(AnyLoopbackPort);
        listener.Listen(16);
        using var server = new StreamServer(listener, Handler(Echo));
        server.Start();
        Green.Sleep(0);   // the accept loop parks on the listener

        listener.Dispose();

        WaitUntil(() => server.Closed, TimeSpan.FromSeconds(10), "the server noticed its listener was closed");
        var report = Assert.Single(reports);
        Assert.Contains("the listening socket was closed", report.Message);
        Assert.IsType<ObjectDisposedException>(report.InnerException);
    });

    [Fact]
    public void A_reset_mid_receive_throws_SocketException_in_that_handler_only() => OnFreshThread(() =>
    {
        var partialArrived = new GreenEvent();
        var seen = new List<string>();
        // Expects a 100-byte request; the resetting client sends 10 and then aborts.
        async GreenTask ReadRequest(Socket connection, EndPoint peer)
        {
            var request = new byte[100];
            int got = 0;
            try
            {
                while (got < request.Length)
                {
                    int n = await Receive(connection, request.AsMemory(got));
                    if (n == 0)
                        break;
                    got += n;
                    if (got == 10 && request[0] == (byte)'R')
                        partialArrived.Set();
                }
                await Send(connection, Encoding.ASCII.GetBytes($"got {got}"));
                seen.Add($"served {got}");
            }
            catch (SocketException error)
            {
                seen.Add($"{error.SocketErrorCode} after {got}");
            }
        }
        using var server = new StreamServer(AnyLoopbackPort, Handler(ReadRequest));
        server.Start();
        var endpoint = server.LocalEndPoint!;

        var resetter = Spawn(async () =>
        {
            var socket = await Connect(endpoint);
            await Send(socket, Encoding.ASCII.GetBytes("R123456789"));
            await partialArrived.Wait(default(GreenSuspend));
            // Linger 0: close sends RST instead of FIN.
            socket.LingerState = new LingerOption(true, 0);
            socket.Dispose();
        });
        async GreenTask<string> WellBehaved(int id)
        {
            using var socket = await Connect(endpoint);
            await Send(socket, new byte[100]);
            return Encoding.ASCII.GetString(await ReceiveToEnd(socket));
        }
        var others = Enumerable.Range(0, 5).Select(id => Spawn(() => WellBehaved(id))).ToArray();

        Green.JoinAll(others.Append(resetter), raiseError: true);
        Assert.All(others, other => Assert.Equal("got 100", other.Value));
        WaitUntil(() => seen.Count == 6, TimeSpan.FromSeconds(10), "every handler finished");
        Assert.Contains("ConnectionReset after 10", seen);
        Assert.Equal(5, seen.Count(s => s == "served 100"));

        // The server still serves after the reset.
        Assert.Equal("got 100", Spawn(() => WellBehaved(99)).Get());
        server.Stop();
    });

    [Fact]
    public void A_client_that_never_sends_is_cut_off_by_the_handlers_receive_timeout() => OnFreshThread(() =>
    {
        var idle = TimeSpan.FromMilliseconds(200);
        SocketError? handlerSaw = null;
        async GreenTask ReceiveWithTimeout(Socket connection, EndPoint peer)
        {
            try
            {
                await Receive(connection, new byte[16], idle);
            }
            catch (SocketException error)
            {
                handlerSaw = error.SocketErrorCode;
            }
        }
        using var server = new StreamServer(AnyLoopbackPort, Handler(ReceiveWithTimeout));
        server.Start();
        var endpoint = server.LocalEndPoint!;

        var silent = Spawn(async () =>
        {
            using var socket = await Connect(endpoint);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            int n = await Receive(socket, new byte[16]);
            return (n, watch.Elapsed);
        });

        var (received, after) = silent.Get();
        Assert.Equal(0, received); // EOF: the server closed the connection once the handler gave up
        Assert.Equal(SocketError.TimedOut, handlerSaw);
        Assert.True(after >= idle - TimeSpan.FromMilliseconds(20), $"cut off after only {after}");
        server.Stop();
    });

    [Fact]
    public void A_client_that_never_sends_is_cut_off_by_a_timeout_scope_in_the_handler() => OnFreshThread(() =>
    {
        Exception? handlerSaw = null;
        async GreenTask ReceiveUnderTimeout(Socket connection, EndPoint peer)
        {
            using var scope = Green.Timeout(TimeSpan.FromMilliseconds(100));
            try
            {
                await Receive(connection, new byte[16]);
            }
            catch (GreenTimeoutException timedOut) when (timedOut.Scope == scope)
            {
                handlerSaw = timedOut;
            }
        }
        using var server = new StreamServer(AnyLoopbackPort, Handler(ReceiveUnderTimeout));
        server.Start();
        var endpoint = server.LocalEndPoint!;

        var silent = Spawn(async () =>
        {
            using var socket = await Connect(endpoint);
            return await Receive(socket, new byte[16]);
        });

        Assert.Equal(0, silent.Get());
        Assert.IsType<GreenTimeoutException>(handlerSaw);
        server.Stop();
    });

    [Fact]
    public void A_failing_handler_is_reported_its_connection_closed_and_serving_goes_on() => OnFreshThread(() =>
    {
        var reports = new List<(Greenlet Greenlet, Exception Exception)>();
        Green.Hub.ErrorHandler = (greenlet, exception) => reports.Add((greenlet, exception));
        int served = 0;
        async GreenTask FailOnBang(Socket connection, EndPoint peer)
        {
            var buffer = new byte[1];
            await Receive(connection, buffer);
            if (buffer[0] == (byte)'!')
                throw new InvalidOperationException("handler failed on purpose");
            served++;
            await Send(connection, buffer);
        }
        using var server = new StreamServer(AnyLoopbackPort, Handler(FailOnBang));
        server.Start();
        var endpoint = server.LocalEndPoint!;

        async GreenTask<byte[]> Ask(byte request)
        {
            using var socket = await Connect(endpoint);
            await Send(socket, new[] { request });
            return await ReceiveToEnd(socket);
        }

        Assert.Equal("x"u8.ToArray(), Spawn(() => Ask((byte)'x')).Get());
        Assert.Empty(Spawn(() => Ask((byte)'!')).Get()); // closed without a reply
        Assert.Equal("y"u8.ToArray(), Spawn(() => Ask((byte)'y')).Get());

        var report = Assert.Single(reports);
        Assert.Equal("handler failed on purpose", report.Exception.Message);
        Assert.Equal(2, served);
        server.Stop();
        Assert.Equal(0, server.HandlerCount);
    });
}
