using System.Net.Sockets;
using GreenRuntime.Hubs;

namespace GreenRuntime.Sockets.Linux;

/// <summary>
/// A socket registered with the hub's epoll instance: at most one waiter for reading and one for writing (like
/// gevent, two greenlets reading one socket at once is a usage error). A waiter is a parked greenlet, which
/// readiness wakes, or a green stream's pending operation (a <see cref="HubCallback"/>, see
/// <see cref="GreenNetworkStream"/>), which readiness queues on the hub's run queue.
/// </summary>
internal sealed class SocketRegistration
{
    private readonly EpollPoller _poller;
    private object? _reader;   // Greenlet or HubCallback
    private object? _writer;

    public SocketRegistration(Socket socket, int fd, EpollPoller poller)
    {
        Socket = socket;
        Fd = fd;
        _poller = poller;
        _isStream = socket.SocketType == SocketType.Stream;
    }

    // A stream socket: a receive that returns less than it asked for has emptied the kernel's queue.
    private readonly bool _isStream;

    /// <summary>
    /// The last plain receive on this stream socket returned less than it asked for, and no read readiness has been
    /// reported since: the kernel had nothing more, and whatever arrives from now on raises a new edge. A receive may
    /// then park at once instead of first calling <c>recv</c> only to get <c>EAGAIN</c> — in an echo or
    /// request/response loop that is one system call in three. Every read readiness clears it (the edge may have
    /// found no reader parked, and is gone), so data that is there is always tried.
    /// </summary>
    public bool ReadDrained { get; private set; }

    // The peer's end of stream, a hang-up or an error has been reported: a read that returns less than asked for may
    // have stopped before it, and nothing new will raise an edge for it.
    private bool _readEndReported;

    /// <summary>A receive returned <paramref name="received"/> bytes of the <paramref name="requested"/> (see <see cref="ReadDrained"/>).</summary>
    public void NoteReceived(int received, int requested)
    {
        if (received > 0 && received < requested && _isStream && !_readEndReported)
            ReadDrained = true;
    }

    public Socket Socket { get; }

    // The parked operations of each direction, reused once completed (see ParkedIo).
    private ParkedReceive? _receive;
    private ParkedSend? _send;

    /// <summary>The receive to park: the last one again once it completed, a new one otherwise (another is still parked).</summary>
    public ParkedReceive ReceiveOperation(Hub hub) =>
        _receive is { IsCompleted: true } done ? done : _receive = new ParkedReceive(hub, this);

    /// <summary>The send to park, as <see cref="ReceiveOperation"/>.</summary>
    public ParkedSend SendOperation(Hub hub) =>
        _send is { IsCompleted: true } done ? done : _send = new ParkedSend(hub, this);

    public int Fd { get; }

    /// <summary>Whether the descriptor was made <c>O_NONBLOCK</c> (<see cref="EpollPoller.RegisterNonBlocking"/>), as accepts need.</summary>
    public bool NonBlockingDescriptor { get; set; }

    public void Park(Hub hub, Greenlet greenlet, IoDirection direction, CompilerServices.IResumable continuation, long deadline)
    {
        Claim(greenlet, direction);
        hub.ParkUntil(greenlet, continuation, this, deadline);
    }

    /// <summary>
    /// Makes <paramref name="greenlet"/> the waiter of one direction without parking it (a wait on several
    /// sockets claims each, then parks once). Claiming a slot the greenlet already holds does nothing.
    /// </summary>
    public void Claim(Greenlet greenlet, IoDirection direction)
    {
        ref var slot = ref direction == IoDirection.Read ? ref _reader : ref _writer;
        if (slot == greenlet)
            return;
        if (slot is not null)
        {
            throw new InvalidOperationException(
                $"{Describe(slot)} is already waiting to {(direction == IoDirection.Read ? "read from" : "write to")} this socket; " +
                $"greenlet '{greenlet.Name}' cannot wait on the same direction at the same time.");
        }
        slot = greenlet;
        _poller.AddIoWaiter();
    }

    /// <summary>
    /// Makes <paramref name="callback"/> (a green stream's pending operation) the waiter of one direction: readiness,
    /// or the socket's close, queues it on the hub's run queue. Claiming a slot it already holds does nothing.
    /// </summary>
    public void Claim(HubCallback callback, IoDirection direction)
    {
        ref var slot = ref direction == IoDirection.Read ? ref _reader : ref _writer;
        if (slot == callback)
            return;
        if (slot is not null)
        {
            throw new InvalidOperationException(
                $"{Describe(slot)} is already waiting to {(direction == IoDirection.Read ? "read from" : "write to")} this socket; " +
                "a stream over it cannot wait on the same direction at the same time.");
        }
        slot = callback;
        _poller.AddIoWaiter();
    }

    /// <summary>Takes <paramref name="callback"/> out of its slot (a cancelled stream operation); true if it was still waiting.</summary>
    public bool Unclaim(HubCallback callback, IoDirection direction)
    {
        ref var slot = ref direction == IoDirection.Read ? ref _reader : ref _writer;
        if (slot != callback)
            return false;
        slot = null;
        _poller.RemoveIoWaiter();
        return true;
    }

    private static string Describe(object waiter) =>
        waiter is Greenlet greenlet ? $"Greenlet '{greenlet.Name}'" : "A stream over this socket";

    /// <summary>Clears the waiter slot after a wake, a timeout or an interruption; true if it was still parked here.</summary>
    public bool Unpark(Greenlet greenlet, IoDirection direction)
    {
        ref var slot = ref direction == IoDirection.Read ? ref _reader : ref _writer;
        if (slot != greenlet)
            return false;
        slot = null;
        _poller.RemoveIoWaiter();
        return true;
    }

    public void OnReady(Hub hub, uint events)
    {
        const uint errorOrHangup = LinuxInterop.EpollErr | LinuxInterop.EpollHup;
        if ((events & (LinuxInterop.EpollIn | LinuxInterop.EpollRdHup | errorOrHangup)) != 0)
        {
            ReadDrained = false;
            if ((events & (LinuxInterop.EpollRdHup | errorOrHangup)) != 0)
                _readEndReported = true;
            WakeSlot(hub, ref _reader);
        }
        if ((events & (LinuxInterop.EpollOut | errorOrHangup)) != 0)
            WakeSlot(hub, ref _writer);
    }

    /// <summary>
    /// The socket was closed (the kernel dropped its epoll registration with the descriptor, and may already have
    /// given the number to a new socket): wakes its waiters, which then fail instead of calling into the descriptor.
    /// </summary>
    /// <returns>Whether a waiter was woken.</returns>
    public bool Close(Hub hub)
    {
        Closed = true;
        bool woke = _reader is not null || _writer is not null;
        WakeSlot(hub, ref _reader);
        WakeSlot(hub, ref _writer);
        return woke;
    }

    /// <summary>Set by <see cref="Close"/>: a waiter woken from here must not touch <see cref="Fd"/> again.</summary>
    public bool Closed { get; private set; }

    private void WakeSlot(Hub hub, ref object? slot)
    {
        var waiter = slot;
        if (waiter is null)
            return;
        slot = null;
        _poller.RemoveIoWaiter();
        if (waiter is Greenlet greenlet)
            hub.Wake(greenlet);
        else
            hub.ScheduleCallback((HubCallback)waiter);
    }

    public override string ToString() => $"socket fd {Fd} ({Socket.LocalEndPoint} -> {SafeRemote()})";

    private string SafeRemote()
    {
        try
        {
            return Socket.RemoteEndPoint?.ToString() ?? "unconnected";
        }
        catch (ObjectDisposedException)
        {
            return "closed";
        }
    }
}
