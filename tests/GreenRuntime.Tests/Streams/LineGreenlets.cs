namespace GreenRuntime.Tests.Streams;

/// <summary>[Greenlet] writers and readers for the hub-native line path (Monkey/StreamReaderPatches, StreamWriterPatches).</summary>
internal static partial class LineGreenlets
{
    /// <summary>Writes each line with WriteLine, flushing after every <paramref name="flushEvery"/> lines and at the end.</summary>
    [Greenlet]
    public static int WriteLines(StreamWriter writer, IReadOnlyList<string> lines, int flushEvery)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            writer.WriteLine(lines[i]);
            if ((i + 1) % flushEvery == 0)
                writer.Flush();
        }
        writer.Flush();
        return lines.Count;
    }

    [Greenlet]
    public static List<string?> ReadLines(StreamReader reader, int count)
    {
        var lines = new List<string?>();
        for (int i = 0; i < count; i++)
            lines.Add(reader.ReadLine());
        return lines;
    }

    [Greenlet]
    public static void WriteAndFlush(StreamWriter writer, string text)
    {
        writer.Write(text);
        writer.Flush();
    }

    /// <summary>Echoes one line back upper-cased, then returns it.</summary>
    [Greenlet]
    public static string? EchoOneLine(StreamReader reader, StreamWriter writer)
    {
        var line = reader.ReadLine();
        writer.WriteLine(line?.ToUpperInvariant());
        writer.Flush();
        return line;
    }
}
