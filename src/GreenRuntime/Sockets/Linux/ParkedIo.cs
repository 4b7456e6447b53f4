using System.Diagnostics;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets.Linux;

/// <summary>
/// A receive or send that met <c>EAGAIN</c>: the greenlet parks with this object as its resumption, and each wake-up
/// retries the system call until it completes, fails, times out or is interrupted.
/// </summary>
/// <remarks>
/// It stands in for an <c>async</c> method awaiting <see cref="IoAwaitable"/>: one small object per suspension
/// instead of a boxed state machine, and nothing at all when the call completes at once — the fast path in
/// <see cref="EpollSocketOps"/> never gets here. Failures complete the task (never throw from <see cref="Start"/>),
/// as an <c>async</c> method's would, so wrappers that catch around the await see them.
/// </remarks>
internal abstract class ParkedIo<T> : GreenTaskSource<T>, IResumable
{
    private readonly Hub _hub;
    private readonly IoDirection _direction;
    private readonly long _deadline;

    protected ParkedIo(Hub hub, SocketRegistration registration, IoDirection direction, long deadline)
    {
        _hub = hub;
        Registration = registration;
        _direction = direction;
        _deadline = deadline;
    }

    protected SocketRegistration Registration { get; }

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
        if (DeadlinePassed)
        {
            SetException(new SocketException((int)SocketError.TimedOut));
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

    private bool DeadlinePassed => _deadline != long.MaxValue && _deadline <= Stopwatch.GetTimestamp();

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
internal sealed class ParkedReceive(Hub hub, SocketRegistration registration, Memory<byte> buffer, SocketFlags flags, long deadline)
    : ParkedIo<int>(hub, registration, IoDirection.Read, deadline)
{
    protected override bool TryComplete(out int result)
    {
        var error = EpollSocketOps.TryReceive(Registration, buffer.Span, flags, out result);
        if (error == SocketError.Success)
            return true;
        if (error == SocketError.WouldBlock)
            return false;
        throw new SocketException((int)error);
    }
}

/// <summary>The rest of a send the socket did not take at once, parked on writability; completes when all is sent.</summary>
internal sealed class ParkedSend(Hub hub, SocketRegistration registration, ReadOnlyMemory<byte> buffer, int sent, SocketFlags flags, long deadline)
    : ParkedIo<int>(hub, registration, IoDirection.Write, deadline)
{
    private int _sent = sent;

    protected override bool TryComplete(out int result)
    {
        result = 0;
        while (true)
        {
            var error = EpollSocketOps.TrySend(Registration, buffer.Span.Slice(_sent), flags, out int count);
            if (error == SocketError.WouldBlock)
                return false;
            if (error != SocketError.Success)
                throw new SocketException((int)error);
            _sent += count;
            if (_sent == buffer.Length)
            {
                result = _sent;
                return true;
            }
        }
    }
}
