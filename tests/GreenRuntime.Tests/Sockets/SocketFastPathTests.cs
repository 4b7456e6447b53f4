using System.Net.Sockets;
using GreenRuntime.Sockets;
using static GreenRuntime.Tests.Runtime.GreenTest;
using static GreenRuntime.Tests.Sockets.PatchGreenlets;
using static GreenRuntime.Tests.Sockets.PatchTestSockets;

namespace GreenRuntime.Tests.Sockets;

/// <summary>
/// The socket patch's fast path: a receive that finds data and a send that fits complete at once, without parking
/// or allocating; and green transfers leave the socket as ordinary code expects it.
/// </summary>
public class SocketFastPathTests
{
    [Fact]
    public void Receive_with_data_waiting_and_send_with_room_complete_without_allocating() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            if (Hub.Current.Backend != HubBackend.Epoll)
                return;   // the portable backend allocates its per-socket state and .NET's own operations
            var message = Bytes("ping");
            // Reads that fill the buffer: after a short read the next receive parks for the edge instead (ReadDrained).
            var buffer = new byte[message.Length];
            long allocated = 0;
            for (int round = 0; round < 200; round++)
            {
                // Warm-up rounds first: the first calls register the socket and may be jitted.
                long before = GC.GetAllocatedBytesForCurrentThread();
                var sending = SocketIo.SendUntilSocketTimeout(client, message, SocketFlags.None);
                Assert.True(sending.IsCompleted);
                while (server.Available < message.Length)
                    Thread.Sleep(1);
                var receiving = SocketIo.ReceiveUntilSocketTimeout(server, buffer, SocketFlags.None);
                Assert.True(receiving.IsCompleted);
                if (round >= 100)
                    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(message.Length, receiving.GetAwaiter().GetResult());
            }
            Assert.Equal(0, allocated);
        }
    });

    [Fact]
    public void Successive_parked_receives_and_sends_on_a_socket_reuse_one_wait_each() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            client.ReceiveBufferSize = 16 * 1024;
            server.SendBufferSize = 16 * 1024;
            var hub = Hub.Current;
            var buffer = new byte[64];
            object? firstWait = null;
            for (int round = 0; round < 3; round++)
            {
                var receiving = SocketIo.ReceiveUntilSocketTimeout(server, buffer, SocketFlags.None);
                Assert.False(receiving.IsCompleted);   // nothing sent yet: it parked
                if (hub.Backend != HubBackend.Epoll)
                    return;
                firstWait ??= receiving.Source;
                Assert.Same(firstWait, receiving.Source);
                client.Send(Bytes("r" + round));
                Assert.Equal(2, hub.Block(receiving));
                Assert.Equal("r" + round, Text(buffer, 2));
            }

            // A send that does not fit parks; the next one that does not fit reuses its wait.
            var big = new byte[1 << 20];
            object? sendWait = null;
            for (int round = 0; round < 2; round++)
            {
                var sending = SocketIo.SendUntilSocketTimeout(server, big, SocketFlags.None);
                Assert.False(sending.IsCompleted);
                sendWait ??= sending.Source;
                Assert.Same(sendWait, sending.Source);
                var draining = new Thread(() =>
                {
                    var sink = new byte[65536];
                    for (int left = big.Length; left > 0;)
                        left -= client.Receive(sink);
                });
                draining.Start();
                Assert.Equal(big.Length, hub.Block(sending));
                draining.Join();
            }
        }
    });

    [Fact]
    public void Failures_found_at_once_are_the_tasks_not_thrown_from_the_call() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (server)
        {
            client.Dispose();
            server.Send(Bytes("x"));   // the peer is gone: the next send meets EPIPE or ECONNRESET
            Thread.Sleep(50);
            var sending = SocketIo.SendUntilSocketTimeout(server, Bytes("y"), SocketFlags.None);
            Assert.True(sending.IsCompleted);
            Assert.Throws<SocketException>(() => sending.GetAwaiter().GetResult());
        }
    });

    [Fact]
    public void After_green_transfers_ordinary_code_still_blocks_on_the_socket() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            Green.Spawn(SendWith, client, 0, Bytes("one"), log).Join();
            Assert.Equal("one", Green.Spawn(ReceiveWith, server, 0, log).Get());

            // An unpatched Receive from ordinary code waits for data sent later, as on a socket never used green.
            var late = new Thread(() =>
            {
                Thread.Sleep(100);
                client.Send(Bytes("two"));
            });
            late.Start();
            var buffer = new byte[16];
            int received = server.Receive(buffer);
            late.Join();
            Assert.Equal("two", Text(buffer, received));
            Assert.True(server.Blocking);
        }
    });

    [Fact]
    public void After_a_short_read_data_whose_edge_came_while_nobody_waited_is_still_received() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            server.ReceiveTimeout = 3000;   // a receive that waited for an edge already gone would time out
            client.Send(Bytes("first"));
            Assert.Equal("first|second", FastPathGreenlets.ReadSendSleepRead(server, client, Bytes("second")));
        }
    });

    [Fact]
    public void A_short_read_then_end_of_stream_returns_0() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (server)
        {
            server.ReceiveTimeout = 3000;
            var reader = Green.Spawn(FastPathGreenlets.ReadTwice, server);
            var closer = Green.Spawn(FastPathGreenlets.SendThenClose, client, Bytes("last"));
            Green.JoinAll([reader, closer], raiseError: true);
            Assert.Equal("last|<end>", reader.Value);
        }
    });

    [Fact]
    public void Data_and_end_of_stream_reported_together_after_a_short_read_end_the_stream() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (server)
        {
            server.ReceiveTimeout = 3000;
            var reader = Green.Spawn(FastPathGreenlets.ReadToEnd, server);
            var writer = Green.Spawn(FastPathGreenlets.SendPauseSendAndClose, client);
            Green.JoinAll([reader, writer], raiseError: true);
            Assert.Equal("ab", reader.Value);
        }
    });

    [Fact]
    public void A_datagram_read_short_leaves_the_next_datagram_readable_at_once() => OnFreshThread(() =>
    {
        using var receiver = Udp();
        using var sender = Udp();
        receiver.ReceiveTimeout = 3000;
        // The receiver parks first (nothing queued), so both datagrams arrive on one edge.
        var reader = Green.Spawn(FastPathGreenlets.ReadTwice, receiver);
        var writer = Green.Spawn(FastPathGreenlets.SendTwoDatagrams, sender, EndPointOf(receiver));
        Green.JoinAll([reader, writer], raiseError: true);
        Assert.Equal("one|two", reader.Value);
    });
}

/// <summary>Greenlets for <see cref="SocketFastPathTests"/>: ordinary socket calls, rewritten to the socket patch.</summary>
internal static partial class FastPathGreenlets
{
    [Greenlet]
    public static string ReadSendSleepRead(Socket socket, Socket peer, byte[] next)
    {
        var buffer = new byte[64];
        int first = socket.Receive(buffer);   // short: the kernel had nothing more
        peer.Send(next);
        Green.Sleep(50);                    // the hub polls meanwhile: the edge finds no reader parked
        int second = socket.Receive(buffer, first, buffer.Length - first, SocketFlags.None);
        return Text(buffer, first) + "|" + System.Text.Encoding.ASCII.GetString(buffer, first, second);
    }

    [Greenlet]
    public static string ReadTwice(Socket socket)
    {
        var buffer = new byte[64];
        int first = socket.Receive(buffer);
        int second = socket.Receive(buffer, first, buffer.Length - first, SocketFlags.None);
        return Text(buffer, first) + "|" + (second == 0 ? "<end>" : System.Text.Encoding.ASCII.GetString(buffer, first, second));
    }

    [Greenlet]
    public static void SendThenClose(Socket socket, byte[] data)
    {
        socket.Send(data);
        Green.Sleep(50);   // the reader has read it (short) and parked again before the end of stream
        socket.Dispose();
    }

    [Greenlet]
    public static string ReadToEnd(Socket socket)
    {
        var buffer = new byte[64];
        int total = 0, received;
        while ((received = socket.Receive(buffer, total, buffer.Length - total, SocketFlags.None)) > 0)
            total += received;
        return Text(buffer, total);
    }

    [Greenlet]
    public static void SendPauseSendAndClose(Socket socket)
    {
        socket.Send(Bytes("a"));
        Green.Sleep(50);
        // The second message and the end of stream arrive before the hub looks again: one edge reports both.
        socket.Send(Bytes("b"));
        socket.Shutdown(SocketShutdown.Send);
        Green.Sleep(50);
        socket.Dispose();
    }

    [Greenlet]
    public static void SendTwoDatagrams(Socket socket, System.Net.EndPoint to)
    {
        socket.SendTo(Bytes("one"), to);
        socket.SendTo(Bytes("two"), to);
    }
}
