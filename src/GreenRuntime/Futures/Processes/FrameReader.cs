using System.Buffers.Binary;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// Collects the bytes read from one pipe and cuts them into frames; what is left when the pipe ends is a truncated
/// frame.
/// </summary>
internal sealed class FrameReader
{
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    /// <summary>Bytes received that are not yet part of a complete frame.</summary>
    public int Buffered => _end - _start;

    /// <summary>Reads once from <paramref name="stream"/> into the buffer; the count read (0: end of the stream).</summary>
    public int ReadFrom(Stream stream)
    {
        if (_start > 0 && _start == _end)
            _start = _end = 0;
        if (_end == _buffer.Length)
        {
            int buffered = Buffered;
            if (buffered * 2 > _buffer.Length)
                Array.Resize(ref _buffer, _buffer.Length * 2);
            Array.Copy(_buffer, _start, _buffer, 0, buffered);
            _start = 0;
            _end = buffered;
        }
        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        return read;
    }

    /// <summary>Takes the next complete frame, if there is one; <see cref="FrameStatus.Malformed"/> leaves the buffer as it was.</summary>
    public FrameStatus TryTake(out FrameKind kind, out byte[] payload, out string? problem)
    {
        payload = [];
        if (Buffered == 0)
        {
            kind = default;
            problem = null;
            return FrameStatus.Incomplete;
        }
        var data = _buffer.AsSpan(_start, _end - _start);
        var status = Frames.TryRead(data, out kind, out var range, out int frameLength, out problem);
        if (status == FrameStatus.Complete)
        {
            payload = data[range].ToArray();
            _start += frameLength;
        }
        else if (status == FrameStatus.Incomplete && frameLength == 0 && data.Length >= Frames.HeaderLength)
        {
            // Grow now for a large frame rather than doubling read by read.
            int needed = Frames.HeaderLength + BinaryPrimitives.ReadInt32LittleEndian(data[5..]);
            if (needed > _buffer.Length)
            {
                var grown = new byte[needed];
                data.CopyTo(grown);
                _buffer = grown;
                _end = data.Length;
                _start = 0;
            }
        }
        return status;
    }

    /// <summary>Reads from <paramref name="stream"/> until a whole frame is in; null at the end of the stream (a partial frame is lost).</summary>
    public (FrameKind Kind, byte[] Payload)? ReadFrame(Stream stream)
    {
        while (true)
        {
            switch (TryTake(out var kind, out var payload, out var problem))
            {
                case FrameStatus.Complete:
                    return (kind, payload);
                case FrameStatus.Malformed:
                    throw new InvalidDataException($"The message is malformed: {problem}.");
            }
            if (ReadFrom(stream) == 0)
                return null;
        }
    }
}
