using System.Net;
using System.Net.Sockets;
using GreenRuntime;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Tests.ServerChild;

/// <summary>
/// A StreamServer as shipped — no signal handling, error handler or console set-up of its own — whose handler answers
/// each message after a delay (so a round trip can be in flight when a signal comes), with the given grace period
/// (<see cref="StreamServer.StopTimeout"/>). Prints "READY port" once serving and "STOPPED" once
/// <see cref="StreamServer.ServeForever()"/> has returned; exit code 0.
/// </summary>
internal static class GracefulStop
{
    public static int Run(TimeSpan replyDelay, TimeSpan stopTimeout)
    {
        async GreenTask SlowEcho(Socket connection, EndPoint peer)
        {
            var buffer = new byte[1024];
            while (true)
            {
                int received = await SocketIo.Receive(connection, buffer, SocketFlags.None, long.MaxValue);
                if (received == 0)
                    return;
                await Green.Sleep(default(GreenSuspend), replyDelay);
                await SocketIo.Send(connection, buffer.AsMemory(0, received), SocketFlags.None, long.MaxValue);
            }
        }

        using var server = new StreamServer(default(GreenSuspend), new IPEndPoint(IPAddress.Loopback, 0), SlowEcho) { StopTimeout = stopTimeout };
        server.Start();
        Console.WriteLine($"READY {((IPEndPoint)server.LocalEndPoint!).Port}");
        server.ServeForever();
        Console.WriteLine("STOPPED");
        return 0;
    }
}
