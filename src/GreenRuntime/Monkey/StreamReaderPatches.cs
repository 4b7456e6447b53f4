using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// The hub-native line read: inside <c>[Greenlet]</c> bodies, <see cref="StreamReader.ReadLine"/> of a reader over a green
/// network stream (<c>new StreamReader(new NetworkStream(conn))</c>) waits for the socket on the hub and then runs the
/// reader's own synchronous <c>ReadLine</c>, which finds the line in bytes already received; every other reader reads
/// its line through <see cref="StreamReader.ReadLineAsync(CancellationToken)"/>, as the async-twin tier awaits it.
/// </summary>
/// <remarks>
/// <para>
/// The synchronous call is made only when it cannot wait: the reader has a whole line decoded already (over any
/// stream: the call then does not read it), or, over a green stream, the bytes
/// just received (at most the reader's own read size, into the stream's read-ahead: <c>Sockets/GreenNetworkStream.Lines</c>)
/// hold a line end with the character after it, or the stream has ended — and only for a plain <see cref="StreamReader"/>
/// (not a derived type) whose encoding decodes line-end bytes on their own (UTF-8, ASCII, Latin-1), after its
/// byte-order-mark check, with its private state as this runtime knows it (<see cref="StreamReaderState"/>). The line
/// is then the one <c>ReadLine</c> gives — pipelined lines, '\r\n', '\r', a last line without an end, <see langword="null"/>
/// at the end — and its failures are its own. A line that is not whole yet goes on through <c>ReadLineAsync</c>, which
/// takes the bytes received first.
/// </para>
/// <para>
/// The wait is the socket patch's receive: a kill or a <c>Green.Timeout</c> scope ends it having consumed nothing, and the
/// reader stays usable. Socket failures come as <see cref="System.Net.Sockets.NetworkStream"/>'s, an <see cref="IOException"/> around the
/// <see cref="System.Net.Sockets.SocketException"/>. As <c>ReadLineAsync</c>, the read ignores
/// <see cref="System.Net.Sockets.NetworkStream.ReadTimeout"/>. The patch is tier 2's: <see cref="GreenPatch.AsyncTwins"/> or
/// <see cref="GreenPatch.Streams"/> switches it off.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.AsyncTwins | GreenPatch.Streams)]
public static class StreamReaderPatches
{
    /// <summary>Replaces <see cref="StreamReader.ReadLine"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(StreamReader), nameof(StreamReader.ReadLine))]
    public static GreenTask<string?> ReadLine(StreamReader reader, GreenSuspend suspend)
    {
        // A derived reader may override ReadLine (reader null: the NullReferenceException of the call itself).
        if (reader.GetType() != typeof(StreamReader) || !StreamReaderState.Known)
            return ReadLineAsync(reader, suspend);
        // A line already decoded is read without reading the stream, whatever the stream.
        if (StreamReaderState.HasDecodedLine(reader))
            return new GreenTask<string?>(reader.ReadLine());
        if (LineStream(reader, out var mode) is not { } stream)
            return ReadLineAsync(reader, suspend);
        var receiving = stream.ReceiveAhead(StreamReaderState.ReadSize(reader));
        if (!receiving.IsCompleted)
            return stream.PendingLineRead.Start(reader, stream, receiving, mode, suspend);
        return ReadLineFromReceived(reader, stream, Received(receiving), mode, suspend);
    }

    /// <summary>The count a receive into the read-ahead returned; its socket failure as <see cref="System.Net.Sockets.NetworkStream"/>'s.</summary>
    internal static int Received(GreenTask<int> receiving)
    {
        try
        {
            return receiving.GetResult();
        }
        catch (Exception failure) when (NetworkStreamPatches.IsSocketFailure(failure))
        {
            throw NetworkStreamPatches.Failure("read", failure);
        }
    }

    /// <summary>The green stream under <paramref name="reader"/> (a plain one) if its line can be received the hub-native way.</summary>
    private static GreenNetworkStream? LineStream(StreamReader reader, out ReaderMode mode)
    {
        mode = ReaderMode.Other;
        if (reader.BaseStream is not GreenNetworkStream { CanRead: true, HasAhead: false } stream)
            return null;
        mode = StreamReaderState.Mode(reader);
        return mode == ReaderMode.Other ? null : stream;
    }

    /// <summary>Reads the line from the bytes a receive into the read-ahead returned (0: the end of the stream).</summary>
    internal static GreenTask<string?> ReadLineFromReceived(
        StreamReader reader, GreenNetworkStream stream, int received, ReaderMode mode, GreenSuspend suspend)
    {
        var bytes = stream.Received(received);
        // Not a whole line yet, or a start that may be a byte-order mark: the reader's asynchronous read takes the bytes
        // received first, then goes on as it would.
        if (received > 0 && (!StreamReaderState.EndsALine(bytes) || (mode == ReaderMode.First && !StreamReaderState.StartsPlainly(bytes))))
            return ReadLineAsync(reader, suspend);
        try
        {
            return new GreenTask<string?>(reader.ReadLine());
        }
        finally
        {
            stream.EndLineRead();
        }
    }

    /// <summary>The async-twin way: an await of <see cref="StreamReader.ReadLineAsync(CancellationToken)"/> with a lent token.</summary>
    private static async GreenTask<string?> ReadLineAsync(StreamReader reader, GreenSuspend suspend) =>
        await AsyncTwinPatches.AwaitCancellable(suspend, reader.ReadLineAsync(AsyncTwinPatches.Token(suspend)));
}
