using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets.Linux;

/// <summary>
/// Socket operations on the epoll hub: the non-blocking system call first, and a park on readiness only
/// after <c>EAGAIN</c>. A timed-out or interrupted receive has consumed nothing.
/// </summary>
internal static class EpollSocketOps
{
    // recv/send flags whose values are the same in SocketFlags and Linux's MSG_* constants.
    private const SocketFlags RawFlags = SocketFlags.OutOfBand | SocketFlags.Peek | SocketFlags.DontRoute;

    /// <summary>
    /// Deadline sentinels for <see cref="Receive"/> and <see cref="Send"/>: the socket's own
    /// <see cref="Socket.ReceiveTimeout"/>/<see cref="Socket.SendTimeout"/>, read only if the call has to park
    /// (reading either property boxes an int: an allocation per call on the fast path otherwise).
    /// </summary>
    public const long ReceiveTimeoutDeadline = long.MinValue;

    /// <inheritdoc cref="ReceiveTimeoutDeadline"/>
    public const long SendTimeoutDeadline = long.MinValue + 1;

    /// <summary>
    /// A receive: the <c>recv</c> right away, returning a completed task when there is data, end of stream or an
    /// error; only <c>EAGAIN</c> parks (<see cref="ParkedReceive"/>). No allocation unless it parks.
    /// </summary>
    public static GreenTask<int> Receive(Hub hub, Socket socket, Memory<byte> buffer, SocketFlags flags, long deadline)
    {
        try
        {
            var registration = hub.Epoll.Register(socket);
            // Nothing there since the last short read (see ReadDrained): wait for the edge without asking.
            if (!registration.ReadDrained || flags != SocketFlags.None)
            {
                var error = TryReceive(registration, buffer.Span, flags, out int received);
                if (error == SocketError.Success)
                    return new GreenTask<int>(received);
                if (error != SocketError.WouldBlock)
                    return Failed<int>(new SocketException((int)error));
            }
            return registration.ReceiveOperation(hub).Prepare(buffer, flags, ResolveDeadline(socket, deadline)).Start();
        }
        catch (Exception failure)
        {
            return Failed<int>(failure);
        }
    }

    /// <summary>
    /// Sends the whole buffer, as a blocking <see cref="Socket.Send(byte[])"/> does: straight away while the socket
    /// takes it, parking (<see cref="ParkedSend"/>) only when the send buffer is full.
    /// </summary>
    public static GreenTask<int> Send(Hub hub, Socket socket, ReadOnlyMemory<byte> buffer, SocketFlags flags, long deadline)
    {
        try
        {
            var registration = hub.Epoll.Register(socket);
            int sent = 0;
            var error = SendRest(registration, buffer.Span, ref sent, flags);
            if (error == SocketError.Success)
                return new GreenTask<int>(sent);
            if (error != SocketError.WouldBlock)
                return Failed<int>(new SocketException((int)error));
            return registration.SendOperation(hub).Prepare(buffer, sent, flags, ResolveDeadline(socket, deadline)).Start();
        }
        catch (Exception failure)
        {
            // As an async method would: the failure is the task's, thrown where it is awaited.
            return Failed<int>(failure);
        }
    }

    private static long ResolveDeadline(Socket socket, long deadline) => deadline switch
    {
        ReceiveTimeoutDeadline => SocketIo.DeadlineFromSocketTimeout(SocketTimeouts.Receive(socket)),
        SendTimeoutDeadline => SocketIo.DeadlineFromSocketTimeout(SocketTimeouts.Send(socket)),
        _ => deadline,
    };

    /// <summary>A task already failed with <paramref name="failure"/>, as an <c>async</c> method that threw returns it.</summary>
    private static GreenTask<T> Failed<T>(Exception failure)
    {
        if (failure.StackTrace is null)
            ExceptionDispatchInfo.SetCurrentStackTrace(failure);
        return new GreenTask<T>(CompletedGreenTaskSource<T>.Failed(failure));
    }

    public static async GreenTask<Socket> Accept(Hub hub, Socket listener, long deadline)
    {
        var registration = hub.Epoll.RegisterNonBlocking(listener);
        while (true)
        {
            DescriptorReserve.ThrowIfReached(registration.Fd);
            int fd = TryAccept(registration.Fd, out int errno);
            if (fd >= 0)
            {
                DescriptorReserve.NoteAccepted(fd);
                return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
            }
            if (errno is LinuxInterop.EMFile or LinuxInterop.ENFile)
                DescriptorReserve.NoteExhausted();
            if (errno != LinuxInterop.EAgain)
                throw SocketErrors.FromErrnoException(errno);
            if (!await new IoAwaitable(hub, registration, IoDirection.Read, deadline))
                throw SocketErrors.TimedOut();
        }
    }

    /// <summary>gevent's <c>wait_read</c>/<c>wait_write</c>: returns false if the deadline passed first.</summary>
    public static async GreenTask<bool> WaitReady(Hub hub, Socket socket, IoDirection direction, long deadline)
    {
        var registration = hub.Epoll.Register(socket);
        // Edge-triggered: readiness that arrived before we parked is not reported again, so look first.
        var mode = direction == IoDirection.Read ? SelectMode.SelectRead : SelectMode.SelectWrite;
        if (socket.Poll(0, mode))
            return true;
        return await new IoAwaitable(hub, registration, direction, deadline);
    }

    /// <summary>
    /// Parks until any of <paramref name="waits"/> may be ready, or the deadline passes (false). The caller has
    /// just found none ready, so edge-triggered readiness from now on is not missed; a wake may still be stale,
    /// so the caller checks again.
    /// </summary>
    public static async GreenTask<bool> WaitAny(Hub hub, IReadOnlyList<(Socket Socket, IoDirection Direction)> waits, long deadline)
    {
        var greenlet = hub.CurrentGreenlet;
        var claimed = new List<(SocketRegistration, IoDirection)>(waits.Count);
        try
        {
            foreach (var (socket, direction) in waits)
            {
                var registration = hub.Epoll.Register(socket);
                registration.Claim(greenlet, direction);
                claimed.Add((registration, direction));
            }
        }
        catch
        {
            foreach (var (registration, direction) in claimed)
                registration.Unpark(greenlet, direction);
            throw;
        }
        return await new AnyIoAwaitable(hub, claimed, deadline);
    }

    private static unsafe int TryAccept(int listenerFd, out int errno)
    {
        while (true)
        {
            int fd = LinuxInterop.Accept4(listenerFd, null, null, LinuxInterop.SockCloexec);
            errno = fd >= 0 ? 0 : Marshal.GetLastPInvokeError();
            if (errno != LinuxInterop.EIntr)
                return fd;
        }
    }

    internal static unsafe SocketError TryReceive(SocketRegistration registration, Span<byte> buffer, SocketFlags flags, out int received)
    {
        if ((flags & ~RawFlags) != 0)
        {
            // .NET validates and maps the other flags; with its Blocking flag off for the call it returns EAGAIN
            // instead of waiting in its own engine.
            using var nonBlocking = new NonBlockingScope(registration.Socket);
            received = registration.Socket.Receive(buffer, flags, out var managedError);
            return managedError;
        }
        fixed (byte* pointer = buffer)
        {
            while (true)
            {
                nint result = LinuxInterop.Recv(registration.Fd, pointer, buffer.Length, (int)flags | LinuxInterop.MsgDontWait);
                if (result >= 0)
                {
                    received = (int)result;
                    if (flags == SocketFlags.None)
                        registration.NoteReceived(received, buffer.Length);
                    return SocketError.Success;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == LinuxInterop.EIntr)
                    continue;
                received = 0;
                return SocketErrors.FromErrno(errno);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="buffer"/> from <paramref name="sent"/> on, advancing it, until all of it is sent
    /// (<see cref="SocketError.Success"/>), the socket takes no more (<see cref="SocketError.WouldBlock"/>) or a send
    /// fails. The first <c>send</c> is always made, even with nothing left, as a blocking send of nothing makes it.
    /// </summary>
    internal static SocketError SendRest(SocketRegistration registration, ReadOnlySpan<byte> buffer, ref int sent, SocketFlags flags)
    {
        do
        {
            var error = TrySend(registration, buffer.Slice(sent), flags, out int count);
            if (error != SocketError.Success)
                return error;
            sent += count;
        }
        while (sent < buffer.Length);
        return SocketError.Success;
    }

    internal static unsafe SocketError TrySend(SocketRegistration registration, ReadOnlySpan<byte> buffer, SocketFlags flags, out int sent)
    {
        if ((flags & ~RawFlags) != 0)
        {
            using var nonBlocking = new NonBlockingScope(registration.Socket);
            sent = registration.Socket.Send(buffer, flags, out var managedError);
            return managedError;
        }
        fixed (byte* pointer = buffer)
        {
            while (true)
            {
                nint result = LinuxInterop.Send(registration.Fd, pointer, buffer.Length, (int)flags | LinuxInterop.MsgNoSignal | LinuxInterop.MsgDontWait);
                if (result >= 0)
                {
                    sent = (int)result;
                    return SocketError.Success;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == LinuxInterop.EIntr)
                    continue;
                sent = 0;
                return SocketErrors.FromErrno(errno);
            }
        }
    }
}
