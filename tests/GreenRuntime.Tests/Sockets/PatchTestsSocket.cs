using System.Net;
using System.Net.Sockets;
using static GreenRuntime.Tests.Runtime.GreenTest;
using static GreenRuntime.Tests.Sockets.PatchGreenlets;
using static GreenRuntime.Tests.Sockets.PatchTestSockets;

namespace GreenRuntime.Tests.Sockets;

/// <summary>
/// The socket patch for <see cref="Socket"/>: inside [Greenlet] bodies, Accept/Connect/Receive/Send/SendTo park only
/// the calling greenlet, and behave as the blocking calls do.
/// </summary>
public class PatchTestsSocket
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Receive_overloads_park_until_data_arrives_while_the_sender_runs(int overload) => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            var receiver = Green.Spawn(ReceiveWith, server, overload, log);
            var sender = Green.Spawn(SendWith, client, overload, Bytes("hello"), log);
            Green.JoinAll([receiver, sender], raiseError: true);

            Assert.Equal(["receiving", "sending", "sent 5", "received hello"], log);
            Assert.Equal("hello", receiver.Value);
        }
    });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Send_overloads_send_everything_parking_while_the_send_buffer_is_full(int overload) => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            client.SendBufferSize = 16 * 1024;
            server.ReceiveBufferSize = 16 * 1024;
            var data = new byte[4 * 1024 * 1024];
            var log = new List<string>();
            var sender = Green.Spawn(SendWith, client, overload, data, log);
            var drainer = Green.Spawn(Drain, server, (long)data.Length, log);
            Green.JoinAll([sender, drainer], raiseError: true);

            // The drainer only starts once the sender parked: a blocking send of 4 MB would never have returned.
            Assert.Equal(["sending", "draining"], log.Take(2));
            Assert.Equal(data.Length, sender.Value);
            Assert.Equal(data.Length, drainer.Value);
            Assert.Contains("sent " + data.Length, log);
        }
    });

    [Fact]
    public void Accept_parks_until_a_client_connects() => OnFreshThread(() =>
    {
        using var listener = Listener();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var log = new List<string>();
        var acceptor = Green.Spawn(AcceptOne, listener, log);
        var connector = Green.Spawn(ConnectWith, client, 0, EndPointOf(listener), log);
        Green.JoinAll([acceptor, connector], raiseError: true);

        Assert.Equal(["accepting", "connecting"], log.Take(2));
        Assert.Equal(["accepted", "connected"], log.Skip(2).Order());
        using var accepted = acceptor.Value!;
        Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);
    });

    [Fact]
    public void Accept_on_a_socket_that_does_not_listen_throws_InvalidOperationException_as_dotnet_does() => OnFreshThread(() =>
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        Assert.Throws<InvalidOperationException>(() => AcceptOne(socket, []));
    });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Connect_overloads_connect_and_dotnet_knows_the_socket_is_connected(int overload) => OnFreshThread(() =>
    {
        using var listener = Listener();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var log = new List<string>();
        ConnectWith(client, overload, EndPointOf(listener), log);

        Assert.Equal(["connecting", "connected"], log);
        Assert.True(client.Connected);
        Assert.Equal(EndPointOf(listener), client.RemoteEndPoint);
        Assert.True(client.Blocking);
        using var accepted = listener.Accept();
        Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);
        // NetworkStream refuses non-blocking sockets: the patch kept .NET's Blocking flag.
        using var stream = new NetworkStream(client);
        accepted.Send(Bytes("hi"));
        Assert.Equal("hi", ReceiveText(client));
    });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Connect_overloads_park_while_the_handshake_is_pending(int overload) => OnFreshThread(() =>
    {
        using var listener = FullListener(out var queued);
        using (queued)
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            var log = new List<string>();
            var connector = Green.Spawn(ConnectWithin, client, overload, EndPointOf(listener), log);
            var ticker = Green.Spawn(Tick, log);
            Green.JoinAll([connector, ticker], raiseError: true);

            Assert.Equal("timed out", connector.Value);
            Assert.Equal(["connecting", "tick", "timed out"], log);
        }
    });

    [Fact]
    public void Connect_to_a_closed_port_throws_ConnectionRefused_and_the_socket_can_connect_again() => OnFreshThread(() =>
    {
        using var listener = Listener();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var log = new List<string>();

        var refused = Assert.Throws<SocketException>(() => ConnectWith(client, 0, ClosedPort(), log));

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.False(client.Connected);
        Assert.Null(client.RemoteEndPoint);
        ConnectWith(client, 1, EndPointOf(listener), log);
        Assert.True(client.Connected);
        Assert.Equal(EndPointOf(listener), client.RemoteEndPoint);
    });

    [Fact]
    public void Connect_by_addresses_throws_the_last_failure_when_none_connects() => OnFreshThread(() =>
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var closed = ClosedPort();

        var refused = Assert.Throws<SocketException>(() => ConnectWith(client, 2, closed, []));

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.False(client.Connected);
    });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SendTo_overloads_deliver_a_datagram_to_a_parked_receiver(int overload) => OnFreshThread(() =>
    {
        using var receiver = Udp();
        using var sender = Udp();
        var log = new List<string>();
        var receiving = Green.Spawn(ReceiveWith, receiver, 0, log);
        var sending = Green.Spawn(SendToWith, sender, overload, Bytes("datagram"), (EndPoint)EndPointOf(receiver));
        Green.JoinAll([receiving, sending], raiseError: true);

        Assert.Equal(8, sending.Value);
        Assert.Equal("datagram", receiving.Value);
        Assert.Equal(["receiving", "received datagram"], log);
    });

    [Fact]
    public void Echo_server_and_clients_over_patched_socket_calls_on_one_thread() => OnFreshThread(() =>
    {
        using var listener = Listener();
        var endpoint = EndPointOf(listener);
        const int clients = 20;
        var server = Green.Spawn(SocketEchoServer, listener, clients);
        var all = Enumerable.Range(0, clients).Select(i => Green.Spawn(SocketEchoClient, endpoint, $"client {i} says hello")).ToArray();
        Green.JoinAll(all, raiseError: true);
        Green.JoinAll([server], raiseError: true);

        for (int i = 0; i < clients; i++)
            Assert.Equal($"CLIENT {i} SAYS HELLO", all[i].Value);
    });

    [Fact]
    public void Receive_on_a_disposed_socket_throws_ObjectDisposedException() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        client.Dispose();
        server.Dispose();

        Assert.Throws<ObjectDisposedException>(() => ReceiveText(server));
    });
}
