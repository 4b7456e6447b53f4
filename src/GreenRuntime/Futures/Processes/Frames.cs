using System.Buffers.Binary;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// How messages travel over a worker's pipes: a frame is a 4-byte magic, a <see cref="FrameKind"/> byte, the payload's
/// length (4 bytes, little-endian) and the payload (UTF-8 JSON, or the secret's bytes).
/// </summary>
/// <remarks>
/// The magic lets the reader tell a frame from anything else written to the pipe (a task that writes to the descriptor,
/// a worker dying mid-write) at the first byte that is wrong, instead of waiting for a length that never comes.
/// </remarks>
internal static class Frames
{
    public const int HeaderLength = 9;

    /// <summary>The largest payload either side accepts; a larger length in a header means the stream is not ours.</summary>
    public const int MaxPayloadLength = 1 << 30;

    private static ReadOnlySpan<byte> Magic => "GRNW"u8;

    /// <summary>One frame, header and payload, ready for a single write.</summary>
    public static byte[] Build(FrameKind kind, ReadOnlySpan<byte> payload)
    {
        var frame = Allocate(kind, payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>A frame of <paramref name="payloadLength"/> bytes with its header written; the caller fills in the payload (from <see cref="HeaderLength"/>).</summary>
    public static byte[] Allocate(FrameKind kind, int payloadLength)
    {
        if (payloadLength > MaxPayloadLength)
            throw new InvalidOperationException($"A process pool message is limited to {MaxPayloadLength} bytes; this one is {payloadLength}.");
        var frame = new byte[HeaderLength + payloadLength];
        Magic.CopyTo(frame);
        frame[4] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(5), payloadLength);
        return frame;
    }

    /// <summary>
    /// Reads the frame at the start of <paramref name="data"/>: <see cref="FrameStatus.Complete"/> with its kind,
    /// payload and total length, <see cref="FrameStatus.Incomplete"/> when more bytes are needed, or
    /// <see cref="FrameStatus.Malformed"/> with <paramref name="problem"/> saying what is wrong.
    /// </summary>
    public static FrameStatus TryRead(ReadOnlySpan<byte> data, out FrameKind kind, out Range payload, out int frameLength, out string? problem)
    {
        kind = default;
        payload = default;
        frameLength = 0;
        problem = null;
        int magicBytes = Math.Min(data.Length, Magic.Length);
        if (!data[..magicBytes].SequenceEqual(Magic[..magicBytes]))
        {
            problem = $"it does not start with a frame header (first bytes: {Convert.ToHexString(data[..Math.Min(data.Length, 16)])})";
            return FrameStatus.Malformed;
        }
        if (data.Length < HeaderLength)
            return FrameStatus.Incomplete;
        kind = (FrameKind)data[4];
        if (!Enum.IsDefined(kind))
        {
            problem = $"its frame kind {data[4]} is unknown";
            return FrameStatus.Malformed;
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(data[5..]);
        if (length < 0 || length > MaxPayloadLength)
        {
            problem = $"its frame length {length} is out of range";
            return FrameStatus.Malformed;
        }
        if (data.Length - HeaderLength < length)
            return FrameStatus.Incomplete;
        payload = HeaderLength..(HeaderLength + length);
        frameLength = HeaderLength + length;
        return FrameStatus.Complete;
    }
}

/// <summary>What <see cref="Frames.TryRead"/> found.</summary>
internal enum FrameStatus
{
    Complete,
    Incomplete,
    Malformed,
}
