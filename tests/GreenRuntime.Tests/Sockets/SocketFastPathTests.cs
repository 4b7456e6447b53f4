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
            var buffer = new byte[64];
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
}
