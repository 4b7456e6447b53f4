using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using GreenRuntime;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Tests.ServerChild;

/// <summary>
/// An echo StreamServer that runs out of file descriptors on purpose: after a warm-up it lowers its own
/// RLIMIT_NOFILE so that only `headroom` more descriptors can be opened; the server keeps some of them in reserve
/// (the top eighth of such a small limit), so a few fewer connections than that fit at once.
///
/// Protocol on stdout, one line each: "READY <port> <fd limit>" once serving; "ACCEPT-ERROR <SocketError>" for every
/// accept error the server reports; "HANDLER-ERROR <type>: <message>" for a failed handler; "STOPPED" at the end.
/// A line "quit" on stdin (or its end) stops the server and ends the process with exit code 0.
///
/// The limit is set here rather than with prlimit(1) around the process, because how many descriptors the runtime
/// itself opens before Main differs between machines; what matters is the headroom left for connections.
/// </summary>
internal static class LoweredFdLimit
{
    public static int Run(int headroom)
    {
        var hub = Hub.Current;
        hub.ErrorHandler = (greenlet, error) => Console.WriteLine(
            greenlet.Name.EndsWith("accept loop", StringComparison.Ordinal) && error is SocketException socketError
                ? $"ACCEPT-ERROR {socketError.SocketErrorCode}"
                : $"HANDLER-ERROR {error.GetType().Name}: {error.Message}");

        var server = new StreamServer(default(GreenSuspend), new IPEndPoint(IPAddress.Loopback, 0), Echo, backlog: 512);
        server.Start();
        var endpoint = (IPEndPoint)server.LocalEndPoint!;

        // Warm-up: one connection through the server and every code path the error reports take, so nothing needs to
        // open a file (an assembly, a resource) once descriptors run out.
        Green.Spawn(default(GreenSuspend), WarmUp, (EndPoint)endpoint).Get();
        _ = new SocketException((int)SocketError.TooManyOpenSockets).Message;
        _ = $"{SocketError.TooManyOpenSockets} {nameof(SocketException)}";
        var stdin = Console.In; // opening the console streams dups descriptors: do it now
        var stdout = Console.Out;

        var quitReader = new Thread(() =>
        {
            while (stdin.ReadLine() is { } line && line != "quit")
            {
            }
            hub.Post(() => Green.Spawn(default(GreenSuspend), () => server.Stop(default(GreenSuspend), TimeSpan.FromSeconds(2))));
        })
        {
            IsBackground = true,
        };
        quitReader.Start();

        int limit = LowerFdLimit(headroom);
        stdout.WriteLine($"READY {endpoint.Port} {limit}");
        server.ServeForever();
        stdout.WriteLine("STOPPED");
        return 0;
    }

    private static async GreenTask Echo(Socket connection, EndPoint peer)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                int received = await SocketIo.Receive(connection, buffer, SocketFlags.None, long.MaxValue);
                if (received == 0)
                    return;
                await SocketIo.Send(connection, buffer.AsMemory(0, received), SocketFlags.None, long.MaxValue);
            }
        }
        catch (SocketException)
        {
            // The test closes clients whose requests were never read: a reset here is expected.
        }
    }

    private static async GreenTask WarmUp(EndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(endpoint);
        await SocketIo.Send(socket, "warm"u8.ToArray(), SocketFlags.None, long.MaxValue);
        var reply = new byte[4];
        int got = 0;
        while (got < reply.Length)
            got += await SocketIo.Receive(socket, reply.AsMemory(got), SocketFlags.None, long.MaxValue);
    }

    // RLIMIT_NOFILE bounds descriptor numbers, not their count: a new descriptor gets the lowest free number, which
    // must be below the limit. Open descriptors can be scattered (some inherited), so the limit is set where exactly
    // <headroom> numbers below it are free.
    private static int LowerFdLimit(int headroom)
    {
        var open = Directory.GetFileSystemEntries("/proc/self/fd").Select(path => int.Parse(Path.GetFileName(path))).ToHashSet();
        int limit = 0;
        for (int free = 0; free < headroom; limit++)
        {
            if (!open.Contains(limit))
                free++;
        }
        if (NativeMethods.getrlimit(NativeMethods.RlimitNofile, out var current) != 0)
            throw new InvalidOperationException($"getrlimit failed with errno {Marshal.GetLastPInvokeError()}");
        var lowered = current with { Current = (ulong)limit };
        if (NativeMethods.setrlimit(NativeMethods.RlimitNofile, in lowered) != 0)
            throw new InvalidOperationException($"setrlimit failed with errno {Marshal.GetLastPInvokeError()}");
        return limit;
    }
}
