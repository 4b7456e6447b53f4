using System.ComponentModel;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// The socket patch for <see cref="NetworkStream"/>: inside <c>[Greenlet]</c> bodies, reads and writes park only the
/// calling greenlet (see <see cref="SocketPatches"/>).
/// </summary>
/// <remarks>
/// As <see cref="NetworkStream"/> does, failures of the socket come wrapped in an <see cref="IOException"/> whose
/// inner exception is the <see cref="SocketException"/> (a <see cref="NetworkStream.ReadTimeout"/> or
/// <see cref="NetworkStream.WriteTimeout"/> that passes: <see cref="SocketError.TimedOut"/>; nothing was read and the
/// stream stays usable). Kills and <c>Green.Timeout</c> scopes are not wrapped. A type derived from
/// <see cref="NetworkStream"/> keeps its own (blocking) <c>Read</c>/<c>Write</c>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Sockets)]
public static class NetworkStreamPatches
{
    /// <summary>Replaces <see cref="NetworkStream.Read(byte[], int, int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(NetworkStream), nameof(NetworkStream.Read))]
    public static GreenTask<int> Read(NetworkStream stream, GreenSuspend suspend, byte[] buffer, int offset, int count)
    {
        if (IsDerived(stream))
            return new GreenTask<int>(stream.Read(buffer, offset, count));
        ThrowIfCannot(stream, read: true);
        SocketPatches.ValidateBuffer(buffer, offset, count);
        // Bytes a line read received ahead come before the socket's.
        if (stream is GreenNetworkStream { HasAhead: true } green)
            return new GreenTask<int>(green.TakeAhead(buffer.AsSpan(offset, count)));
        return Read(stream.Socket, buffer.AsMemory(offset, count));
    }

    /// <summary>Replaces <see cref="NetworkStream.ReadByte"/> inside <c>[Greenlet]</c> bodies: -1 at end of stream.</summary>
    [Patches(typeof(NetworkStream), nameof(NetworkStream.ReadByte))]
    public static async GreenTask<int> ReadByte(NetworkStream stream, GreenSuspend suspend)
    {
        if (IsDerived(stream))
            return stream.ReadByte();
        ThrowIfCannot(stream, read: true);
        if (stream is GreenNetworkStream { HasAhead: true } green)
            return green.ReadByte();
        var one = new byte[1];
        return await Read(stream.Socket, one) == 0 ? -1 : one[0];
    }

    /// <summary>Replaces <see cref="NetworkStream.Write(byte[], int, int)"/> inside <c>[Greenlet]</c> bodies: writes everything.</summary>
    [Patches(typeof(NetworkStream), nameof(NetworkStream.Write))]
    public static GreenTask Write(NetworkStream stream, GreenSuspend suspend, byte[] buffer, int offset, int count)
    {
        if (IsDerived(stream))
        {
            stream.Write(buffer, offset, count);
            return GreenTask.CompletedTask;
        }
        ThrowIfCannot(stream, read: false);
        SocketPatches.ValidateBuffer(buffer, offset, count);
        return Write(stream.Socket, buffer.AsMemory(offset, count));
    }

    /// <summary>Replaces <see cref="NetworkStream.WriteByte(byte)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(NetworkStream), nameof(NetworkStream.WriteByte))]
    public static GreenTask WriteByte(NetworkStream stream, GreenSuspend suspend, byte value)
    {
        if (IsDerived(stream))
        {
            stream.WriteByte(value);
            return GreenTask.CompletedTask;
        }
        ThrowIfCannot(stream, read: false);
        return Write(stream.Socket, new[] { value });
    }

    private static async GreenTask<int> Read(Socket socket, Memory<byte> buffer)
    {
        try
        {
            return await SocketIo.ReceiveUntilSocketTimeout(socket, buffer, SocketFlags.None);
        }
        catch (Exception failure) when (IsSocketFailure(failure))
        {
            throw Failure("read", failure);
        }
    }

    private static async GreenTask Write(Socket socket, ReadOnlyMemory<byte> buffer)
    {
        try
        {
            await SocketIo.SendUntilSocketTimeout(socket, buffer, SocketFlags.None);
        }
        catch (Exception failure) when (IsSocketFailure(failure))
        {
            throw Failure("write", failure);
        }
    }

    /// <summary>
    /// A derived stream may override Read/Write; it gets its own methods, as a virtual call would. The runtime's own
    /// green network stream keeps NetworkStream's, so it is patched as one.
    /// </summary>
    internal static bool IsDerived(NetworkStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var type = stream.GetType();
        return type != typeof(NetworkStream) && type != typeof(GreenNetworkStream);
    }

    /// <summary>The failures of a socket call that <see cref="NetworkStream"/> wraps (see <see cref="Failure"/>).</summary>
    internal static bool IsSocketFailure(Exception failure) => failure is SocketException or ObjectDisposedException;

    /// <summary>The exception <see cref="NetworkStream"/> throws for a failed socket call (<paramref name="operation"/>: "read" or "write").</summary>
    internal static IOException Failure(string operation, Exception inner) =>
        new($"Unable to {operation} data {(operation == "read" ? "from" : "to")} the transport connection: {inner.Message}.", inner);

    /// <summary>NetworkStream's checks: disposed first (it can then neither read nor write), then the direction.</summary>
    private static void ThrowIfCannot(NetworkStream stream, bool read)
    {
        if (!stream.CanRead && !stream.CanWrite)
            throw new ObjectDisposedException(typeof(NetworkStream).FullName);
        if (read && !stream.CanRead)
            throw new InvalidOperationException("The operation is not allowed on a write-only stream.");
        if (!read && !stream.CanWrite)
            throw new InvalidOperationException("The operation is not allowed on a read-only stream.");
    }
}
