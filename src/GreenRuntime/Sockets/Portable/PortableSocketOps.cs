using System.Diagnostics;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets.Linux;

namespace GreenRuntime.Sockets.Portable;

/// <summary>
/// Socket operations for hubs on the portable backend: a non-blocking synchronous call first, and when it
/// would block, a .NET async socket operation whose completion is posted back to the hub while only the
/// calling greenlet parks (interruptibly: a kill or timeout wakes it at once).
/// </summary>
/// <remarks>
/// The semantics are the epoll backend's. A receive waits for readiness with a probe that consumes nothing
/// (a zero-byte receive) and then reads with a non-blocking <see cref="Socket.Receive(Span{byte}, SocketFlags, out SocketError)"/>,
/// so a timed-out or killed receive has consumed nothing. An accept abandoned by a kill or timeout is
/// cancelled; if it took a connection all the same, the next accept on the listener returns it. Readiness with
/// no consume-nothing async probe (writability, a listener's pending connection) is polled with a backoff.
/// </remarks>
internal static class PortableSocketOps
{
    /// <summary>Readiness with no consume-nothing async probe is polled: first after this long (1 ms), ...</summary>
    internal static readonly long MinPollTicks = Stopwatch.Frequency / 1000;

    // ... then backing off up to 20 ms.
    private static readonly long MaxPollTicks = Stopwatch.Frequency / 50;

    /// <summary>The interval to poll after one of <paramref name="interval"/>.</summary>
    internal static long NextPollInterval(long interval) => Math.Min(interval * 2, MaxPollTicks);

    public static async GreenTask<int> Receive(Hub hub, Socket socket, Memory<byte> buffer, SocketFlags flags, long deadline)
    {
        PortableSocket? state = null;
        while (true)
        {
            int received = ReceiveNow(socket, buffer.Span, flags, out var error);
            if (error == SocketError.Success)
                return received;
            if (error != SocketError.WouldBlock)
                throw new SocketException((int)error);
            state ??= PortableSocket.Of(socket);
            if (!await WaitFor(hub, state.StartReadProbe(), deadline))
                throw SocketErrors.TimedOut();
        }
    }

    /// <summary>Sends the whole buffer, as a blocking <see cref="Socket.Send(byte[])"/> does.</summary>
    public static async GreenTask<int> Send(Hub hub, Socket socket, ReadOnlyMemory<byte> buffer, SocketFlags flags, long deadline)
    {
        var state = PortableSocket.Find(socket);
        if (state?.SendTail is { IsIdle: false } previous)
        {
            // A send abandoned by a kill or timeout was cancelled but may not have ended yet: bytes must not interleave.
            if (!await WaitFor(hub, previous, deadline))
                throw SocketErrors.TimedOut();
            previous.Discard();
        }

        int sent = SendNow(socket, buffer.Span, flags, out var error);
        if (error == SocketError.WouldBlock)
            sent = 0;
        else if (error != SocketError.Success)
            throw new SocketException((int)error);
        if (sent == buffer.Length)
            return sent;

        // The send buffer is full: .NET's async send finishes the rest while only this greenlet waits.
        state ??= PortableSocket.Of(socket);
        // A kill or timeout cancels the rest, as the epoll backend stops sending (the peer has a prefix either way).
        var tail = state.StartSendTail(buffer.Slice(sent), flags);
        if (!await WaitFor(hub, tail, deadline))
            throw SocketErrors.TimedOut();
        tail.Take();
        return buffer.Length;
    }

    public static async GreenTask<Socket> Accept(Hub hub, Socket listener, long deadline)
    {
        var state = PortableSocket.Of(listener);
        // An accept that already took a connection hands it over; one still pending cannot be held back.
        if (!state.HasAcceptedConnection)
            DescriptorReserve.ThrowIfReached(listener);
        PendingOperation<Socket> accept;
        do
        {
            // An accept cancelled by a given-up wait may still be ending: it took nothing, so start another.
            accept = state.StartAccept();
            if (!await WaitFor(hub, accept, deadline))
                throw SocketErrors.TimedOut();
        }
        while (accept.WasCancelled);
        try
        {
            var accepted = accept.Take();
            DescriptorReserve.NoteAccepted(accepted);
            return accepted;
        }
        catch (SocketException exhausted) when (exhausted.SocketErrorCode == SocketError.TooManyOpenSockets)
        {
            DescriptorReserve.NoteExhausted();
            throw;
        }
        catch (SocketException aborted) when (aborted.SocketErrorCode == SocketError.OperationAborted && listener.SafeHandle.IsClosed)
        {
            // As on the epoll backend (and as a new accept would report it): the listener was closed.
            throw new ObjectDisposedException(typeof(Socket).FullName, aborted);
        }
    }

    /// <summary>gevent's <c>wait_read</c>/<c>wait_write</c>: returns false if the deadline passed first.</summary>
    public static GreenTask<bool> WaitReady(Hub hub, Socket socket, IoDirection direction, long deadline) =>
        direction == IoDirection.Read ? WaitReadable(hub, socket, deadline) : WaitWritable(hub, socket, deadline);

    private static async GreenTask<bool> WaitReadable(Hub hub, Socket socket, long deadline)
    {
        if (socket.Poll(0, SelectMode.SelectRead))
            return true;
        var state = PortableSocket.Of(socket);
        if (!state.IsListening())
            return await WaitFor(hub, state.StartReadProbe(), deadline);
        // An accept would take the connection it waits for, out of sight of Poll, Select and a plain Accept.
        if (state.HasAcceptedConnection)
            return true;
        return await WaitPolled(hub, socket, SelectMode.SelectRead, deadline);
    }

    /// <summary>
    /// Parks until any of <paramref name="waits"/> may be ready (true; possibly stale, so callers check again),
    /// or the deadline passes first (false). Reads of connected and datagram sockets wait on their readiness
    /// probes; writes and listeners can only be polled, so when there are any the park also ends (true) at
    /// <paramref name="pollAt"/>, when the caller looks again.
    /// </summary>
    public static async GreenTask<bool> WaitAny(Hub hub, IReadOnlyList<(Socket Socket, IoDirection Direction)> waits, long deadline, long pollAt)
    {
        var greenlet = hub.CurrentGreenlet;
        var probes = new List<PendingOperation>(waits.Count);
        bool polled = false;
        foreach (var (socket, direction) in waits)
        {
            var state = direction == IoDirection.Read ? PortableSocket.Of(socket) : null;
            if (state is null || state.IsListening())
            {
                polled = true;
                continue;
            }
            var probe = state.StartReadProbe();
            probe.EnsureNoOtherWaiter(greenlet);
            if (!probes.Contains(probe))
                probes.Add(probe);
        }
        long wake = polled ? Math.Min(deadline, pollAt) : deadline;
        return await new AnyOperationAwaitable(hub, probes, wake) || wake != deadline || Stopwatch.GetTimestamp() < deadline;
    }

    // Writable, a finished connect, or an error (a failed connect): as epoll's EPOLLOUT|EPOLLERR.
    private static GreenTask<bool> WaitWritable(Hub hub, Socket socket, long deadline) =>
        WaitPolled(hub, socket, SelectMode.SelectWrite, deadline);

    /// <summary>Polls <paramref name="mode"/> (writes also count errors) between hub sleeps that back off.</summary>
    private static async GreenTask<bool> WaitPolled(Hub hub, Socket socket, SelectMode mode, long deadline)
    {
        long interval = MinPollTicks;
        while (true)
        {
            if (socket.Poll(0, mode) || (mode == SelectMode.SelectWrite && socket.Poll(0, SelectMode.SelectError)))
                return true;
            long now = Stopwatch.GetTimestamp();
            if (deadline <= now)
                return false;
            await new SleepAwaitable(hub, Math.Min(deadline, now + interval));
            interval = NextPollInterval(interval);
        }
    }

    private static PendingOperationAwaitable WaitFor(Hub hub, PendingOperation operation, long deadline)
    {
        operation.EnsureNoOtherWaiter(hub.CurrentGreenlet);
        return new PendingOperationAwaitable(hub, operation, deadline);
    }

    // The synchronous calls return WouldBlock at once (NonBlockingScope); .NET allows them alongside its async
    // operations on the socket.

    internal static int ReceiveNow(Socket socket, Span<byte> buffer, SocketFlags flags, out SocketError error)
    {
        using var nonBlocking = new NonBlockingScope(socket);
        return socket.Receive(buffer, flags, out error);
    }

    internal static int SendNow(Socket socket, ReadOnlySpan<byte> buffer, SocketFlags flags, out SocketError error)
    {
        using var nonBlocking = new NonBlockingScope(socket);
        return socket.Send(buffer, flags, out error);
    }
}
