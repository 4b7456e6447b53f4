using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// The .NET line echo servers a user would write instead of green threads — the peers of
/// <c>GreenSamples serve --lines</c> in issue 9's line echo figure (bench/line_echo.sh): each line comes back
/// upper-cased, one reply per line, flushed per reply.
/// </summary>
/// <remarks>
/// <c>streamreader</c>: <c>async</c>/<c>await</c> with <see cref="StreamReader.ReadLineAsync()"/> and
/// <see cref="StreamWriter.WriteLineAsync(string)"/> + <see cref="StreamWriter.FlushAsync()"/> over a
/// <see cref="NetworkStream"/> (the green handler's code, made async); <c>pipereader</c>: <see cref="PipeReader"/> and
/// <see cref="PipeWriter"/> over the stream, lines cut from the buffer and upper-cased as bytes, one flush per read.
/// </remarks>
internal static class LineEchoPeers
{
    public static void Run(string kind, int port)
    {
        if (kind is not ("streamreader" or "pipereader"))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use 'streamreader' or 'pipereader'.");
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(1024);
        Console.WriteLine($"{kind} line echo server on {listener.LocalEndPoint}");
        while (true)
        {
            var conn = listener.Accept();
            _ = kind == "streamreader" ? Task.Run(() => ServeWithStreamReader(conn)) : Task.Run(() => ServeWithPipeReader(conn));
        }
    }

    private static async Task ServeWithStreamReader(Socket conn)
    {
        using var stream = new NetworkStream(conn, ownsSocket: true);
        using var reader = new StreamReader(stream);
        using var writer = new StreamWriter(stream);
        try
        {
            string? line;
            while ((line = await reader.ReadLineAsync()) is not null)
            {
                await writer.WriteLineAsync(line.ToUpperInvariant());
                await writer.FlushAsync();
            }
        }
        catch (IOException)
        {
        }
    }

    private static async Task ServeWithPipeReader(Socket conn)
    {
        await using var stream = new NetworkStream(conn, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        var writer = PipeWriter.Create(stream);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync();
                var buffer = read.Buffer;
                bool replied = false;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    int length = (int)line.Length;
                    var reply = writer.GetSpan(length + 1);
                    line.CopyTo(reply);
                    for (int i = 0; i < length; i++)
                    {
                        if (reply[i] is >= (byte)'a' and <= (byte)'z')
                            reply[i] -= 'a' - 'A';
                    }
                    reply[length] = (byte)'\n';
                    writer.Advance(length + 1);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    replied = true;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (replied)
                    await writer.FlushAsync();
                if (read.IsCompleted)
                    break;
            }
        }
        catch (IOException)
        {
        }
        await reader.CompleteAsync();
        await writer.CompleteAsync();
    }
}
