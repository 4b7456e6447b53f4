using System.Text;

namespace GreenRuntime.Monkey;

/// <summary>
/// What the hub-native line read (<see cref="StreamReaderPatches"/>) reads of a <see cref="StreamReader"/>'s private
/// state, to know that its synchronous <c>ReadLine</c> will not read the stream (a line end already decoded) or will
/// take every byte it needs from the bytes at hand.
/// </summary>
/// <remarks>
/// The fields are .NET's own (<c>System.IO.StreamReader</c>), reached with <see cref="UnsafeAccessorAttribute"/>. A
/// runtime whose reader is laid out or behaves otherwise fails the probe once (<see cref="Known"/> is false), and every
/// line read then goes through <c>ReadLineAsync</c>, the async-twin way.
/// </remarks>
internal static class StreamReaderState
{
    // The decoders whose every line-end byte ('\r', '\n') decodes to that character on its own, and never part of another.
    private static readonly Type s_utf8 = Encoding.UTF8.GetType();
    private static readonly Type s_ascii = Encoding.ASCII.GetType();
    private static readonly Type s_latin1 = Encoding.Latin1.GetType();

    /// <summary>Whether this runtime's <see cref="StreamReader"/> has the fields, and uses them, as the line read expects.</summary>
    public static readonly bool Known = Probe();

    /// <summary>
    /// How <paramref name="reader"/> (exactly a <see cref="StreamReader"/>) would read its stream now: not at all
    /// (<see cref="ReaderMode.Other"/>: disposed, an asynchronous read in progress, an encoding in which a line-end byte
    /// may be part of another character), plainly (<see cref="ReaderMode.Plain"/>: its byte-order-mark and preamble
    /// checks behind it), or for the first time (<see cref="ReaderMode.First"/>: nothing read yet, the checks pending).
    /// </summary>
    public static ReaderMode Mode(StreamReader reader)
    {
        if (Disposed(reader) || !AsyncReadTask(reader).IsCompleted)
            return ReaderMode.Other;
        var encoding = reader.CurrentEncoding.GetType();
        if (encoding != s_utf8 && encoding != typeof(UTF8Encoding) && encoding != s_ascii && encoding != typeof(ASCIIEncoding)
            && encoding != s_latin1)
        {
            return ReaderMode.Other;
        }
        if (!DetectEncoding(reader) && !CheckPreamble(reader))
            return ReaderMode.Plain;
        return ByteLen(reader) == 0 && BytePos(reader) == 0 && CharLen(reader) == 0 ? ReaderMode.First : ReaderMode.Other;
    }

    /// <summary>
    /// Whether the first bytes of a stream leave a reader in <see cref="ReaderMode.First"/> with its encoding and
    /// nothing skipped: three bytes at least (the byte-order-mark check decides on three), and a first byte that
    /// starts no byte-order mark or UTF-8 preamble.
    /// </summary>
    public static bool StartsPlainly(ReadOnlySpan<byte> bytes) => bytes.Length >= 3 && bytes[0] is not (0x00 or 0xEF or 0xFE or 0xFF);

    /// <summary>
    /// Whether <paramref name="reader"/> (exactly a <see cref="StreamReader"/>) can be read a line from now with no read of
    /// its stream: not disposed, no asynchronous read in progress, and a whole line decoded (<see cref="HasLine"/>).
    /// </summary>
    public static bool HasDecodedLine(StreamReader reader) =>
        !Disposed(reader) && AsyncReadTask(reader).IsCompleted && HasLine(reader);

    /// <summary>
    /// Whether the characters the reader has decoded hold a whole line: a '\n', or a '\r' with a character after it (a
    /// '\r' at the end needs the next character, to skip a '\n').
    /// </summary>
    public static bool HasLine(StreamReader reader)
    {
        int start = CharPos(reader);
        var chars = new ReadOnlySpan<char>(CharBuffer(reader), start, CharLen(reader) - start);
        int end = chars.IndexOfAny('\r', '\n');
        return end >= 0 && (chars[end] == '\n' || end + 1 < chars.Length);
    }

    /// <summary>How many bytes one read of the reader asks its stream for.</summary>
    public static int ReadSize(StreamReader reader) => ByteBuffer(reader).Length;

    /// <summary>
    /// Whether the reader, given <paramref name="bytes"/> after what it holds, finds a line end in them with the
    /// character after it known: a '\n' byte, or a '\r' byte followed by an ASCII byte (which decodes on its own).
    /// </summary>
    public static bool EndsALine(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOfAny((byte)'\r', (byte)'\n');
        return end >= 0 && (bytes[end] == '\n' || (end + 1 < bytes.Length && bytes[end + 1] < 0x80));
    }

    private static bool Probe()
    {
        try
        {
            // A reader as `new StreamReader(stream)` makes it: detection and the UTF-8 preamble check pending.
            using var reader = new StreamReader(new MemoryStream("ab\r\ncd"u8.ToArray()));
            bool fresh = Mode(reader) == ReaderMode.First && DetectEncoding(reader) && CheckPreamble(reader) && CharPos(reader) == 0
                && ReadSize(reader) == 1024;
            bool afterLine = reader.ReadLine() == "ab" && !DetectEncoding(reader) && !CheckPreamble(reader)
                && CharPos(reader) == 4 && CharLen(reader) == 6 && ByteLen(reader) == 6 && BytePos(reader) == 0
                && CharBuffer(reader)[4] == 'c' && !HasLine(reader) && Mode(reader) == ReaderMode.Plain;
            reader.Dispose();
            return fresh && afterLine && Disposed(reader) && Mode(reader) == ReaderMode.Other;
        }
        catch (Exception missing) when (missing is MissingMemberException or InvalidCastException or ArgumentException)
        {
            return false;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_charBuffer")]
    private static extern ref char[] CharBuffer(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_charPos")]
    private static extern ref int CharPos(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_charLen")]
    private static extern ref int CharLen(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_byteBuffer")]
    private static extern ref byte[] ByteBuffer(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_byteLen")]
    private static extern ref int ByteLen(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_bytePos")]
    private static extern ref int BytePos(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_detectEncoding")]
    private static extern ref bool DetectEncoding(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_checkPreamble")]
    private static extern ref bool CheckPreamble(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_disposed")]
    private static extern ref bool Disposed(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_asyncReadTask")]
    private static extern ref Task AsyncReadTask(StreamReader reader);
}

/// <summary>How a <see cref="StreamReader"/> would read its stream now (<see cref="StreamReaderState.Mode"/>).</summary>
internal enum ReaderMode : byte
{
    /// <summary>Not in a way the line read can foresee: its line goes through <c>ReadLineAsync</c>.</summary>
    Other,

    /// <summary>Decoding every byte it reads with its encoding.</summary>
    Plain,

    /// <summary>Nothing read yet: the first bytes decide whether it skips a byte-order mark or changes its encoding.</summary>
    First,
}
