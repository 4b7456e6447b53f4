using System.ComponentModel;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime;

public static partial class Green
{
    /// <summary>
    /// Waits until <paramref name="socket"/> is ready in <paramref name="direction"/> — gevent's
    /// <c>wait_read</c>/<c>wait_write</c>. Only the calling greenlet waits; from ordinary code the hub runs meanwhile.
    /// </summary>
    /// <param name="socket">The socket to watch (it is put in non-blocking mode on the epoll backend).</param>
    /// <param name="direction">
    /// <see cref="IoDirection.Read"/>: data, a pending connection, end of stream or an error;
    /// <see cref="IoDirection.Write"/>: room to send, a finished connect, or an error.
    /// </param>
    /// <param name="timeout">How long to wait at most; <see langword="null"/> waits for as long as it takes.</param>
    /// <returns><see langword="true"/> if the socket became ready, <see langword="false"/> if the timeout passed first.</returns>
    /// <remarks>
    /// Nothing is read or written: after a true result the socket's next operation will not wait. A kill or an
    /// enclosing <see cref="Timeout(TimeSpan)"/> scope interrupts the wait. Like gevent, one greenlet at a time may
    /// wait on each direction of a socket.
    /// </remarks>
    public static bool Wait(Socket socket, IoDirection direction, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var hub = Hub.Current;
        hub.EnsureCanBlock("Green.Wait");
        return hub.Block(Wait(default(GreenSuspend), socket, direction, timeout));
    }

    /// <summary>Waits until <paramref name="socket"/> is readable — gevent's <c>wait_read</c>; see <see cref="Wait(Socket, IoDirection, TimeSpan?)"/>.</summary>
    /// <returns><see langword="true"/> if the socket became readable, <see langword="false"/> if the timeout passed first.</returns>
    public static bool WaitRead(Socket socket, TimeSpan? timeout = null) => Wait(socket, IoDirection.Read, timeout);

    /// <summary>Waits until <paramref name="socket"/> is writable — gevent's <c>wait_write</c>; see <see cref="Wait(Socket, IoDirection, TimeSpan?)"/>.</summary>
    /// <returns><see langword="true"/> if the socket became writable, <see langword="false"/> if the timeout passed first.</returns>
    public static bool WaitWrite(Socket socket, TimeSpan? timeout = null) => Wait(socket, IoDirection.Write, timeout);

    /// <summary>The resumable twin of <see cref="Wait(Socket, IoDirection, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<bool> Wait(GreenSuspend suspend, Socket socket, IoDirection direction, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (direction is not (IoDirection.Read or IoDirection.Write))
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "Wait for Read or Write.");
        return SocketIo.WaitReady(socket, direction, Hub.DeadlineAfter(timeout));
    }

    /// <summary>The resumable twin of <see cref="WaitRead(Socket, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<bool> WaitRead(GreenSuspend suspend, Socket socket, TimeSpan? timeout = null) =>
        Wait(suspend, socket, IoDirection.Read, timeout);

    /// <summary>The resumable twin of <see cref="WaitWrite(Socket, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<bool> WaitWrite(GreenSuspend suspend, Socket socket, TimeSpan? timeout = null) =>
        Wait(suspend, socket, IoDirection.Write, timeout);
}
