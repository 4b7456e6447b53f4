using System.Net;
using System.Net.Sockets;

namespace GreenRuntime.Tests.Streams;

/// <summary>[Greenlet] methods that obtain socket streams the usual way: the generator routes them to the stream patches.</summary>
internal static partial class StreamGreenlets
{
    [Greenlet]
    public static NetworkStream Wrap(Socket socket) => new NetworkStream(socket);

    [Greenlet]
    public static NetworkStream WrapOwning(Socket socket, bool ownsSocket) => new(socket, ownsSocket);

    [Greenlet]
    public static NetworkStream WrapWithAccess(Socket socket, FileAccess access) => new NetworkStream(socket, access);

    [Greenlet]
    public static NetworkStream WrapWithAccessOwning(Socket socket, FileAccess access, bool ownsSocket) => new NetworkStream(socket, access, ownsSocket);

    [Greenlet]
    public static NetworkStream StreamOf(TcpClient client) => client.GetStream();

    /// <summary>The tier-1 patch of a NetworkStream-typed Read, on whatever stream it is given.</summary>
    [Greenlet]
    public static int ReadInto(NetworkStream stream, byte[] buffer) => stream.Read(buffer, 0, buffer.Length);

    // ---- the usual C# way, made green by the async-twin tier over green streams ------------------------------

    /// <summary>Echoes lines upper-cased until the peer closes: StreamReader.ReadLine, StreamWriter.WriteLine + Flush.</summary>
    [Greenlet]
    public static void ServeLines(Socket conn)
    {
        using var stream = new NetworkStream(conn, ownsSocket: true);
        using var reader = new StreamReader(stream);
        using var writer = new StreamWriter(stream);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            writer.WriteLine(line.ToUpperInvariant());
            writer.Flush();
        }
    }

    [Greenlet]
    public static void AcceptLineClients(Socket listener, int clients)
    {
        for (int i = 0; i < clients; i++)
        {
            var conn = listener.Accept();
            Green.Spawn(ServeLines, conn);
        }
    }

    /// <summary>A client over TcpClient.GetStream: sends <paramref name="lines"/> lines, checks each reply; the number echoed.</summary>
    [Greenlet]
    public static int TalkLines(IPEndPoint server, int client, int lines)
    {
        using var tcp = new TcpClient();
        tcp.Connect(server);
        var stream = tcp.GetStream();
        var reader = new StreamReader(stream);
        var writer = new StreamWriter(stream);
        for (int i = 0; i < lines; i++)
        {
            writer.WriteLine($"client {client} line {i}");
            writer.Flush();
            var reply = reader.ReadLine();
            if (reply != $"CLIENT {client} LINE {i}")
                throw new InvalidOperationException($"client {client} got '{reply}' for line {i}");
        }
        return lines;
    }

    /// <summary>A read through a Stream-typed variable (Stream.Read's async twin).</summary>
    [Greenlet]
    public static int ReadThroughStream(Stream stream, byte[] buffer, List<string> log)
    {
        log.Add("reading");
        int n = stream.Read(buffer, 0, buffer.Length);
        log.Add("read " + n);
        return n;
    }

    [Greenlet]
    public static List<string?> ReadLinesToEnd(StreamReader reader)
    {
        var lines = new List<string?>();
        string? line;
        do
            lines.Add(line = reader.ReadLine());
        while (line is not null);
        return lines;
    }

    [Greenlet]
    public static string? ReadOneLine(StreamReader reader) => reader.ReadLine();

    [Greenlet]
    public static string? ReadOneLineWithin(StreamReader reader, TimeSpan timeout)
    {
        using (Green.Timeout(timeout))
            return reader.ReadLine();
    }
}
