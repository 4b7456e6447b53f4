using System.Net.Sockets;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets.Linux;

/// <summary>
/// A receive or send that met <c>EAGAIN</c>: the greenlet parks with this object as its resumption, and each wake-up
/// retries the system call until it completes, fails, times out or is interrupted.
/// </summary>
/// <remarks>
/// It stands in for an <c>async</c> method awaiting <see cref="IoAwaitable"/>, whose boxed state machine would be an
/// allocation per suspension. A registration keeps one per direction and reuses it once it completed (its awaiter
/// takes the result before it can start another wait), so a server's steady state allocates nothing; the fast path in
/// <see cref="EpollSocketOps"/> does not get here at all. Failures complete the task (never throw from
/// <see cref="Start"/>), as an <c>async</c> method's would, so wrappers that catch around the await see them.
/// </remarks>
internal abstract class ParkedIo<T> : GreenTaskSource<T>, IResumable
{
    private readonly Hub _hub;
    private readonly IoDirection _direction;
    private long _deadline;

    protected ParkedIo(Hub hub, SocketRegistration registration, IoDirection direction)
    {
        _hub = hub;
        Registration = registration;
        _direction = direction;
    }

    protected SocketRegistration Registration { get; }

    /// <summary>Readies a new or completed operation for another wait until <paramref name="deadline"/>.</summary>
    protected void Prepare(long deadline)
    {
        ResetForReuse();
        _deadline = deadline;
    }

    /// <summary>Parks the calling greenlet on the first wait; the task completes when the operation does.</summary>
    public GreenTask<T> Start()
    {
        Wait(_hub.CurrentGreenlet);
        return new GreenTask<T>(this);
    }

    /// <summary>The system call, once (<c>EINTR</c> retried): true with the result, false on <c>EAGAIN</c>; throws on failure.</summary>
    protected abstract bool TryComplete(out T result);

    /// <summary>Runs when the hub resumes the greenlet: woken by readiness, its deadline, or an interruption.</summary>
    public void Resume()
    {
        var greenlet = _hub.CurrentGreenlet;
        Registration.Unpark(greenlet, _direction);
        if (greenlet.TakeInterruption() is { } interruption)
        {
            SetException(interruption);
            return;
        }
        if (Registration.Closed)
        {
            SetException(SocketErrors.ClosedWhileWaiting());
            return;
        }
        if (DeadlinePassed)
        {
            SetException(SocketErrors.TimedOut());
            return;
        }
        bool completed;
        T result;
        try
        {
            completed = TryComplete(out result);
        }
        catch (Exception failure)
        {
            SetException(failure);
            return;
        }
        if (completed)
            SetResult(result);   // resumes the awaiting twin, outside the try: its code is not ours to catch
        else
            Wait(greenlet);
    }

    private bool DeadlinePassed => Hub.DeadlinePassed(_deadline);

    private void Wait(Greenlet greenlet)
    {
        // As an await of IoAwaitable: an interruption already pending, or a deadline gone, ends the call without parking.
        if (greenlet.Interruption is not null || DeadlinePassed)
        {
            Resume();
            return;
        }
        try
        {
            Registration.Park(_hub, greenlet, _direction, this, _deadline);
        }
        catch (Exception failure)
        {
            // Another greenlet already waits on this direction of the socket.
            SetException(failure);
        }
    }
}

/// <summary>A receive into a buffer that lives on the heap (the byte[] and Memory overloads), parked on readability.</summary>
internal sealed class ParkedReceive(Hub hub, SocketRegistration registration)
    : ParkedIo<int>(hub, registration, IoDirection.Read)
{
    private Memory<byte> _buffer;
    private SocketFlags _flags;

    public ParkedReceive Prepare(Memory<byte> buffer, SocketFlags flags, long deadline)
    {
        Prepare(deadline);
        _buffer = buffer;
        _flags = flags;
        return this;
    }

    protected override bool TryComplete(out int result)
    {
        var error = EpollSocketOps.TryReceive(Registration, _buffer.Span, _flags, out result);
        if (error == SocketError.Success)
        {
            _buffer = default;   // not kept alive by a socket that waits no more
            return true;
        }
        if (error == SocketError.WouldBlock)
            return false;
        throw new SocketException((int)error);
    }
}

/// <summary>The rest of a send the socket did not take at once, parked on writability; completes when all is sent.</summary>
internal sealed class ParkedSend(Hub hub, SocketRegistration registration)
    : ParkedIo<int>(hub, registration, IoDirection.Write)
{
    private ReadOnlyMemory<byte> _buffer;
    private int _sent;
    private SocketFlags _flags;

    public ParkedSend Prepare(ReadOnlyMemory<byte> buffer, int sent, SocketFlags flags, long deadline)
    {
        Prepare(deadline);
        _buffer = buffer;
        _sent = sent;
        _flags = flags;
        return this;
    }

    protected override bool TryComplete(out int result)
    {
        result = 0;
        var error = EpollSocketOps.SendRest(Registration, _buffer.Span, ref _sent, _flags);
        if (error == SocketError.WouldBlock)
            return false;
        if (error != SocketError.Success)
            throw new SocketException((int)error);
        result = _sent;
        _buffer = default;
        return true;
    }
}
