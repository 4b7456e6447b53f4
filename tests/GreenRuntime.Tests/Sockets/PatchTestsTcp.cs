using System.Net;
using System.Net.Sockets;
using static GreenRuntime.Tests.Runtime.GreenTest;
using static GreenRuntime.Tests.Sockets.PatchGreenlets;
using static GreenRuntime.Tests.Sockets.PatchTestSockets;

namespace GreenRuntime.Tests.Sockets;

/// <summary>The socket patch for <see cref="TcpListener"/>, <see cref="TcpClient"/> and <see cref="NetworkStream"/>.</summary>
public class PatchTestsTcp
{
    [Fact]
    public void Echo_over_TcpListener_TcpClient_and_NetworkStream_with_every_connect_overload() => OnFreshThread(() =>
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var endpoint = (IPEndPoint)listener.LocalEndpoint;
            const int clients = 12;
            var server = Green.Spawn(EchoServer, listener, clients);
            var all = Enumerable.Range(0, clients)
                .Select(i => Green.Spawn(EchoClient, endpoint, i % 4, $"client {i} says hello"))
                .ToArray();
            Green.JoinAll(all, raiseError: true);
            Green.JoinAll([server], raiseError: true);

            for (int i = 0; i < clients; i++)
                Assert.Equal($"CLIENT {i} SAYS HELLO!", all[i].Value);
        }
        finally
        {
            listener.Stop();
        }
    });

    [Fact]
    public void AcceptSocket_parks_until_a_client_connects() => OnFreshThread(() =>
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var log = new List<string>();
            var acceptor = Green.Spawn(AcceptSocketFrom, listener, log);
            var connector = Green.Spawn(ConnectWith, client, 0, (IPEndPoint)listener.LocalEndpoint, log);
            Green.JoinAll([acceptor, connector], raiseError: true);

            Assert.Equal(["accepting", "connecting"], log.Take(2));
            using var accepted = acceptor.Value!;
            Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);
        }
        finally
        {
            listener.Stop();
        }
    });

    [Fact]
    public void Accepting_on_a_listener_that_was_not_started_throws_InvalidOperationException() => OnFreshThread(() =>
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);

        Assert.Throws<InvalidOperationException>(() => AcceptSocketFrom(listener, []));
    });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TcpClient_connect_overloads_park_while_the_handshake_is_pending(int overload) => OnFreshThread(() =>
    {
        using var listener = FullListener(out var queued);
        using (queued)
        using (var client = new TcpClient(AddressFamily.InterNetwork))
        {
            var log = new List<string>();
            var connector = Green.Spawn(ConnectTcpClientWithin, client, overload, EndPointOf(listener), log);
            var ticker = Green.Spawn(Tick, log);
            Green.JoinAll([connector, ticker], raiseError: true);

            Assert.Equal("timed out", connector.Value);
            Assert.Equal(["connecting", "tick", "timed out"], log);
        }
    });

    [Fact]
    public void TcpClient_connect_marks_the_client_active_so_a_second_connect_by_name_is_refused() => OnFreshThread(() =>
    {
        using var listener = Listener();
        using var client = new TcpClient(AddressFamily.InterNetwork);

        ConnectTcpClient(client, EndPointOf(listener));

        Assert.True(client.Connected);
        Assert.Equal(EndPointOf(listener), client.Client.RemoteEndPoint);
        var again = Assert.Throws<SocketException>(() => ConnectTcpClientByName(client, "127.0.0.1", EndPointOf(listener).Port));
        Assert.Equal(SocketError.IsConnected, again.SocketErrorCode);
    });

    [Fact]
    public void TcpClient_connect_to_a_closed_port_throws_ConnectionRefused() => OnFreshThread(() =>
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);

        var refused = Assert.Throws<SocketException>(() => ConnectTcpClientByName(client, "127.0.0.1", ClosedPort().Port));

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.False(client.Connected);
    });

    [Fact]
    public void TcpClient_with_a_dual_mode_socket_connects_to_an_IPv4_host_name() => OnFreshThread(() =>
    {
        using var listener = Listener();
        using var client = new TcpClient();

        ConnectTcpClientByName(client, "localhost", EndPointOf(listener).Port);

        Assert.True(client.Connected);
        using var accepted = listener.Accept();
        Assert.Equal(((IPEndPoint)client.Client.LocalEndPoint!).Port, ((IPEndPoint)accepted.RemoteEndPoint!).Port);
    });

    [Fact]
    public void NetworkStream_read_parks_until_the_peer_writes() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var reading = new NetworkStream(server, ownsSocket: true);
        using var writing = new NetworkStream(client, ownsSocket: true);
        var log = new List<string>();
        var reader = Green.Spawn(ReadText, reading, log);
        var writer = Green.Spawn(WriteText, writing, "streamed", log);
        Green.JoinAll([reader, writer], raiseError: true);

        Assert.Equal(["reading", "writing", "read 8"], log);
        Assert.Equal("streamed", reader.Value);
    });

    [Fact]
    public void NetworkStream_write_parks_while_the_send_buffer_is_full() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        client.SendBufferSize = 16 * 1024;
        server.ReceiveBufferSize = 16 * 1024;
        using var writing = new NetworkStream(client, ownsSocket: true);
        using (server)
        {
            var data = new byte[4 * 1024 * 1024];
            var log = new List<string>();
            var writer = Green.Spawn(WriteAll, writing, data, log);
            var drainer = Green.Spawn(Drain, server, (long)data.Length, log);
            Green.JoinAll([writer, drainer], raiseError: true);

            Assert.Equal(["writing", "draining"], log.Take(2));
            Assert.Equal(data.Length, drainer.Value);
        }
    });

    [Fact]
    public void NetworkStream_on_a_closed_peer_reads_zero_and_ReadByte_returns_minus_one() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var stream = new NetworkStream(server, ownsSocket: true);
        client.Dispose();

        Assert.Equal("", ReadText(stream, []));
        Assert.Equal(-1, ReadByteFrom(stream));
    });

    [Fact]
    public void NetworkStream_WriteByte_and_ReadByte_move_single_bytes() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var reading = new NetworkStream(server, ownsSocket: true);
        using var writing = new NetworkStream(client, ownsSocket: true);
        var reader = Green.Spawn(ReadByteFrom, reading);
        var writer = Green.Spawn(WriteByteTo, writing, (byte)42);
        Green.JoinAll([reader, writer], raiseError: true);

        Assert.Equal(42, reader.Value);
    });

    [Fact]
    public void NetworkStream_write_on_a_disposed_stream_throws_ObjectDisposedException() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        {
            var stream = new NetworkStream(server, ownsSocket: true);
            stream.Dispose();

            Assert.Throws<ObjectDisposedException>(() => WriteText(stream, "x", []));
        }
    });
}
