using System.Collections;
using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// The socket patch (gevent's <c>patch_socket</c>), for the <see cref="Socket"/> overloads with plain parameters:
/// inside <c>[Greenlet]</c> bodies, accepts, connects, receives, sends, <c>Poll</c> and <c>Select</c> park only the
/// calling greenlet, on the hub's I/O loop.
/// </summary>
/// <remarks>
/// <para>
/// Each replacement behaves like the blocking call it replaces: <c>Send</c> sends everything, <c>Receive</c> returns
/// what is available (0 at end of stream), failures are the <see cref="SocketException"/>s .NET throws.
/// <see cref="Socket.ReceiveTimeout"/> bounds receives and accepts, <see cref="Socket.SendTimeout"/> bounds sends and
/// connects: when it passes, the call throws <see cref="SocketException"/> with <see cref="SocketError.TimedOut"/>,
/// a receive has consumed nothing, and the socket stays usable. A <c>Green.Timeout</c> scope or a kill interrupts a
/// parked call the same clean way.
/// </para>
/// <para>
/// The socket's descriptor becomes non-blocking on first use while <see cref="Socket.Blocking"/> keeps its value, so
/// <see cref="NetworkStream"/> still accepts it. Calls are made as on a blocking socket whatever
/// <see cref="Socket.Blocking"/> says.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Sockets)]
public static class SocketPatches
{
    // ---- accept and connect ---------------------------------------------------------------------------

    /// <summary>Replaces <see cref="Socket.Accept"/> inside <c>[Greenlet]</c> bodies.</summary>
    /// <remarks>
    /// Out of file descriptors, it throws what <see cref="Socket.Accept"/> throws (<see cref="SocketError.TooManyOpenSockets"/>,
    /// "Too many open files") and leaves the connection in the backlog. On Linux it does so a little before the
    /// limit: the last descriptors are left to the .NET runtime, which cannot start a thread without them. An accept
    /// loop should catch it, back off and retry, while its handlers close their connections.
    /// </remarks>
    [Patches(typeof(Socket), nameof(Socket.Accept))]
    public static async GreenTask<Socket> Accept(Socket socket, GreenSuspend suspend)
    {
        ThrowIfDisposed(socket);
        try
        {
            return await SocketIo.Accept(socket, ReceiveDeadline(socket));
        }
        catch (SocketException notListening) when (notListening.SocketErrorCode == SocketError.InvalidArgument && !SocketIo.IsListening(socket))
        {
            // accept(2) says EINVAL; .NET checks first and says this.
            throw new InvalidOperationException("You must call the Listen method before performing this operation.");
        }
    }

    /// <summary>Replaces <see cref="Socket.Connect(EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Connect))]
    public static GreenTask Connect(Socket socket, GreenSuspend suspend, EndPoint remoteEP)
    {
        ThrowIfDisposed(socket);
        return SocketIo.Connect(socket, remoteEP, SendDeadline(socket));
    }

    /// <summary>Replaces <see cref="Socket.Connect(IPAddress, int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Connect))]
    public static GreenTask Connect(Socket socket, GreenSuspend suspend, IPAddress address, int port)
    {
        ThrowIfDisposed(socket);
        return SocketIo.Connect(socket, address, port, SendDeadline(socket));
    }

    /// <summary>Replaces <see cref="Socket.Connect(IPAddress[], int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Connect))]
    public static GreenTask Connect(Socket socket, GreenSuspend suspend, IPAddress[] addresses, int port)
    {
        ThrowIfDisposed(socket);
        return SocketIo.Connect(socket, addresses, port, SendDeadline(socket));
    }

    /// <summary>Replaces <see cref="Socket.Connect(string, int)"/> inside <c>[Greenlet]</c> bodies; the name is resolved without blocking the hub.</summary>
    [Patches(typeof(Socket), nameof(Socket.Connect))]
    public static GreenTask Connect(Socket socket, GreenSuspend suspend, string host, int port)
    {
        ThrowIfDisposed(socket);
        return SocketIo.Connect(socket, host, port, SendDeadline(socket));
    }

    // ---- receive -------------------------------------------------------------------------------------

    /// <summary>Replaces <see cref="Socket.Receive(byte[])"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive))]
    public static GreenTask<int> Receive(Socket socket, GreenSuspend suspend, byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return Receive(socket, buffer, 0, buffer.Length, SocketFlags.None);
    }

    /// <summary>Replaces <see cref="Socket.Receive(byte[], SocketFlags)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive))]
    public static GreenTask<int> Receive(Socket socket, GreenSuspend suspend, byte[] buffer, SocketFlags socketFlags)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return Receive(socket, buffer, 0, buffer.Length, socketFlags);
    }

    /// <summary>Replaces <see cref="Socket.Receive(byte[], int, SocketFlags)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive))]
    public static GreenTask<int> Receive(Socket socket, GreenSuspend suspend, byte[] buffer, int size, SocketFlags socketFlags) =>
        Receive(socket, buffer, 0, size, socketFlags);

    /// <summary>Replaces <see cref="Socket.Receive(byte[], int, int, SocketFlags)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive))]
    public static GreenTask<int> Receive(Socket socket, GreenSuspend suspend, byte[] buffer, int offset, int size, SocketFlags socketFlags) =>
        Receive(socket, buffer, offset, size, socketFlags);

    /// <summary>Replaces <see cref="Socket.Receive(IList{ArraySegment{byte}})"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive))]
    public static GreenTask<int> Receive(Socket socket, GreenSuspend suspend, IList<ArraySegment<byte>> buffers) =>
        Receive(socket, suspend, buffers, SocketFlags.None);

    /// <summary>Replaces <see cref="Socket.Receive(IList{ArraySegment{byte}}, SocketFlags)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive))]
    public static GreenTask<int> Receive(Socket socket, GreenSuspend suspend, IList<ArraySegment<byte>> buffers, SocketFlags socketFlags)
    {
        ThrowIfDisposed(socket);
        ArgumentNullException.ThrowIfNull(buffers);
        return SocketIo.Receive(socket, buffers, socketFlags, ReceiveDeadline(socket));
    }

    // ---- send ----------------------------------------------------------------------------------------

    /// <summary>Replaces <see cref="Socket.Send(byte[])"/> inside <c>[Greenlet]</c> bodies: sends the whole buffer.</summary>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<int> Send(Socket socket, GreenSuspend suspend, byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return Send(socket, buffer, 0, buffer.Length, SocketFlags.None);
    }

    /// <summary>Replaces <see cref="Socket.Send(byte[], SocketFlags)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<int> Send(Socket socket, GreenSuspend suspend, byte[] buffer, SocketFlags socketFlags)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return Send(socket, buffer, 0, buffer.Length, socketFlags);
    }

    /// <summary>Replaces <see cref="Socket.Send(byte[], int, SocketFlags)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<int> Send(Socket socket, GreenSuspend suspend, byte[] buffer, int size, SocketFlags socketFlags) =>
        Send(socket, buffer, 0, size, socketFlags);

    /// <summary>Replaces <see cref="Socket.Send(byte[], int, int, SocketFlags)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<int> Send(Socket socket, GreenSuspend suspend, byte[] buffer, int offset, int size, SocketFlags socketFlags) =>
        Send(socket, buffer, offset, size, socketFlags);

    /// <summary>Replaces <see cref="Socket.Send(IList{ArraySegment{byte}})"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<int> Send(Socket socket, GreenSuspend suspend, IList<ArraySegment<byte>> buffers) =>
        Send(socket, suspend, buffers, SocketFlags.None);

    /// <summary>Replaces <see cref="Socket.Send(IList{ArraySegment{byte}}, SocketFlags)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<int> Send(Socket socket, GreenSuspend suspend, IList<ArraySegment<byte>> buffers, SocketFlags socketFlags)
    {
        ThrowIfDisposed(socket);
        ArgumentNullException.ThrowIfNull(buffers);
        return SocketIo.Send(socket, buffers, socketFlags, SendDeadline(socket));
    }

    // ---- send to -------------------------------------------------------------------------------------

    /// <summary>Replaces <see cref="Socket.SendTo(byte[], EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.SendTo))]
    public static GreenTask<int> SendTo(Socket socket, GreenSuspend suspend, byte[] buffer, EndPoint remoteEP)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return SendTo(socket, buffer, 0, buffer.Length, SocketFlags.None, remoteEP);
    }

    /// <summary>Replaces <see cref="Socket.SendTo(byte[], SocketFlags, EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.SendTo))]
    public static GreenTask<int> SendTo(Socket socket, GreenSuspend suspend, byte[] buffer, SocketFlags socketFlags, EndPoint remoteEP)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return SendTo(socket, buffer, 0, buffer.Length, socketFlags, remoteEP);
    }

    /// <summary>Replaces <see cref="Socket.SendTo(byte[], int, SocketFlags, EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.SendTo))]
    public static GreenTask<int> SendTo(Socket socket, GreenSuspend suspend, byte[] buffer, int size, SocketFlags socketFlags, EndPoint remoteEP) =>
        SendTo(socket, buffer, 0, size, socketFlags, remoteEP);

    /// <summary>Replaces <see cref="Socket.SendTo(byte[], int, int, SocketFlags, EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.SendTo))]
    public static GreenTask<int> SendTo(Socket socket, GreenSuspend suspend, byte[] buffer, int offset, int size, SocketFlags socketFlags, EndPoint remoteEP) =>
        SendTo(socket, buffer, offset, size, socketFlags, remoteEP);

    // ---- readiness -----------------------------------------------------------------------------------

    /// <summary>
    /// Replaces <see cref="Socket.Poll(int, SelectMode)"/> inside <c>[Greenlet]</c> bodies: the greenlet parks for up
    /// to <paramref name="microSeconds"/> (-1: no limit; whole milliseconds, as .NET waits on Unix).
    /// </summary>
    [Patches(typeof(Socket), nameof(Socket.Poll))]
    public static GreenTask<bool> Poll(Socket socket, GreenSuspend suspend, int microSeconds, SelectMode mode)
    {
        ThrowIfDisposed(socket);
        return SocketIo.Poll(socket, mode, SocketIo.DeadlineFromMicroseconds(microSeconds));
    }

    /// <summary>Replaces <see cref="Socket.Poll(TimeSpan, SelectMode)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Poll))]
    public static GreenTask<bool> Poll(Socket socket, GreenSuspend suspend, TimeSpan timeout, SelectMode mode) =>
        Poll(socket, suspend, ToMicroseconds(timeout), mode);

    /// <summary>
    /// Replaces <see cref="Socket.Select(IList?, IList?, IList?, int)"/> inside <c>[Greenlet]</c> bodies: the greenlet
    /// parks until any listed socket is ready, then each list keeps only its ready sockets (all empty on a timeout).
    /// </summary>
    [Patches(typeof(Socket), nameof(Socket.Select))]
    public static GreenTask Select(GreenSuspend suspend, IList? checkRead, IList? checkWrite, IList? checkError, int microSeconds) =>
        SocketIo.Select(checkRead, checkWrite, checkError, SocketIo.DeadlineFromMicroseconds(microSeconds));

    /// <summary>Replaces <see cref="Socket.Select(IList?, IList?, IList?, TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Select))]
    public static GreenTask Select(GreenSuspend suspend, IList? checkRead, IList? checkWrite, IList? checkError, TimeSpan timeout) =>
        Select(suspend, checkRead, checkWrite, checkError, ToMicroseconds(timeout));

    // ---- shared ----------------------------------------------------------------------------------------

    private static GreenTask<int> Receive(Socket socket, byte[] buffer, int offset, int size, SocketFlags flags)
    {
        ThrowIfDisposed(socket);
        ValidateBuffer(buffer, offset, size);
        return SocketIo.ReceiveUntilSocketTimeout(socket, buffer.AsMemory(offset, size), flags);
    }

    private static GreenTask<int> Send(Socket socket, byte[] buffer, int offset, int size, SocketFlags flags)
    {
        ThrowIfDisposed(socket);
        ValidateBuffer(buffer, offset, size);
        return SocketIo.SendUntilSocketTimeout(socket, buffer.AsMemory(offset, size), flags);
    }

    private static GreenTask<int> SendTo(Socket socket, byte[] buffer, int offset, int size, SocketFlags flags, EndPoint remoteEP)
    {
        ThrowIfDisposed(socket);
        ValidateBuffer(buffer, offset, size);
        ArgumentNullException.ThrowIfNull(remoteEP);
        return SocketIo.SendTo(socket, buffer.AsMemory(offset, size), flags, remoteEP, SendDeadline(socket));
    }

    internal static long ReceiveDeadline(Socket socket) => SocketIo.DeadlineFromSocketTimeout(socket.ReceiveTimeout);

    internal static long SendDeadline(Socket socket) => SocketIo.DeadlineFromSocketTimeout(socket.SendTimeout);

    /// <summary>The checks .NET makes before any I/O, with its exception types.</summary>
    internal static void ThrowIfDisposed(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (UnexposedHandle.IsClosed(socket))
            throw new ObjectDisposedException(typeof(Socket).FullName);
    }

    internal static void ValidateBuffer(byte[] buffer, int offset, int size)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if ((uint)offset > (uint)buffer.Length)
            throw new ArgumentOutOfRangeException(nameof(offset));
        if ((uint)size > (uint)(buffer.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(size));
    }

    /// <summary>.NET's conversion of a <see cref="TimeSpan"/> timeout to the microseconds of Poll/Select.</summary>
    private static int ToMicroseconds(TimeSpan timeout)
    {
        if (timeout == System.Threading.Timeout.InfiniteTimeSpan)
            return -1;
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(timeout));
        long microseconds = (long)timeout.TotalMicroseconds;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(microseconds, int.MaxValue, nameof(timeout));
        return (int)microseconds;
    }
}
