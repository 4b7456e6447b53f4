using System.Net;
using System.Net.Sockets;
using static GreenRuntime.Tests.Generator.PatchShapes;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Generator;

// The peers' sends (SendNow, SendDatagramNow) are plain calls on purpose: a small send on a connected socket does not
// wait, and the tests need the sender not to park. GRN0028 rightly notes that they could block.
#pragma warning disable GRN0028

/// <summary>
/// The shaped monkey patches at run time, through real generated twins on a loopback socket pair: each call parks
/// only its greenlet (another one runs meanwhile) and returns what the blocking call would, out and ref values
/// included.
/// </summary>
public class PatchShapeTests
{
    // ---- out / ref ----------------------------------------------------------------------------------------

    [Fact]
    public void Receive_with_out_error_code_parks_and_unpacks_success() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            var receiver = Green.Spawn(ReceiveWithErrorCode, server, log);
            var sender = Green.Spawn(() => SendNow(client, "hello", log));
            Green.JoinAll([receiver, sender], raiseError: true);

            Assert.Equal(["receiving", "sending", "received 5"], log);
            Assert.Equal("hello|Success", receiver.Value);
        }
    });

    [Fact]
    public void Receive_with_out_error_code_reports_the_socket_timeout_instead_of_throwing() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            server.ReceiveTimeout = 100;
            var log = new List<string>();
            var receiver = Green.Spawn(ReceiveWithErrorCode, server, log);
            var witness = Green.Spawn(() => log.Add("witness"));
            Green.JoinAll([receiver, witness], raiseError: true);

            Assert.Equal(["receiving", "witness", "received 0"], log);
            Assert.Equal("|TimedOut", receiver.Value);
        }
    });

    [Fact]
    public void Send_with_out_error_code_sends_everything_while_a_reader_drains() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            client.SendBufferSize = 16 * 1024;
            server.ReceiveBufferSize = 16 * 1024;
            var data = Pattern(2 * 1024 * 1024);
            var log = new List<string>();
            var sender = Green.Spawn(SendWithErrorCode, client, data, log);
            var drainer = Green.Spawn(DrainPattern, server, (long)data.Length, log);
            Green.JoinAll([sender, drainer], raiseError: true);

            Assert.Equal(["sending", "draining", "sent"], log);
            Assert.Equal($"{data.Length}|Success", sender.Value);
            Assert.Equal(0, drainer.Value);
        }
    });

    [Fact]
    public void Receive_from_with_ref_end_point_parks_and_unpacks_the_sender() => OnFreshThread(() =>
    {
        using var receiving = Udp();
        using var sending = Udp();
        var log = new List<string>();
        var receiver = Green.Spawn(ReceiveFromWithRefEndPoint, receiving, log);
        var sender = Green.Spawn(() => SendDatagramNow(sending, "ping", receiving.LocalEndPoint!, log));
        Green.JoinAll([receiver, sender], raiseError: true);

        Assert.Equal(["receiving", "sending", "received 4"], log);
        Assert.Equal($"ping|{sending.LocalEndPoint}", receiver.Value);
    });

    // ---- spans --------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Span_receive_parks_for_readiness_then_fills_the_span(int overload) => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            var receiver = Green.Spawn(ReceiveIntoSpan, server, overload, log);
            var sender = Green.Spawn(() => SendNow(client, "spans", log));
            Green.JoinAll([receiver, sender], raiseError: true);

            Assert.Equal(["receiving", "sending", "received 5"], log);
            Assert.Equal("spans|Success", receiver.Value);
        }
    });

    [Fact]
    public void Span_receive_returns_zero_at_end_of_stream() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (server)
        {
            var log = new List<string>();
            var receiver = Green.Spawn(ReceiveIntoSpan, server, 0, log);
            var closer = Green.Spawn(() =>
            {
                log.Add("closing");
                client.Dispose();
            });
            Green.JoinAll([receiver, closer], raiseError: true);

            Assert.Equal(["receiving", "closing", "received 0"], log);
            Assert.Equal("|Success", receiver.Value);
        }
    });

    [Fact]
    public void Span_receive_interrupted_by_a_green_timeout_consumed_nothing() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            var receiver = Green.Spawn(ReceiveIntoSpanUnderTimeout, server, TimeSpan.FromMilliseconds(50), log);
            var sender = Green.SpawnLater(TimeSpan.FromMilliseconds(200), () => SendNow(client, "later", log));
            Green.JoinAll([receiver, sender], raiseError: true);

            Assert.Equal(["receiving", "timed out", "sending"], log);
            Assert.Equal("later", receiver.Value);
        }
    });

    [Theory]
    [InlineData(false, "threw TimedOut")]
    [InlineData(true, "0|TimedOut")]
    public void Span_receive_runs_out_its_socket_timeout_as_the_blocking_call_does(bool withErrorCode, string expected) => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            server.ReceiveTimeout = 100;
            var log = new List<string>();
            var receiver = Green.Spawn(ReceiveIntoSpanWithSocketTimeout, server, withErrorCode, log);
            var witness = Green.Spawn(() => log.Add("witness"));
            Green.JoinAll([receiver, witness], raiseError: true);

            Assert.Equal(["receiving", "witness"], log);
            Assert.Equal(expected, receiver.Value);
        }
    });

    [Fact]
    public void Spurious_readiness_makes_the_completion_wait_as_the_original_call_does_and_never_return_zero() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            // Through the hub first (the receive parks, so the socket is registered), as in real use.
            var first = Green.Spawn(ReceiveIntoSpan, server, 0, new List<string>());
            Green.Sleep(0);
            client.Send("x"u8);
            Assert.Equal("x|Success", first.Get());

            // A readiness the kernel does not confirm: the completion's call blocks until the socket's timeout.
            server.ReceiveTimeout = 100;
            var stale = new GreenRuntime.Monkey.Readiness<Socket>(server, timedOut: false);
            var buffer = new byte[8];
            SocketException? thrown = null;
            var elapsed = Time(() => thrown = Assert.Throws<SocketException>(() => GreenRuntime.Monkey.SocketSpanPatches.Receive(stale, buffer)));
            Assert.Equal(SocketError.TimedOut, thrown!.SocketErrorCode);
            Assert.True(elapsed >= TimeSpan.FromMilliseconds(80), $"returned after {elapsed}");
            Assert.Equal(0, GreenRuntime.Monkey.SocketSpanPatches.Receive(stale, buffer, SocketFlags.None, out var error));
            Assert.Equal(SocketError.TimedOut, error);
        }
    });

    [Fact]
    public void Span_receive_from_parks_and_writes_the_sender_back() => OnFreshThread(() =>
    {
        using var receiving = Udp();
        using var sending = Udp();
        var log = new List<string>();
        var receiver = Green.Spawn(ReceiveFromIntoSpan, receiving, log);
        var sender = Green.Spawn(() => SendDatagramNow(sending, "pong", receiving.LocalEndPoint!, log));
        Green.JoinAll([receiver, sender], raiseError: true);

        Assert.Equal(["receiving", "sending", "received 4"], log);
        Assert.Equal($"pong|{sending.LocalEndPoint}", receiver.Value);
    });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Span_send_sends_everything_in_order_parking_while_the_send_buffer_is_full(int overload) => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            client.SendBufferSize = 16 * 1024;
            server.ReceiveBufferSize = 16 * 1024;
            var data = Pattern(2 * 1024 * 1024);
            var log = new List<string>();
            var sender = Green.Spawn(SendFromSpan, client, data, overload, log);
            var drainer = Green.Spawn(DrainPattern, server, (long)data.Length, log);
            Green.JoinAll([sender, drainer], raiseError: true);

            // A blocking send of 2 MB into 16 KB buffers would never have let the drainer start.
            Assert.Equal(["sending", "draining", "sent"], log);
            Assert.Equal(data.Length, sender.Value);
            Assert.Equal(0, drainer.Value);
        }
    });

    [Fact]
    public void Span_send_to_sends_a_whole_datagram() => OnFreshThread(() =>
    {
        using var receiving = Udp();
        using var sending = Udp();
        var sent = Green.Spawn(SendToFromSpan, sending, "datagram"u8.ToArray(), receiving.LocalEndPoint!);
        Assert.Equal(8, sent.Get());
        var buffer = new byte[16];
        Assert.Equal(8, receiving.Receive(buffer));
        Assert.Equal("datagram", Text(buffer, 0, 8));
    });

    [Fact]
    public void Network_stream_span_read_parks_and_span_write_answers() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            var echo = Green.Spawn(EchoOverNetworkStream, server, log);
            var sender = Green.Spawn(() => SendNow(client, "stream", log));
            Green.JoinAll([echo, sender], raiseError: true);

            Assert.Equal(["reading", "sending", "read 6"], log);
            Assert.Equal("stream", echo.Value);
            var buffer = new byte[16];
            Assert.Equal(6, client.Receive(buffer));
            Assert.Equal("stream", Text(buffer, 0, 6));
        }
    });

    // ---- the connecting constructor -----------------------------------------------------------------------

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public void Connecting_constructor_connects_and_the_client_works(string host) => OnFreshThread(() =>
    {
        using var listener = Listener(backlog: 16);
        var log = new List<string>();
        var server = Green.Spawn(AcceptAndEchoOnce, listener, log);
        var client = Green.Spawn(ConnectAndGreet, host, ((IPEndPoint)listener.LocalEndPoint!).Port, log);
        Green.JoinAll([server, client], raiseError: true);

        Assert.Equal("HI", client.Value);
        Assert.Contains("accepted", log);
        Assert.Equal(["connecting", "connected"], log.Where(entry => entry.StartsWith("connect", StringComparison.Ordinal)));
    });

    [Fact]
    public void Connecting_constructor_parks_only_its_greenlet_and_a_green_timeout_ends_it() => OnFreshThread(() =>
    {
        // A full accept queue makes the kernel drop the SYN: the connect stays in progress.
        using var listener = Listener(backlog: 0);
        using var queued = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        queued.Connect(listener.LocalEndPoint!);
        var log = new List<string>();
        var connector = Green.Spawn(ConnectUnderTimeout, "127.0.0.1", ((IPEndPoint)listener.LocalEndPoint!).Port, TimeSpan.FromMilliseconds(200), log);
        var witness = Green.Spawn(() => log.Add("witness"));
        Green.JoinAll([connector, witness], raiseError: true);

        Assert.Equal(["connecting", "witness"], log);
        Assert.Equal("timed out", connector.Value);
    });

    // ---- helpers ------------------------------------------------------------------------------------------

    /// <summary>A plain greenlet body: the peer's side, made with an ordinary call that does not block.</summary>
    private static void SendNow(Socket socket, string text, List<string> log)
    {
        log.Add("sending");
        socket.Send(System.Text.Encoding.ASCII.GetBytes(text));
    }

    private static void SendDatagramNow(Socket socket, string text, EndPoint target, List<string> log)
    {
        log.Add("sending");
        socket.SendTo(System.Text.Encoding.ASCII.GetBytes(text), target);
    }

    private static Socket Listener(int backlog)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }

    private static (Socket Client, Socket Server) ConnectedPair()
    {
        using var listener = Listener(backlog: 1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        return (client, listener.Accept());
    }

    private static Socket Udp()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
