using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Tests.Servers;

/// <summary>
/// Helpers for the StreamServer tests: a fresh thread (so a fresh hub) per test, and green clients written as
/// hand-written twins on <see cref="SocketIo"/> — what the socket patch turns <c>socket.Receive</c> into.
/// </summary>
internal static class ServerTest
{
    /// <summary>Upper bound for a test body; only hit when something hangs.</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(45);

    public static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    /// <summary>Runs <paramref name="body"/> on a new thread, so it gets its own hub; rethrows its failure.</summary>
    public static void OnFreshThread(Action body, TimeSpan? hang = null)
    {
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception exception)
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
        })
        {
            IsBackground = true,
            Name = "stream-server-test",
        };
        thread.Start();
        var limit = hang ?? Hang;
        if (!thread.Join(limit))
            throw new TimeoutException($"The test body did not finish within {limit}: the hub hung.");
        failure?.Throw();
    }

    /// <summary>
    /// A handler delegate whose body is the twin: exactly what the interceptor generator emits for
    /// <c>(conn, peer) =&gt; Handle(conn, peer)</c> with a [Greenlet] <c>Handle</c>, so the handler greenlet takes the twin over.
    /// </summary>
    public static Action<Socket, EndPoint> Handler(Func<Socket, EndPoint, GreenTask> twin) =>
        (connection, peer) => GreenCall.RunAsLambdaBody(twin(connection, peer));

    /// <summary>Echoes everything back until the peer half-closes.</summary>
    public static async GreenTask Echo(Socket connection, EndPoint peer)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int received = await SocketIo.Receive(connection, buffer, SocketFlags.None, long.MaxValue);
            if (received == 0)
                return;
            await SocketIo.Send(connection, buffer.AsMemory(0, received), SocketFlags.None, long.MaxValue);
        }
    }

    /// <summary>A green connect: non-blocking <c>connect</c>, then a wait for writability (never blocks the hub on a full backlog).</summary>
    public static async GreenTask<Socket> Connect(EndPoint endpoint, ProtocolType protocol = ProtocolType.Tcp)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, protocol);
        try
        {
            socket.Blocking = false;
            try
            {
                socket.Connect(endpoint);
            }
            catch (SocketException pending) when (pending.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                if (!await SocketIo.WaitReady(socket, IoDirection.Write, Hub.DeadlineAfter(Hang)))
                    throw new SocketException((int)SocketError.TimedOut);
                var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
                if (error != SocketError.Success)
                    throw new SocketException((int)error);
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static GreenTask<int> Send(Socket socket, ReadOnlyMemory<byte> data) =>
        SocketIo.Send(socket, data, SocketFlags.None, long.MaxValue);

    public static GreenTask<int> Receive(Socket socket, Memory<byte> buffer, TimeSpan? timeout = null) =>
        SocketIo.Receive(socket, buffer, SocketFlags.None, Hub.DeadlineAfter(timeout ?? Hang));

    /// <summary>Fills <paramref name="buffer"/>; returns fewer bytes only if the stream ended first.</summary>
    public static async GreenTask<int> ReceiveExactly(Socket socket, Memory<byte> buffer)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = await Receive(socket, buffer[got..]);
            if (n == 0)
                break;
            got += n;
        }
        return got;
    }

    /// <summary>Reads until the peer closes (or half-closes) its side.</summary>
    public static async GreenTask<byte[]> ReceiveToEnd(Socket socket)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int n = await Receive(socket, buffer);
            if (n == 0)
                return all.ToArray();
            all.Write(buffer, 0, n);
        }
    }

    /// <summary>Spawns a hand-written twin as a greenlet.</summary>
    public static Greenlet<T> Spawn<T>(Func<GreenTask<T>> twin) => Green.Spawn(default(GreenSuspend), twin);

    /// <summary>Spawns a hand-written twin as a greenlet.</summary>
    public static Greenlet Spawn(Func<GreenTask> twin) => Green.Spawn(default(GreenSuspend), twin);

    /// <summary>Runs the hub until <paramref name="condition"/> holds (checked every millisecond); fails after <paramref name="within"/>.</summary>
    public static void WaitUntil(Func<bool> condition, TimeSpan within, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > within)
                throw new TimeoutException($"Timed out after {within} waiting until {what}.");
            Green.Sleep(1);
        }
    }

    // ---- file descriptors ------------------------------------------------------------------------

    /// <summary>Open file descriptors of this process (entries of <c>/proc/self/fd</c>).</summary>
    public static int CountOpenFds() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    /// <summary>
    /// Makes sure this process may open <paramref name="needed"/> descriptors, raising the soft
    /// <c>RLIMIT_NOFILE</c> up to the hard limit if it has to; returns null when it can, or why it cannot.
    /// </summary>
    public static string? EnsureFdLimit(ulong needed)
    {
        if (!OperatingSystem.IsLinux())
            return "needs Linux";
        if (getrlimit(RlimitNofile, out var limit) != 0)
            return $"getrlimit failed (errno {Marshal.GetLastPInvokeError()})";
        if (limit.Current >= needed)
            return null;
        if (limit.Maximum < needed)
            return $"needs {needed} file descriptors but the hard limit (ulimit -Hn) is {limit.Maximum}";
        var raised = limit with { Current = needed };
        if (setrlimit(RlimitNofile, in raised) != 0)
            return $"setrlimit to {needed} failed (errno {Marshal.GetLastPInvokeError()})";
        return null;
    }

    private const int RlimitNofile = 7;

    private record struct Rlimit(ulong Current, ulong Maximum);

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out Rlimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, in Rlimit limit);
}
