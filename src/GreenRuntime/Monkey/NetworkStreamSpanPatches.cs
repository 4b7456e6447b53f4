using System.ComponentModel;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// The socket patch for the <see cref="Span{T}"/> overloads of <see cref="NetworkStream"/>, shaped like
/// <see cref="SocketSpanPatches"/>: <see cref="NetworkStream.Read(Span{byte})"/> is two-phase (park until the
/// stream's socket is readable, then make the original call, which returns at once),
/// <see cref="NetworkStream.Write(ReadOnlySpan{byte})"/> sends what it can from the span and the copied rest while
/// the greenlet parks.
/// </summary>
/// <remarks>
/// As in <see cref="NetworkStreamPatches"/>: socket failures come wrapped in an <see cref="IOException"/> (a
/// ReadTimeout or WriteTimeout that runs out: <see cref="SocketError.TimedOut"/>, nothing read), kills and
/// <c>Green.Timeout</c> scopes are not wrapped, and a type derived from <see cref="NetworkStream"/> keeps its own
/// (blocking) methods. A spurious readiness makes the original read block, as <see cref="SocketSpanPatches"/> explains.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Sockets)]
public static class NetworkStreamSpanPatches
{
    /// <summary>The readiness phase of <see cref="Read"/>: parks until the stream's socket is readable.</summary>
    public static async GreenTask<Readiness<NetworkStream>> ReadReady(NetworkStream stream, GreenSuspend suspend)
    {
        // A derived stream reads its own way; a stream that cannot read fails in the completion, as Read itself fails.
        if (NetworkStreamPatches.IsDerived(stream) || !stream.CanRead)
            return new(stream, timedOut: false);
        try
        {
            return new(stream, timedOut: !await SocketReadiness.WaitReadable(stream.Socket));
        }
        catch (Exception failure) when (NetworkStreamPatches.IsSocketFailure(failure))
        {
            throw NetworkStreamPatches.Failure("read", failure);
        }
    }

    /// <summary>Completes <see cref="NetworkStream.Read(Span{byte})"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(NetworkStream), nameof(NetworkStream.Read), ReadyPhase = nameof(ReadReady))]
    public static int Read(Readiness<NetworkStream> ready, Span<byte> buffer)
    {
        if (ready.TimedOut)
            throw NetworkStreamPatches.Failure("read", new SocketException((int)SocketError.TimedOut));
        return ready.Source.Read(buffer);
    }

    /// <summary>Replaces <see cref="NetworkStream.Write(ReadOnlySpan{byte})"/> inside <c>[Greenlet]</c> bodies: writes everything.</summary>
    [Patches(typeof(NetworkStream), nameof(NetworkStream.Write))]
    public static GreenTask Write(NetworkStream stream, GreenSuspend suspend, ReadOnlySpan<byte> buffer)
    {
        if (NetworkStreamPatches.IsDerived(stream) || !stream.CanWrite)
        {
            // The stream's own Write: a derived one's, or the exception a disposed or read-only stream throws.
            stream.Write(buffer);
            return GreenTask.CompletedTask;
        }
        try
        {
            return Written(SocketIo.SendSpan(stream.Socket, buffer, SocketFlags.None));
        }
        catch (Exception failure) when (NetworkStreamPatches.IsSocketFailure(failure))
        {
            throw NetworkStreamPatches.Failure("write", failure);
        }
    }

    private static async GreenTask Written(GreenTask<int> sending)
    {
        try
        {
            await sending;
        }
        catch (Exception failure) when (NetworkStreamPatches.IsSocketFailure(failure))
        {
            throw NetworkStreamPatches.Failure("write", failure);
        }
    }
}
