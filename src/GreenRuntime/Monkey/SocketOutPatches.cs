using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// The socket patch for the <see cref="Socket"/> overloads with <c>out</c> or <c>ref</c> parameters. An awaited
/// patch cannot take them, so each patch leaves the <c>out</c> parameter out (and takes the <c>ref</c> one by
/// value), and its result hands them back through <c>Unpack</c>:
/// <c>n = s.Receive(b, 0, len, f, out SocketError e)</c> becomes
/// <c>n = (await SocketOutPatches.Receive(s, default(GreenSuspend), b, 0, len, f)).Unpack(out SocketError e)</c>.
/// </summary>
/// <remarks>
/// As in the blocking overloads, a socket error (including <see cref="SocketError.TimedOut"/> when
/// <see cref="Socket.ReceiveTimeout"/>/<see cref="Socket.SendTimeout"/> runs out) is reported in the
/// <c>out SocketError</c>, with 0 as the result, rather than thrown; invalid arguments, a disposed socket, a kill
/// or a <c>Green.Timeout</c> still throw.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Sockets)]
public static class SocketOutPatches
{
    /// <summary>Replaces <see cref="Socket.Receive(byte[], int, int, SocketFlags, out SocketError)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive))]
    public static GreenTask<OutResult<int, SocketError>> Receive(
        Socket socket, GreenSuspend suspend, byte[] buffer, int offset, int size, SocketFlags socketFlags) =>
        WithErrorCode(SocketPatches.Receive(socket, suspend, buffer, offset, size, socketFlags));

    /// <summary>Replaces <see cref="Socket.Send(byte[], int, int, SocketFlags, out SocketError)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<OutResult<int, SocketError>> Send(
        Socket socket, GreenSuspend suspend, byte[] buffer, int offset, int size, SocketFlags socketFlags) =>
        WithErrorCode(SocketPatches.Send(socket, suspend, buffer, offset, size, socketFlags));

    /// <summary>Replaces <see cref="Socket.Send(ReadOnlySpan{byte}, SocketFlags, out SocketError)"/> inside <c>[Greenlet]</c> bodies.</summary>
    /// <remarks>The span is consumed before this returns (see <see cref="SocketSpanPatches"/>): only the awaited rest was copied.</remarks>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<OutResult<int, SocketError>> Send(Socket socket, GreenSuspend suspend, ReadOnlySpan<byte> buffer, SocketFlags socketFlags)
    {
        GreenTask<int> sending;
        try
        {
            // Throws what the plain overload throws; only a SocketException becomes the error code.
            sending = SocketSpanPatches.Send(socket, suspend, buffer, socketFlags);
        }
        catch (SocketException failed)
        {
            return new GreenTask<OutResult<int, SocketError>>(new OutResult<int, SocketError>(0, failed.SocketErrorCode));
        }
        return WithErrorCode(sending);
    }

    /// <summary>Replaces <see cref="Socket.Receive(IList{ArraySegment{byte}}, SocketFlags, out SocketError)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Receive))]
    public static GreenTask<OutResult<int, SocketError>> Receive(Socket socket, GreenSuspend suspend, IList<ArraySegment<byte>> buffers, SocketFlags socketFlags) =>
        WithErrorCode(SocketPatches.Receive(socket, suspend, buffers, socketFlags));

    /// <summary>Replaces <see cref="Socket.Send(IList{ArraySegment{byte}}, SocketFlags, out SocketError)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.Send))]
    public static GreenTask<OutResult<int, SocketError>> Send(Socket socket, GreenSuspend suspend, IList<ArraySegment<byte>> buffers, SocketFlags socketFlags) =>
        WithErrorCode(SocketPatches.Send(socket, suspend, buffers, socketFlags));

    /// <summary>Replaces <see cref="Socket.ReceiveFrom(byte[], ref EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.ReceiveFrom))]
    public static GreenTask<RefResult<int, EndPoint>> ReceiveFrom(Socket socket, GreenSuspend suspend, byte[] buffer, EndPoint remoteEP) =>
        ReceiveFrom(socket, suspend, buffer, 0, buffer?.Length ?? 0, SocketFlags.None, remoteEP);

    /// <summary>Replaces <see cref="Socket.ReceiveFrom(byte[], SocketFlags, ref EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.ReceiveFrom))]
    public static GreenTask<RefResult<int, EndPoint>> ReceiveFrom(Socket socket, GreenSuspend suspend, byte[] buffer, SocketFlags socketFlags, EndPoint remoteEP) =>
        ReceiveFrom(socket, suspend, buffer, 0, buffer?.Length ?? 0, socketFlags, remoteEP);

    /// <summary>Replaces <see cref="Socket.ReceiveFrom(byte[], int, SocketFlags, ref EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Socket), nameof(Socket.ReceiveFrom))]
    public static GreenTask<RefResult<int, EndPoint>> ReceiveFrom(Socket socket, GreenSuspend suspend, byte[] buffer, int size, SocketFlags socketFlags, EndPoint remoteEP) =>
        ReceiveFrom(socket, suspend, buffer, 0, size, socketFlags, remoteEP);

    /// <summary>Replaces <see cref="Socket.ReceiveFrom(byte[], int, int, SocketFlags, ref EndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    /// <remarks>
    /// <paramref name="remoteEP"/> is the value the <c>ref</c> argument had (the template .NET fills in), and
    /// <c>Unpack(ref remoteEP)</c> writes the sender's endpoint back to it. A timed-out receive throws, as the
    /// blocking call does, and leaves the argument as it was.
    /// </remarks>
    [Patches(typeof(Socket), nameof(Socket.ReceiveFrom))]
    public static async GreenTask<RefResult<int, EndPoint>> ReceiveFrom(
        Socket socket, GreenSuspend suspend, byte[] buffer, int offset, int size, SocketFlags socketFlags, EndPoint remoteEP)
    {
        SocketPatches.ThrowIfDisposed(socket);
        SocketPatches.ValidateBuffer(buffer, offset, size);
        var (received, sender) = await SocketIo.ReceiveFrom(socket, buffer.AsMemory(offset, size), socketFlags, remoteEP, SocketPatches.ReceiveDeadline(socket));
        return new(received, sender);
    }

    private static async GreenTask<OutResult<int, SocketError>> WithErrorCode(GreenTask<int> operation)
    {
        try
        {
            return new(await operation, SocketError.Success);
        }
        catch (SocketException failed)
        {
            return new(0, failed.SocketErrorCode);
        }
    }
}
