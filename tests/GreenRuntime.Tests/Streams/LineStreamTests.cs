using System.Net.Sockets;
using System.Text;
using GreenRuntime.CompilerServices;
using GreenRuntime.Monkey;
using GreenRuntime.Sockets;
using static GreenRuntime.Tests.Runtime.GreenTest;
using static GreenRuntime.Tests.Sockets.PatchTestSockets;
using static GreenRuntime.Tests.Streams.LineGreenlets;
using static GreenRuntime.Tests.Streams.StreamGreenlets;

namespace GreenRuntime.Tests.Streams;

/// <summary>
/// The hub-native line path (Monkey/StreamReaderPatches, StreamWriterPatches): <c>ReadLine</c>, <c>WriteLine</c>,
/// <c>Write</c> and <c>Flush</c> of a plain StreamReader/StreamWriter over a green network stream run the reader's and
/// writer's own synchronous methods over bytes received (or sent) on the hub, and give what those methods give; every
/// case they cannot foresee goes through the Async twins. Which way a call went shows in the hub's lent tokens: the
/// hub-native way lends none.
/// </summary>
public class LineStreamTests
{
    private static bool LentATwinToken => Hub.Current.TwinTokens is not null;

    // On the portable backend a patched write sends through the stream's WriteAsync (a token lent): .NET's own
    // non-blocking send may be behind a send a cancelled write left running, which only that path waits for.
    private static bool LentATwinTokenToWrite => Hub.Current.Backend == HubBackend.Epoll && LentATwinToken;

    private static void SendInPieces(Socket client, byte[] bytes, params int[] cuts)
    {
        int from = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            client.Send(bytes, from, cut - from, SocketFlags.None);
            from = cut;
            Green.Sleep(15);   // the reader takes this piece before the next comes
        }
        client.Shutdown(SocketShutdown.Send);
    }

    [Fact]
    public void This_runtimes_StreamReader_is_the_one_the_line_read_knows() => Assert.True(StreamReaderState.Known);

    [Theory]
    [InlineData("a\n", true)]
    [InlineData("abc", false)]
    [InlineData("ab\r", false)]      // the character after a CR decides whether a LF is skipped
    [InlineData("ab\rc", true)]
    [InlineData("ab\r\xC3", false)]  // ... and a lead byte alone decodes to nothing yet
    [InlineData("ab\r\n", true)]
    [InlineData("", false)]
    public void A_line_end_is_foreseen_only_with_the_character_after_it(string bytes, bool ends) =>
        Assert.Equal(ends, StreamReaderState.EndsALine(bytes.Select(c => (byte)c).ToArray()));

    [Fact]
    public void Pipelined_lines_come_one_by_one_with_every_kind_of_line_end_and_no_token_lent() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var reader = new StreamReader(Wrap(server));
        client.Send("one\ntwo\r\nthree\rfour\n\nlast"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal(["one", "two", "three", "four", "", "last", null], Green.Spawn(ReadLinesToEnd, reader).Get());
        Assert.False(LentATwinToken);
    });

    [Fact]
    public void Lines_already_decoded_are_read_from_any_stream_without_its_twin() => OnFreshThread(() =>
    {
        using var reader = new StreamReader(new MemoryStream("a\r\nb\rc\n\nd"u8.ToArray()));
        Assert.Equal('a', (char)reader.Peek());   // ordinary code: the reader decodes the whole stream now

        Assert.Equal(["a", "b", "c", ""], Green.Spawn(ReadLines, reader, 4).Get());
        Assert.False(LentATwinToken);
        // "d" ends where the stream does: only a read of the stream can tell, through the twin.
        Assert.Equal(["d", null], Green.Spawn(ReadLines, reader, 2).Get());
        Assert.True(LentATwinToken);
    });

    [Theory]
    [InlineData("alpha\r\nbeta\n")]
    [InlineData("alpha\rbeta\r")]
    [InlineData("h\u00e9llo w\u00f6rld \u20ac\nz\u00fcrich\r\n")]
    public void A_line_split_across_packets_at_every_offset_reads_as_in_one_piece(string text) => OnFreshThread(() =>
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var whole = new StreamReader(new MemoryStream(bytes));
        var expected = new List<string?>();
        do
            expected.Add(whole.ReadLine());
        while (expected[^1] is not null);

        for (int cut = 1; cut < bytes.Length; cut++)
        {
            var (client, server) = ConnectedPair();
            using var peer = client;
            using var reader = new StreamReader(Wrap(server));
            var lines = Green.Spawn(ReadLinesToEnd, reader);
            SendInPieces(client, bytes, cut);
            Assert.Equal(expected, lines.Get());
        }
    });

    [Fact]
    public void A_long_line_and_lines_in_many_pieces_read_whole() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var reader = new StreamReader(Wrap(server), bufferSize: 128);
        var longLine = new string('x', 1000);
        var bytes = Encoding.ASCII.GetBytes($"{longLine}\nshort\n{longLine}");
        var lines = Green.Spawn(ReadLinesToEnd, reader);
        SendInPieces(client, bytes, 100, 500, 1001, 1003, 1500);

        Assert.Equal([longLine, "short", longLine, null], lines.Get());
    });

    [Fact]
    public void The_first_line_after_a_byte_order_mark_goes_through_the_twin_and_the_mark_is_skipped() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var reader = new StreamReader(Wrap(server));
        client.Send([0xEF, 0xBB, 0xBF, .. "hi\nthere\n"u8]);
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal(["hi", "there", null], Green.Spawn(ReadLinesToEnd, reader).Get());
        Assert.True(LentATwinToken);
    });

    [Fact]
    public void A_UTF16_byte_order_mark_switches_the_readers_encoding_as_it_would() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var reader = new StreamReader(Wrap(server));
        client.Send([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("h\u00e9\nline two\n")]);
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal(["h\u00e9", "line two", null], Green.Spawn(ReadLinesToEnd, reader).Get());
        Assert.Equal(Encoding.Unicode, reader.CurrentEncoding);
    });

    [Fact]
    public void A_reader_in_an_encoding_whose_bytes_are_not_ASCII_reads_through_the_twin() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        // In UTF-16 a '\n' byte is half of many characters ('\u0a41'): the line end cannot be seen in the bytes.
        using var reader = new StreamReader(Wrap(server), Encoding.BigEndianUnicode, detectEncodingFromByteOrderMarks: false);
        client.Send(Encoding.BigEndianUnicode.GetBytes("\u0a41\u0d0a\nnext\n"));
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal(["\u0a41\u0d0a", "next", null], Green.Spawn(ReadLinesToEnd, reader).Get());
        Assert.True(LentATwinToken);
    });

    private sealed class ShoutingReader(Stream stream) : StreamReader(stream)
    {
        public override string? ReadLine() => base.ReadLine()?.ToUpperInvariant();

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(ReadLine());
    }

    [Fact]
    public void A_derived_reader_reads_its_own_way() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var reader = new ShoutingReader(Wrap(server));
        client.Send("quiet\n"u8.ToArray());

        Assert.Equal("QUIET", Green.Spawn(ReadOneLine, reader).Get());
    });

    [Fact]
    public void A_killed_line_read_consumes_nothing_and_the_reader_reads_on_the_hub_native_way() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var reader = new StreamReader(Wrap(server));
        client.Send("first\n"u8.ToArray());
        Assert.Equal("first", Green.Spawn(ReadOneLine, reader).Get());
        var parked = Green.Spawn(ReadOneLine, reader);
        Green.Sleep(20);
        parked.Kill();
        Assert.True(parked.Successful);

        client.Send("second\nthird\n"u8.ToArray());
        Assert.Equal("second", Green.Spawn(ReadOneLine, reader).Get());
        Assert.Equal("third", Green.Spawn(ReadOneLine, reader).Get());
        Assert.False(LentATwinToken);
    });

    [Fact]
    public void A_peer_reset_fails_the_line_read_with_IOException_around_the_SocketException() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var reader = new StreamReader(Wrap(server));
        client.Send("ok\n"u8.ToArray());
        Assert.Equal("ok", Green.Spawn(ReadOneLine, reader).Get());
        var parked = Green.Spawn(ReadOneLine, reader);
        Green.Sleep(20);
        client.LingerState = new LingerOption(true, 0);
        client.Dispose();   // RST

        var failure = Assert.Throws<IOException>(() => parked.Get());
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(failure.InnerException).SocketErrorCode);
    });

    [Fact]
    public void A_disposed_reader_throws_ObjectDisposedException_and_reads_nothing() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var stream = Wrap(server);
        var reader = new StreamReader(stream, leaveOpen: true);
        reader.Dispose();
        client.Send("kept\n"u8.ToArray());

        Assert.Throws<ObjectDisposedException>(() => Green.Spawn(ReadOneLine, reader).Get());
        Assert.Equal("kept", Green.Spawn(ReadOneLine, new StreamReader(stream)).Get());
    });

    [Fact]
    public void WriteLine_Write_and_Flush_send_at_once_lending_no_token() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var stream = Wrap(server);
        using var writer = new StreamWriter(stream);
        Assert.Equal(2, Green.Spawn(WriteLines, writer, (IReadOnlyList<string>)["a", "b\u00e9"], 1).Get());
        Green.Spawn(WriteAndFlush, writer, "c").Get();

        var buffer = new byte[64];
        int n = 0;
        while (n < 7)
            n += client.Receive(buffer, n, buffer.Length - n, SocketFlags.None);
        Assert.Equal("a\nb\u00e9\nc", Encoding.UTF8.GetString(buffer, 0, n));
        Assert.False(LentATwinTokenToWrite);
    });

    [Fact]
    public void An_echo_over_the_usual_reader_and_writer_round_trips_hub_natively() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var stream = Wrap(server);
        using var reader = new StreamReader(stream);
        using var writer = new StreamWriter(stream);
        for (int i = 0; i < 3; i++)
        {
            var echo = Green.Spawn(EchoOneLine, reader, writer);
            client.Send(Encoding.ASCII.GetBytes($"line {i}\n"));
            Assert.Equal($"line {i}", echo.Get());
            var buffer = new byte[16];
            Assert.Equal($"LINE {i}\n", Encoding.ASCII.GetString(buffer, 0, client.Receive(buffer)));
        }
        Assert.False(LentATwinTokenToWrite);
    });

    [Fact]
    public void Lines_that_fill_the_send_buffer_park_only_the_writer_and_arrive_whole_in_order() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        // Small socket buffers, so that the kernel cannot take the lines at once however it tunes loopback buffers.
        server.SendBufferSize = 64 << 10;
        client.ReceiveBufferSize = 64 << 10;
        using var stream = Wrap(server);
        using var writer = new StreamWriter(stream);
        var lines = Enumerable.Range(0, 8000).Select(i => $"{i:D6} {new string((char)('a' + i % 26), 1000)}").ToArray();
        var expected = string.Concat(lines.Select(l => l + "\n"));
        var writing = Green.Spawn(WriteLines, writer, (IReadOnlyList<string>)lines, 500);
        Green.Sleep(50);
        Assert.False(writing.Ready);   // 8 MB is far more than the sockets' buffers: the writer waits, the hub runs
        var receiving = Green.Spawn(default(GreenSuspend), () => ReceiveUntilAsync(client, expected.Length));

        Assert.Equal(lines.Length, writing.Get());
        Assert.Equal(expected, Encoding.ASCII.GetString(receiving.Get()));
    });

    private static async GreenTask<byte[]> ReceiveUntilAsync(Socket socket, int count, string? endingWith = null)
    {
        var all = new MemoryStream();
        var buffer = new byte[64 << 10];
        int n;
        while ((endingWith is null ? all.Length < count : !Encoding.ASCII.GetString(all.ToArray()).EndsWith(endingWith, StringComparison.Ordinal))
            && (n = await SocketPatches.Receive(socket, default, buffer)) > 0)
        {
            all.Write(buffer, 0, n);
        }
        return all.ToArray();
    }

    [Fact]
    public void A_write_while_another_write_of_the_stream_waits_is_refused_and_a_kill_ends_the_waiting_one() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var stream = Wrap(server);
        using var first = new StreamWriter(stream, leaveOpen: true);
        using var second = new StreamWriter(stream, leaveOpen: true);
        var parked = Green.Spawn(WriteAndFlush, first, new string('x', 8 << 20));
        Green.Sleep(50);
        Assert.False(parked.Ready);

        Assert.Throws<InvalidOperationException>(() => Green.Spawn(WriteAndFlush, second, "refused").Get());
        parked.Kill();
        Assert.True(parked.Successful);
        // The waiting write was cancelled having sent a prefix: the stream writes again.
        var draining = Green.Spawn(default(GreenSuspend), () => ReceiveUntilAsync(client, 0, endingWith: "again\n"));
        Green.Spawn(WriteAndFlush, second, "again\n").Get();
        Assert.EndsWith("again\n", Encoding.ASCII.GetString(draining.Get()), StringComparison.Ordinal);
    });
}
