using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// The hub-native line write: inside <c>[Greenlet]</c> bodies, <see cref="StreamWriter.Write(string)"/>,
/// <see cref="StreamWriter.WriteLine(string)"/> and <see cref="StreamWriter.Flush"/> of a writer over a green network
/// stream run the writer's own synchronous method, whose writes to the stream send what the socket takes at once and
/// keep the rest, which the greenlet then sends parked; every other writer goes through its <c>Async</c> twin
/// (<c>WriteAsync</c>, <c>WriteLineAsync</c>, <c>FlushAsync</c>), as the async-twin tier awaits it.
/// </summary>
/// <remarks>
/// The call returns when everything the writer wrote to the stream is sent, as the blocking call would. The rest goes
/// through the stream's own asynchronous write: a kill or a <c>Green.Timeout</c> scope cancels it having sent a prefix,
/// a write while another write of the stream waits is refused with <see cref="InvalidOperationException"/>, and socket
/// failures come as <see cref="System.Net.Sockets.NetworkStream"/>'s, an <see cref="IOException"/> around the
/// <see cref="System.Net.Sockets.SocketException"/>. As the <c>Async</c> twins, the writes ignore
/// <see cref="System.Net.Sockets.NetworkStream.WriteTimeout"/>. Only a plain <see cref="StreamWriter"/> (not a derived type) is written this
/// way. The patches are tier 2's: <see cref="GreenPatch.AsyncTwins"/> or <see cref="GreenPatch.Streams"/> switches them off.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.AsyncTwins | GreenPatch.Streams)]
public static class StreamWriterPatches
{
    /// <summary>Replaces <see cref="StreamWriter.Write(string)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(StreamWriter), nameof(StreamWriter.Write))]
    public static GreenTask Write(StreamWriter writer, GreenSuspend suspend, string? value)
    {
        if (LineStream(writer) is not { } stream)
            return WriteAsync(writer.WriteAsync(value), suspend);
        stream.BeginWritingBehind();
        bool failed = true;
        try
        {
            writer.Write(value);
            failed = false;
        }
        finally
        {
            stream.EndWritingBehind(failed);
        }
        return SendRest(stream, suspend);
    }

    /// <summary>Replaces <see cref="StreamWriter.WriteLine(string)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(StreamWriter), nameof(StreamWriter.WriteLine))]
    public static GreenTask WriteLine(StreamWriter writer, GreenSuspend suspend, string? value)
    {
        if (LineStream(writer) is not { } stream)
            return WriteAsync(writer.WriteLineAsync(value), suspend);
        stream.BeginWritingBehind();
        bool failed = true;
        try
        {
            writer.WriteLine(value);
            failed = false;
        }
        finally
        {
            stream.EndWritingBehind(failed);
        }
        return SendRest(stream, suspend);
    }

    /// <summary>Replaces <see cref="StreamWriter.Flush"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(StreamWriter), nameof(StreamWriter.Flush))]
    public static GreenTask Flush(StreamWriter writer, GreenSuspend suspend)
    {
        if (LineStream(writer) is not { } stream)
            return FlushAsync(writer, suspend);
        stream.BeginWritingBehind();
        bool failed = true;
        try
        {
            writer.Flush();
            failed = false;
        }
        finally
        {
            stream.EndWritingBehind(failed);
        }
        return SendRest(stream, suspend);
    }

    /// <summary>The green stream under <paramref name="writer"/> if it can be written the hub-native way.</summary>
    private static GreenNetworkStream? LineStream(StreamWriter writer) =>
        // A derived writer may override the methods (writer null: the NullReferenceException of the call itself).
        writer.GetType() == typeof(StreamWriter) && writer.BaseStream is GreenNetworkStream { CanWrite: true } stream ? stream : null;

    /// <summary>What the writer's call left to send: sent parked, through the stream's asynchronous write.</summary>
    private static GreenTask SendRest(GreenNetworkStream stream, GreenSuspend suspend)
    {
        var rest = stream.Behind;
        return rest.IsEmpty ? GreenTask.CompletedTask : SendRestAsync(stream, rest, suspend);
    }

    private static async GreenTask SendRestAsync(GreenNetworkStream stream, ReadOnlyMemory<byte> rest, GreenSuspend suspend)
    {
        try
        {
            await AsyncTwinPatches.AwaitCancellable(suspend, stream.WriteAsync(rest, AsyncTwinPatches.Token(suspend)));
        }
        finally
        {
            stream.SentBehind();
        }
    }

    // The async-twin ways, as the tier awaits them: WriteAsync(string) and WriteLineAsync(string) take no token.
    private static async GreenTask WriteAsync(Task writing, GreenSuspend suspend) => await AsyncTwinPatches.Await(suspend, writing);

    private static async GreenTask FlushAsync(StreamWriter writer, GreenSuspend suspend) =>
        await AsyncTwinPatches.AwaitCancellable(suspend, writer.FlushAsync(AsyncTwinPatches.Token(suspend)));
}
