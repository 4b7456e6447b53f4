using System.Net;
using System.Net.Sockets;
using System.Text;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Tests.Sockets;

public class EpollEchoSmokeTests
{
    [Fact]
    public void Green_echo_server_serves_many_green_clients_on_one_thread()
    {
        var thread = new Thread(Run);
        Exception? failure = null;
        void Run()
        {
            try
            {
                RunEcho(clients: 200, rounds: 5);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "echo run hung");
        Assert.Null(failure);
    }

    private static void RunEcho(int clients, int rounds)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1024);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;

        async GreenTask Communicate(Socket conn)
        {
            var buffer = new byte[1024];
            while (true)
            {
                int n = await SocketIo.Receive(conn, buffer, SocketFlags.None, long.MaxValue);
                if (n == 0)
                    break;
                for (int i = 0; i < n; i++)
                    buffer[i] = (byte)char.ToUpperInvariant((char)buffer[i]);
                await SocketIo.Send(conn, buffer.AsMemory(0, n), SocketFlags.None, long.MaxValue);
            }
            conn.Dispose();
        }

        async GreenTask Server()
        {
            while (true)
            {
                var conn = await SocketIo.Accept(listener, long.MaxValue);
                _ = Green.Spawn(default(GreenSuspend), Communicate, conn);
            }
        }

        async GreenTask<int> Client(int id)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(endpoint);
            var buffer = new byte[1024];
            int ok = 0;
            for (int n = 0; n < rounds; n++)
            {
                var message = Encoding.ASCII.GetBytes($"client{id} say hello {n}");
                await SocketIo.Send(socket, message, SocketFlags.None, long.MaxValue);
                int got = 0;
                while (got < message.Length)
                    got += await SocketIo.Receive(socket, buffer.AsMemory(got), SocketFlags.None, long.MaxValue);
                if (Encoding.ASCII.GetString(buffer, 0, got) == $"CLIENT{id} SAY HELLO {n}")
                    ok++;
            }
            return ok;
        }

        var server = Green.Spawn(default(GreenSuspend), Server);
        var all = Enumerable.Range(0, clients).Select(i => Green.Spawn(default(GreenSuspend), Client, i)).ToArray();
        Green.JoinAll(all, raiseError: true);
        Assert.All(all, g => Assert.Equal(rounds, g.Value));
        server.Kill();
        Assert.True(server.Dead);
    }
}
