using System.Net;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;

namespace GreenRuntime.Sockets;

internal static partial class SocketIo
{
    /// <summary>
    /// A green <see cref="Socket.Connect(EndPoint)"/>: starts a non-blocking connect, parks until the socket is
    /// writable, and finishes with .NET's own connect so the <see cref="Socket"/> knows it is connected.
    /// </summary>
    /// <remarks>
    /// <para>
    /// What we found about .NET's state (.NET 10, Linux): a connect made while <see cref="Socket.Blocking"/> is false
    /// throws <see cref="SocketError.WouldBlock"/> (EINPROGRESS) and remembers a "non-blocking connect in progress".
    /// Reading <see cref="Socket.Connected"/> later marks the socket connected as soon as <c>Poll(SelectWrite)</c> is
    /// true — and that is also true after a <em>failed</em> connect, so checking <c>SO_ERROR</c> and then reading
    /// <see cref="Socket.Connected"/> reports a refused socket as connected (and its RemoteEndPoint throws).
    /// </para>
    /// <para>
    /// So once the socket is writable we call <see cref="Socket.Connect(EndPoint)"/> a second time, with .NET's
    /// Blocking flag on. The kernel completes it at once: 0 if the first connect succeeded (.NET then records the
    /// connection exactly as after a blocking connect: Connected, RemoteEndPoint and LocalEndPoint are right), or the
    /// connect's error (ECONNREFUSED, ...), which .NET throws as the same <see cref="SocketException"/>, with the same
    /// message, as a blocking connect, leaving the socket unconnected and reusable for another attempt (the kernel
    /// resets it; <see cref="Socket.Connect(IPAddress[], int)"/> relies on that). It never blocks: the connect is
    /// no longer in progress once the socket is writable.
    /// </para>
    /// <para>
    /// A connect abandoned by its deadline or an interruption goes on in the kernel; the socket should be closed.
    /// </para>
    /// <para>
    /// The socket's handle is never exposed (see <see cref="UnexposedHandle"/>), so after a failed attempt .NET can swap in
    /// a fresh socket for the next one (see <see cref="ReplaceHandleAfterFailedConnect"/>).
    /// </para>
    /// </remarks>
    public static async GreenTask Connect(Socket socket, EndPoint remoteEP, long deadline)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(remoteEP);
        if (remoteEP is DnsEndPoint dns)
        {
            if (dns.AddressFamily != AddressFamily.Unspecified && !CanTryAddressFamily(socket, dns.AddressFamily))
                throw new NotSupportedException("This protocol version is not supported.");
            await Connect(socket, dns.Host, dns.Port, deadline);
            return;
        }
        if (StartConnect(socket, remoteEP))
            return;
        // Writable means the connect finished, one way or the other; a stale wake-up finds it still in progress.
        while (!socket.Poll(0, SelectMode.SelectWrite))
        {
            if (!await WaitReady(socket, IoDirection.Write, deadline))
                throw SocketErrors.TimedOut();
        }
        FinishConnect(socket, remoteEP);
    }

    /// <summary>A green <see cref="Socket.Connect(string, int)"/>: the name is resolved without blocking the hub.</summary>
    public static async GreenTask Connect(Socket socket, string host, int port, long deadline)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(host);
        ValidatePort(port);
        if (socket.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new NotSupportedException("This protocol version is not supported.");
        if (IPAddress.TryParse(host, out var address))
        {
            await Connect(socket, address, port, deadline);
            return;
        }
        var addresses = await ResolveHost(host);
        await Connect(socket, addresses, port, deadline);
    }

    /// <summary>A green <see cref="Socket.Connect(IPAddress, int)"/>.</summary>
    public static GreenTask Connect(Socket socket, IPAddress address, int port, long deadline)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(address);
        ValidatePort(port);
        if (socket.Connected)
            throw new SocketException((int)SocketError.IsConnected);
        if (!CanTryAddressFamily(socket, address.AddressFamily))
            throw new NotSupportedException("This protocol version is not supported.");
        return Connect(socket, new IPEndPoint(address, port), deadline);
    }

    /// <summary>
    /// A green <see cref="Socket.Connect(IPAddress[], int)"/>: tries the addresses of the socket's family in turn
    /// and throws the last failure if none connects. A timeout or an interruption ends the whole attempt.
    /// </summary>
    public static async GreenTask Connect(Socket socket, IPAddress[] addresses, int port, long deadline)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Length == 0)
            throw new ArgumentException("The number of specified IP addresses has to be greater than 0.", nameof(addresses));
        ValidatePort(port);
        if (socket.Connected)
            throw new SocketException((int)SocketError.IsConnected);
        SocketException? last = null;
        bool tried = false;
        foreach (var address in addresses)
        {
            if (!CanTryAddressFamily(socket, address.AddressFamily))
                continue;
            tried = true;
            try
            {
                await Connect(socket, new IPEndPoint(address, port), deadline);
                return;
            }
            catch (SocketException failed) when (!Passed(deadline))
            {
                // As .NET: remember the failure and try the next address (the kernel has reset the socket).
                last = failed;
            }
        }
        if (last is not null)
            throw last;
        if (!tried)
            throw new ArgumentException("None of the discovered or specified addresses match the socket address family.", nameof(addresses));
    }

    /// <summary>Resolves a host name on the thread pool while only the calling greenlet parks.</summary>
    public static async GreenTask<IPAddress[]> ResolveHost(string host) =>
        await new TaskAwaitable<IPAddress[]>(Hub.Current, Dns.GetHostAddressesAsync(host), $"a DNS lookup of '{host}'");

    /// <summary>Starts the connect; true if it already finished (it succeeded, or it threw).</summary>
    private static bool StartConnect(Socket socket, EndPoint remoteEP)
    {
        ReplaceHandleAfterFailedConnect(socket);
        bool wasBlocking = socket.Blocking;
        // Set even when already false: a replaced handle starts out blocking at the OS level.
        socket.Blocking = false;
        try
        {
            socket.Connect(remoteEP);
            return true;
        }
        catch (SocketException pending) when (pending.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            return false;
        }
        finally
        {
            if (wasBlocking)
                socket.Blocking = true;
        }
    }

    /// <summary>
    /// After a failed connect, .NET on Unix connects again on a fresh socket: the next <c>Connect</c> swaps in a new
    /// handle (a new descriptor, tracked options copied). Inside <c>Connect</c> that comes too late for us — the new
    /// handle would be blocking and the connect would block the hub — so swap it first, with .NET's own method,
    /// and let <see cref="StartConnect"/> make the new handle non-blocking. An exposed handle is left to .NET, which
    /// refuses to reconnect it (<see cref="PlatformNotSupportedException"/>) as it would for a blocking connect.
    /// </summary>
    private static void ReplaceHandleAfterFailedConnect(Socket socket)
    {
        try
        {
            var handle = UnexposedHandle.Of(socket);
            if (LastConnectFailed(handle) && !ExposedHandleOrUntrackedConfiguration(handle))
                ReplaceHandleIfNecessaryAfterFailedConnect(socket);
        }
        catch (MissingMemberException)
        {
            // Another .NET: its own Connect does what it does.
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_LastConnectFailed")]
    private static extern bool LastConnectFailed(SafeSocketHandle handle);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_ExposedHandleOrUntrackedConfiguration")]
    private static extern bool ExposedHandleOrUntrackedConfiguration(SafeSocketHandle handle);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "ReplaceHandleIfNecessaryAfterFailedConnect")]
    private static extern void ReplaceHandleIfNecessaryAfterFailedConnect(Socket socket);

    /// <summary>The second connect (see <see cref="Connect(Socket, EndPoint, long)"/>): records the result in .NET's state.</summary>
    private static void FinishConnect(Socket socket, EndPoint remoteEP)
    {
        bool wasBlocking = socket.Blocking;
        if (!wasBlocking)
            socket.Blocking = true;
        try
        {
            socket.Connect(remoteEP);
        }
        finally
        {
            if (!wasBlocking)
                socket.Blocking = false;
        }
    }

    /// <summary>.NET's rule: the socket's own family, or IPv4 on a dual-mode IPv6 socket.</summary>
    private static bool CanTryAddressFamily(Socket socket, AddressFamily family) =>
        family == socket.AddressFamily
        || (family == AddressFamily.InterNetwork && socket.AddressFamily == AddressFamily.InterNetworkV6 && socket.DualMode);

    internal static void ValidatePort(int port)
    {
        if (port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
            throw new ArgumentOutOfRangeException(nameof(port));
    }
}
