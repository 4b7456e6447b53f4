using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using GreenRuntime.Hubs;

namespace GreenRuntime.Sockets.Linux;

/// <summary>
/// The Linux hub poller: one epoll instance, edge-triggered, each socket registered once for both directions;
/// an eventfd for wake-ups from other threads; timers folded into the <c>epoll_wait</c> timeout.
/// </summary>
/// <remarks>
/// Socket operations try the non-blocking call first and park only after <c>EAGAIN</c>, so with edge
/// triggering no readiness is ever missed and no readiness flag needs keeping.
/// </remarks>
internal sealed unsafe class EpollPoller : HubPoller, IDisposable
{
    private const int MaxEvents = 256;
    private const ulong WakeData = ulong.MaxValue;

    private readonly Hub _hub;
    private readonly FileDescriptor _epoll;
    private readonly FileDescriptor _eventFd;
    private readonly byte* _events;
    private SocketRegistration?[] _byFd = new SocketRegistration?[1024];
    private int _fdLimit;   // one past the highest fd ever registered
    private int _ioWaiters;
    private int _wakePending;
    private long _nextSweep;

    // How long a greenlet parked on a socket that was closed may go on waiting before it is told (see SweepClosedSockets).
    private static readonly long SweepIntervalTicks = Stopwatch.Frequency / 20;

    public EpollPoller(Hub hub)
    {
        _hub = hub;
        _epoll = new FileDescriptor(Check(LinuxInterop.EpollCreate1(LinuxInterop.EpollCloexec), "epoll_create1"));
        _eventFd = new FileDescriptor(Check(LinuxInterop.EventFd(0, LinuxInterop.EfdCloexec | LinuxInterop.EfdNonblock), "eventfd"));
        Check(LinuxInterop.EpollAdd(_epoll.Fd, _eventFd.Fd, LinuxInterop.EpollIn | LinuxInterop.EpollEt, WakeData), "epoll_ctl");
        _events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * LinuxInterop.EpollEventSize));
    }

    ~EpollPoller() => NativeMemory.Free(_events);

    public override int IoWaiters => _ioWaiters;

    /// <summary>
    /// The registration of <paramref name="socket"/>, registering it on first use. The descriptor keeps its mode:
    /// <c>recv</c>/<c>send</c> pass <c>MSG_DONTWAIT</c>, and waits only wait. Leaving .NET's
    /// <see cref="Socket.Blocking"/> alone spares each connection the <c>SocketAsyncContext</c> .NET creates when it
    /// is switched (about 220 bytes) and three system calls.
    /// </summary>
    public SocketRegistration Register(Socket socket)
    {
        var handle = UnexposedHandle.Of(socket);
        // A closed socket's number may already be another socket's: never look it up, as .NET would refuse it.
        if (handle.IsClosed)
            throw new ObjectDisposedException(typeof(Socket).FullName);
        int fd = (int)handle.DangerousGetHandle();
        var byFd = _byFd;
        if ((uint)fd < (uint)byFd.Length && byFd[fd] is { } existing && ReferenceEquals(existing.Socket, socket))
            return existing;
        return Add(socket, fd);
    }

    /// <summary>
    /// <see cref="Register"/>, with the descriptor made non-blocking: for <c>accept4</c>, which has no per-call flag.
    /// </summary>
    public SocketRegistration RegisterNonBlocking(Socket socket)
    {
        var registration = Register(socket);
        if (!registration.NonBlockingDescriptor)
        {
            MakeNonBlocking(socket, registration.Fd);
            registration.NonBlockingDescriptor = true;
        }
        return registration;
    }

    private SocketRegistration Add(Socket socket, int fd)
    {
        if (fd < 0)
            throw new ObjectDisposedException(typeof(Socket).FullName);
        if (fd >= _byFd.Length)
            Array.Resize(ref _byFd, Math.Max(fd + 1, _byFd.Length * 2));
        // A new socket reusing a closed socket's fd: the kernel dropped the old registration with the close.
        _byFd[fd]?.Close(_hub);
        _fdLimit = Math.Max(_fdLimit, fd + 1);
        var registration = new SocketRegistration(socket, fd, this);
        uint events = LinuxInterop.EpollIn | LinuxInterop.EpollOut | LinuxInterop.EpollRdHup | LinuxInterop.EpollEt;
        if (LinuxInterop.EpollAdd(_epoll.Fd, fd, events, (ulong)fd) != 0)
        {
            throw SocketErrors.FromErrnoException(Marshal.GetLastPInvokeError());
        }
        _byFd[fd] = registration;
        return registration;
    }

    /// <summary>
    /// Puts the descriptor in non-blocking mode while .NET's <see cref="Socket.Blocking"/> keeps what the user set.
    /// </summary>
    /// <remarks>
    /// Our operations make the system calls themselves, so only the descriptor's <c>O_NONBLOCK</c> matters to
    /// them. Keeping <see cref="Socket.Blocking"/> true is what the rest of .NET needs: <see cref="NetworkStream"/>
    /// (and so <see cref="TcpClient.GetStream"/>) refuses non-blocking sockets, and unpatched blocking calls from
    /// ordinary code keep blocking. Switching .NET's flag off and on again does both: .NET makes the descriptor
    /// non-blocking, never switches it back, and emulates blocking for its own synchronous calls. The
    /// <c>fcntl</c> afterwards only guarantees <c>O_NONBLOCK</c> should a later .NET stop leaving it set.
    /// </remarks>
    private static void MakeNonBlocking(Socket socket, int fd)
    {
        if (socket.Blocking)
        {
            socket.Blocking = false;
            socket.Blocking = true;
        }
        int flags = LinuxInterop.Fcntl(fd, LinuxInterop.FGetFl, 0);
        if (flags >= 0 && (flags & LinuxInterop.ONonblock) == 0)
            LinuxInterop.Fcntl(fd, LinuxInterop.FSetFl, flags | LinuxInterop.ONonblock);
    }

    internal void AddIoWaiter() => _ioWaiters++;

    internal void RemoveIoWaiter() => _ioWaiters--;

    public override void Wait(int milliseconds)
    {
        if (_ioWaiters > 0)
            milliseconds = SweepClosedSockets(milliseconds);
        int count = LinuxInterop.EpollWait(_epoll.Fd, _events, MaxEvents, milliseconds);
        if (count < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LinuxInterop.EIntr)
                return;
            throw new InvalidOperationException($"epoll_wait failed with errno {errno}.");
        }
        for (int i = 0; i < count; i++)
        {
            ulong data = LinuxInterop.DataAt(_events, i);
            if (data == WakeData)
            {
                DrainEventFd();
                continue;
            }
            int fd = (int)data;
            var registration = fd < _byFd.Length ? _byFd[fd] : null;
            registration?.OnReady(_hub, LinuxInterop.EventsAt(_events, i));
        }
    }

    /// <summary>
    /// Wakes the greenlets parked on sockets that were closed — by another greenlet, a <c>using</c>, another thread —
    /// and drops those registrations, at most every 50 ms while any greenlet waits on I/O. Closing a descriptor
    /// removes it from epoll without an event, so without this a waiter would sleep forever (gevent wakes it with
    /// <c>EBADF</c>; here it gets <see cref="ObjectDisposedException"/>).
    /// Returns <paramref name="milliseconds"/> bounded by the time to the next sweep.
    /// </summary>
    private int SweepClosedSockets(int milliseconds)
    {
        long now = Stopwatch.GetTimestamp();
        if (now >= _nextSweep)
        {
            _nextSweep = now + SweepIntervalTicks;
            var byFd = _byFd;
            for (int fd = 0; fd < _fdLimit; fd++)
            {
                if (byFd[fd] is { } registration && UnexposedHandle.IsClosed(registration.Socket))
                {
                    byFd[fd] = null;
                    if (registration.Close(_hub))
                        milliseconds = 0;   // the woken greenlets are runnable now
                }
            }
        }
        if (milliseconds == 0)
            return 0;   // a busy hub's look without waiting: nothing to bound
        int untilSweep = (int)((_nextSweep - now) * 1000 / Stopwatch.Frequency) + 1;
        return milliseconds < 0 ? untilSweep : Math.Min(milliseconds, untilSweep);
    }

    public override void Wake()
    {
        // Coalesce: one eventfd write per sleep is enough.
        if (Interlocked.Exchange(ref _wakePending, 1) == 1)
            return;
        ulong one = 1;
        LinuxInterop.Write(_eventFd.Fd, (byte*)&one, sizeof(ulong));
    }

    private void DrainEventFd()
    {
        // Read before re-arming: a Wake that lands in between skips its write, but its post is already queued.
        ulong value;
        LinuxInterop.Read(_eventFd.Fd, (byte*)&value, sizeof(ulong));
        Volatile.Write(ref _wakePending, 0);
    }

    public void Dispose()
    {
        _epoll.Dispose();
        _eventFd.Dispose();
    }

    private static int Check(int result, string call)
    {
        if (result < 0)
            throw new InvalidOperationException($"{call} failed with errno {Marshal.GetLastPInvokeError()}.");
        return result;
    }
}
