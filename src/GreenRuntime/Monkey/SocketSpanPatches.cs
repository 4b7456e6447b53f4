using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// The socket patch for the <see cref="Span{T}"/> overloads of <see cref="Socket"/>. A span cannot live across a
/// suspension, so:
/// <list type="bullet">
/// <item>receives are two-phase (<see cref="PatchesAttribute.ReadyPhase"/>): <see cref="ReceiveReady"/> parks until
/// the socket is readable, without seeing the span; the completion then makes the original call, which finds data,
/// end of stream or an error and returns at once;</item>
/// <item>sends take the span synchronously: what the socket takes at once goes straight from it, and only the rest
/// is copied and sent while the greenlet parks.</item>
/// </list>
/// </summary>
/// <remarks>
/// <para>
/// Nothing runs between the readiness check and the completion (resuming a twin is synchronous), so the
/// completion's call normally cannot block. If the kernel still has nothing for it — a spurious readiness: a UDP
/// datagram dropped for a bad checksum, another thread reading the same socket, a suspension point inside the
/// call's own arguments that let another greenlet read first — the call does exactly what the original does:
/// on a blocking socket it blocks (the whole hub) until data arrives or <see cref="Socket.ReceiveTimeout"/> runs
/// out, on a socket made non-blocking it reports <see cref="SocketError.WouldBlock"/>. It never returns a made-up
/// 0, which callers would take for the end of the stream.
/// </para>
/// <para>
/// The receive timeout runs out in the readiness phase like in a blocking receive: the completion then reports
/// <see cref="SocketError.TimedOut"/> (thrown, or in the <c>out SocketError</c>) without calling, and nothing was
/// consumed. A kill or a <c>Green.Timeout</c> interrupts the readiness phase, before anything was consumed.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Sockets)]
public static class SocketSpanPatches
{
    /// <summary>The readiness phase of the span receives: parks until <paramref name="socket"/> is readable.</summary>
    public static async GreenTask<Readiness<Socket>> ReceiveReady(Socket socket, GreenSuspend suspend)
    {
        SocketPatches.ThrowIfDisposed(socket);
        return new(socket, timedOut: !await SocketReadiness.WaitReadable(socket));
    }

    /// <summary>Completes <see cref="Socket.Receive(Span{byte})"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive), ReadyPhase = nameof(ReceiveReady))]
    public static int Receive(Readiness<Socket> ready, Span<byte> buffer) =>
        Receive(ready, buffer, SocketFlags.None);

    /// <summary>Completes <see cref="Socket.Receive(Span{byte}, SocketFlags)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive), ReadyPhase = nameof(ReceiveReady))]
    public static int Receive(Readiness<Socket> ready, Span<byte> buffer, SocketFlags socketFlags)
    {
        ThrowIfTimedOut(ready);
        return ready.Source.Receive(buffer, socketFlags);
    }

    /// <summary>Completes <see cref="Socket.Receive(Span{byte}, SocketFlags, out SocketError)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive), ReadyPhase = nameof(ReceiveReady))]
    public static int Receive(Readiness<Socket> ready, Span<byte> buffer, SocketFlags socketFlags, out SocketError errorCode)
    {
        if (ready.TimedOut)
        {
            errorCode = SocketError.TimedOut;
            return 0;
        }
        return ready.Source.Receive(buffer, socketFlags, out errorCode);
    }

    /// <summary>Completes <see cref="Socket.ReceiveFrom(Span{byte}, ref EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.ReceiveFrom), ReadyPhase = nameof(ReceiveReady))]
    public static int ReceiveFrom(Readiness<Socket> ready, Span<byte> buffer, ref EndPoint remoteEP) =>
        ReceiveFrom(ready, buffer, SocketFlags.None, ref remoteEP);

    /// <summary>Completes <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, ref EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.ReceiveFrom), ReadyPhase = nameof(ReceiveReady))]
    public static int ReceiveFrom(Readiness<Socket> ready, Span<byte> buffer, SocketFlags socketFlags, ref EndPoint remoteEP)
    {
        ThrowIfTimedOut(ready);
        return ready.Source.ReceiveFrom(buffer, socketFlags, ref remoteEP);
    }

    /// <summary>Completes <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, SocketAddress)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.ReceiveFrom), ReadyPhase = nameof(ReceiveReady))]
    public static int ReceiveFrom(Readiness<Socket> ready, Span<byte> buffer, SocketFlags socketFlags, SocketAddress receivedAddress)
    {
        ThrowIfTimedOut(ready);
        return ready.Source.ReceiveFrom(buffer, socketFlags, receivedAddress);
    }

    /// <summary>Replaces <see cref="Socket.Send(ReadOnlySpan{byte})"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<int> Send(Socket socket, GreenSuspend suspend, ReadOnlySpan<byte> buffer) =>
        Send(socket, suspend, buffer, SocketFlags.None);

    /// <summary>Replaces <see cref="Socket.Send(ReadOnlySpan{byte}, SocketFlags)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<int> Send(Socket socket, GreenSuspend suspend, ReadOnlySpan<byte> buffer, SocketFlags socketFlags)
    {
        SocketPatches.ThrowIfDisposed(socket);
        return SocketIo.SendSpan(socket, buffer, socketFlags);
    }

    /// <summary>Replaces <see cref="Socket.SendTo(ReadOnlySpan{byte}, EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.SendTo))]
    public static GreenTask<int> SendTo(Socket socket, GreenSuspend suspend, ReadOnlySpan<byte> buffer, EndPoint remoteEP) =>
        SendTo(socket, suspend, buffer, SocketFlags.None, remoteEP);

    /// <summary>Replaces <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.SendTo))]
    public static GreenTask<int> SendTo(Socket socket, GreenSuspend suspend, ReadOnlySpan<byte> buffer, SocketFlags socketFlags, EndPoint remoteEP)
    {
        SocketPatches.ThrowIfDisposed(socket);
        return SocketIo.SendToSpan(socket, buffer, socketFlags, remoteEP);
    }

    /// <summary>Replaces <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.SendTo))]
    public static GreenTask<int> SendTo(Socket socket, GreenSuspend suspend, ReadOnlySpan<byte> buffer, SocketFlags socketFlags, SocketAddress socketAddress)
    {
        SocketPatches.ThrowIfDisposed(socket);
        return SocketIo.SendToSpan(socket, buffer, socketFlags, socketAddress);
    }

    private static void ThrowIfTimedOut(Readiness<Socket> ready)
    {
        if (ready.TimedOut)
            throw new SocketException((int)SocketError.TimedOut);
    }
}
