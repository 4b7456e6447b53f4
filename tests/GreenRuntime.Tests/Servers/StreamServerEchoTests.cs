using System.Net;
using System.Net.Sockets;
using System.Text;
using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Servers.ServerTest;

namespace GreenRuntime.Tests.Servers;

/// <summary>Echo correctness: green server and green clients on one hub.</summary>
public class StreamServerEchoTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    public void Echo_is_correct_for_concurrent_green_clients(int clients) =>
        OnFreshThread(() => RunEchoClients(clients, rounds: 3));

    /// <summary>Every client sends <paramref name="rounds"/> distinct messages and must get each one back intact.</summary>
    internal static void RunEchoClients(int clients, int rounds, int backlog = 1024)
    {
        using var server = new StreamServer(AnyLoopbackPort, Handler(Echo), backlog: backlog);
        server.Start();
        var endpoint = server.LocalEndPoint!;

        async GreenTask<int> Client(int id)
        {
            using var socket = await Connect(endpoint);
            var buffer = new byte[256];
            int echoed = 0;
            for (int round = 0; round < rounds; round++)
            {
                var message = Encoding.ASCII.GetBytes($"client {id} round {round}");
                await Send(socket, message);
                int got = await ReceiveExactly(socket, buffer.AsMemory(0, message.Length));
                if (buffer.AsSpan(0, got).SequenceEqual(message))
                    echoed++;
            }
            return echoed;
        }

        var all = Enumerable.Range(0, clients).Select(id => Spawn(() => Client(id))).ToArray();
        Green.JoinAll(all, raiseError: true);
        Assert.All(all, client => Assert.Equal(rounds, client.Value));
        server.Stop();
        Assert.Equal(0, server.HandlerCount);
    }

    [Fact]
    public void One_megabyte_messages_arrive_intact_through_partial_reads_and_writes() => OnFreshThread(() =>
    {
        const int size = 1 << 20;
        int serverReceives = 0;
        async GreenTask CountingEcho(Socket connection, EndPoint peer)
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                int n = await Receive(connection, buffer);
                if (n == 0)
                    return;
                serverReceives++;
                await Send(connection, buffer.AsMemory(0, n));
            }
        }
        using var server = new StreamServer(AnyLoopbackPort, Handler(CountingEcho));
        server.Start();
        var endpoint = server.LocalEndPoint!;

        async GreenTask<bool> Client(int id)
        {
            var message = new byte[size];
            new Random(id).NextBytes(message);
            using var socket = await Connect(endpoint);
            // Write and read at once: the server echoes while we send, so a lone writer would deadlock on full buffers.
            var writer = Spawn(async () =>
            {
                await Send(socket, message);
                socket.Shutdown(SocketShutdown.Send);
            });
            var echoed = await ReceiveToEnd(socket);
            await writer.Join(default(GreenSuspend));
            Assert.True(writer.Successful, writer.Exception?.ToString());
            return echoed.AsSpan().SequenceEqual(message);
        }

        var clients = Enumerable.Range(1, 4).Select(id => Spawn(() => Client(id))).ToArray();
        Green.JoinAll(clients, raiseError: true);
        Assert.All(clients, client => Assert.True(client.Value, "echoed bytes differ from the message"));
        // 4 MB through 64 KB reads: the kernel delivered each message in many pieces.
        Assert.True(serverReceives >= 4 * size / (64 * 1024), $"only {serverReceives} receives");
        server.Stop();
    });

    [Fact]
    public void Half_close_lets_the_handler_read_to_the_end_and_still_reply() => OnFreshThread(() =>
    {
        // The handler reads until the client's FIN, then answers with the byte count and the text reversed.
        async GreenTask ReplyAfterEnd(Socket connection, EndPoint peer)
        {
            var request = await ReceiveToEnd(connection);
            var text = Encoding.ASCII.GetString(request);
            var reply = $"{request.Length}:{new string(text.Reverse().ToArray())}";
            await Send(connection, Encoding.ASCII.GetBytes(reply));
        }
        using var server = new StreamServer(AnyLoopbackPort, Handler(ReplyAfterEnd));
        server.Start();
        var endpoint = server.LocalEndPoint!;

        var client = Spawn(async () =>
        {
            using var socket = await Connect(endpoint);
            await Send(socket, Encoding.ASCII.GetBytes("hello, "));
            await Send(socket, Encoding.ASCII.GetBytes("half-closed world"));
            socket.Shutdown(SocketShutdown.Send);
            // The reply ends with EOF: the server closed the connection once the handler returned.
            return Encoding.ASCII.GetString(await ReceiveToEnd(socket));
        });

        Assert.Equal("24:dlrow desolc-flah ,olleh", client.Get());
        server.Stop();
    });
}
