using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using GreenRuntime.CompilerServices;
using GreenRuntime.Monkey;
using GreenRuntime.Sockets;
using static GreenRuntime.Tests.Runtime.GreenTest;
using static GreenRuntime.Tests.Sockets.PatchTestSockets;
using static GreenRuntime.Tests.Streams.StreamGreenlets;

namespace GreenRuntime.Tests.Streams;

/// <summary>
/// Green network streams: what <c>new NetworkStream(socket)</c> and <c>TcpClient.GetStream()</c> give inside
/// <c>[Greenlet]</c> bodies, and their asynchronous reads and writes on the hub's own I/O loop — through
/// <c>StreamReader.ReadLine</c>/<c>StreamWriter.WriteLine</c> in [Greenlet] methods (the async-twin tier), and through
/// the streams' <c>Async</c> methods awaited directly, which pins the stream's own API (cancellation, zero-byte reads, ...).
/// </summary>
public class GreenStreamTests
{
    private static GreenNetworkStream GreenStream(Socket socket, bool ownsSocket = true) =>
        (GreenNetworkStream)NetworkStreamConstructionPatches.Create(default, socket, ownsSocket).GetResult();

    /// <summary>
    /// A greenlet that sleeps 10 ms in a loop and records the largest gap between its wake-ups: in wall-clock time, and
    /// in the hub thread's CPU time — how long the hub really ran other work between two ticks, which is what a blocked
    /// hub shows and what a machine under heavy load (the thread waiting for a core) does not inflate.
    /// </summary>
    private sealed class Ticker
    {
        private readonly Greenlet _greenlet;
        private bool _stop;

        public Ticker()
        {
            _greenlet = Green.Spawn(default(GreenSuspend), async () =>
            {
                long last = Stopwatch.GetTimestamp();
                long lastCpu = ThreadCpuTicks();
                while (!_stop)
                {
                    await Green.Sleep(default(GreenSuspend), 10);
                    long now = Stopwatch.GetTimestamp();
                    long cpu = ThreadCpuTicks();
                    LargestGap = TimeSpan.FromTicks(Math.Max(LargestGap.Ticks, Stopwatch.GetElapsedTime(last, now).Ticks));
                    LargestBusyGap = TimeSpan.FromTicks(Math.Max(LargestBusyGap.Ticks, cpu - lastCpu));
                    Ticks++;
                    last = now;
                    lastCpu = cpu;
                }
            });
        }

        public TimeSpan LargestGap { get; private set; }

        /// <summary>The largest CPU time the hub thread spent between two ticks (the wall-clock gap where not on Linux).</summary>
        public TimeSpan LargestBusyGap { get; private set; }

        public int Ticks { get; private set; }

        public void Stop()
        {
            _stop = true;
            _greenlet.Join();
        }

        public override string ToString() =>
            $"largest ticker gap {LargestGap.TotalMilliseconds:F1} ms, of which the hub thread ran {LargestBusyGap.TotalMilliseconds:F1} ms";

        private static long ThreadCpuTicks()
        {
            if (!OperatingSystem.IsLinux())
                return Stopwatch.GetElapsedTime(0).Ticks;
            ClockGetTime(ClockThreadCpuTime, out var now);
            return now.Seconds * TimeSpan.TicksPerSecond + now.Nanoseconds / 100;
        }

        private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);
    }

    private static async GreenTask ServeLinesAsync(Socket conn)
    {
        using var stream = GreenStream(conn);
        using var reader = new StreamReader(stream);
        using var writer = new StreamWriter(stream);
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            await writer.WriteLineAsync(line.ToUpperInvariant());
            await writer.FlushAsync();
        }
    }

    private static async GreenTask<int> TalkLinesAsync(IPEndPoint server, int client, int lines)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await SocketPatches.Connect(socket, default, server);
        using var stream = GreenStream(socket);
        using var reader = new StreamReader(stream);
        using var writer = new StreamWriter(stream);
        int echoed = 0;
        for (int i = 0; i < lines; i++)
        {
            await writer.WriteLineAsync($"client {client} line {i}");
            await writer.FlushAsync();
            var reply = await reader.ReadLineAsync();
            Assert.Equal($"CLIENT {client} LINE {i}", reply);
            echoed++;
        }
        return echoed;
    }

    [Fact]
    public void A_line_server_serves_many_clients_at_once_while_a_ticker_keeps_ticking() => OnFreshThread(() =>
    {
        // [Greenlet] server and clients written the usual way: new NetworkStream / GetStream, ReadLine, WriteLine, Flush.
        using var listener = Listener(backlog: 128);
        const int clients = 60, lines = 40;
        // One client first, so that the JIT's first compilations are not counted as the hub being held.
        var warmUp = Green.Spawn(AcceptLineClients, listener, clients + 1);
        Assert.Equal(1, Green.Spawn(TalkLines, EndPointOf(listener), -1, 1).Get());
        var ticker = new Ticker();
        var talkers = Enumerable.Range(0, clients).Select(c => Green.Spawn(TalkLines, EndPointOf(listener), c, lines)).ToArray();
        Green.JoinAll(talkers, raiseError: true);
        warmUp.Get();
        ticker.Stop();

        Assert.All(talkers, t => Assert.Equal(lines, t.Value));
        // The hub never ran anything else for 100 ms between two ticks; the wall-clock gap, which a loaded machine
        // stretches, only generously.
        Assert.True(ticker.LargestBusyGap < TimeSpan.FromMilliseconds(100), ticker.ToString());
        Assert.True(ticker.LargestGap < TimeSpan.FromSeconds(2), ticker.ToString());
        Assert.True(ticker.Ticks > 0);
    });

    [Fact]
    public void The_async_line_server_over_green_streams_serves_many_clients_at_once() => OnFreshThread(() =>
    {
        // The same through the streams' Async methods awaited directly (what the async-twin tier awaits).
        using var listener = Listener(backlog: 128);
        const int clients = 40, lines = 20;
        var server = Green.Spawn(default(GreenSuspend), async () =>
        {
            for (int i = 0; i < clients; i++)
            {
                var conn = await SocketPatches.Accept(listener, default);
                Green.Spawn(default(GreenSuspend), () => ServeLinesAsync(conn));
            }
        });
        var talkers = Enumerable.Range(0, clients)
            .Select(c => Green.Spawn(default(GreenSuspend), () => TalkLinesAsync(EndPointOf(listener), c, lines)))
            .ToArray();
        Green.JoinAll(talkers, raiseError: true);
        server.Get();

        Assert.All(talkers, t => Assert.Equal(lines, t.Value));
    });

    [Fact]
    public void A_Stream_typed_Read_in_a_greenlet_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using Stream stream = Wrap(server);
        var log = new List<string>();
        var buffer = new byte[16];
        var reader = Green.Spawn(ReadThroughStream, stream, buffer, log);
        Green.Sleep(0);
        log.Add("sending");
        client.Send(Encoding.ASCII.GetBytes("ping"));

        Assert.Equal(4, reader.Get());
        Assert.Equal(["reading", "sending", "read 4"], log);
    });

    [Fact]
    public void A_greenlet_killed_in_ReadLine_leaves_the_reader_usable_and_consumes_nothing() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var reader = new StreamReader(Wrap(server));
        var parked = Green.Spawn(ReadOneLine, reader);
        Green.Sleep(20);
        Assert.False(parked.Ready);
        parked.Kill();
        Assert.True(parked.Successful);   // a GreenletExit kill

        client.Send(Encoding.ASCII.GetBytes("next line\n"));
        Assert.Equal("next line", Green.Spawn(ReadOneLine, reader).Get());
    });

    [Fact]
    public void A_timeout_around_ReadLine_throws_and_the_next_ReadLine_gets_the_line() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var reader = new StreamReader(Wrap(server));
        Assert.Throws<GreenTimeoutException>(() => Green.Spawn(ReadOneLineWithin, reader, TimeSpan.FromMilliseconds(30)).Get());

        client.Send(Encoding.ASCII.GetBytes("in time\n"));
        Assert.Equal("in time", Green.Spawn(ReadOneLineWithin, reader, Forever).Get());
    });

    [Fact]
    public void ReadLine_in_a_greenlet_gathers_lines_sent_in_pieces_and_gives_null_at_end_of_stream() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var reader = new StreamReader(WrapOwning(server, ownsSocket: true));
        var lines = Green.Spawn(ReadLinesToEnd, reader);
        Green.Spawn(default(GreenSuspend), async () =>
        {
            foreach (var piece in new[] { "par", "tial\r\nli", "nes\n", "last" })
            {
                await SocketPatches.Send(client, default, Encoding.ASCII.GetBytes(piece));
                await Green.Sleep(default(GreenSuspend), 20);
            }
            client.Shutdown(SocketShutdown.Send);
        });

        Assert.Equal(["partial", "lines", "last", null], lines.Get());
        client.Dispose();
    });

    [Fact]
    public void A_Stream_typed_read_parks_only_its_greenlet_and_completes_on_the_hub_thread() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        Stream stream = GreenStream(server);
        var log = new List<string>();
        int hubThread = Environment.CurrentManagedThreadId;
        var reader = Green.Spawn(default(GreenSuspend), async () =>
        {
            var buffer = new byte[16];
            log.Add("reading");
            int n = await ReadNotingThread(stream, buffer, log);
            log.Add($"read {Encoding.ASCII.GetString(buffer, 0, n)}");
        });
        Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add("writing");
            await SocketPatches.Send(peer, default, Encoding.ASCII.GetBytes("ping"));
        });
        reader.Get();
        stream.Dispose();

        Assert.Equal(["reading", "writing", "continued on the hub thread: True", "read ping"], log);

        // Plain async code (a StreamReader's, say) continues where the stream completed its read: on the hub, no hop.
        async Task<int> ReadNotingThread(Stream from, byte[] buffer, List<string> log)
        {
            int n = await from.ReadAsync(buffer).ConfigureAwait(false);
            log.Add($"continued on the hub thread: {Environment.CurrentManagedThreadId == hubThread}");
            return n;
        }
    });

    [Fact]
    public void ReadLine_gathers_a_line_sent_in_pieces_and_gives_null_at_end_of_stream() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var reader = new StreamReader(GreenStream(server));
        var lines = Green.Spawn(default(GreenSuspend), async () =>
        {
            var got = new List<string?>();
            string? line;
            do
                got.Add(line = await reader.ReadLineAsync());
            while (line is not null);
            return got;
        });
        Green.Spawn(default(GreenSuspend), async () =>
        {
            foreach (var piece in new[] { "hel", "lo\nwor", "ld\n", "no newline at the end" })
            {
                await SocketPatches.Send(client, default, Encoding.ASCII.GetBytes(piece));
                await Green.Sleep(default(GreenSuspend), 20);
            }
            client.Shutdown(SocketShutdown.Send);
        });

        Assert.Equal(["hello", "world", "no newline at the end", null], lines.Get());
        client.Dispose();
    });

    [Fact]
    public void A_peer_reset_fails_the_waiting_read_with_IOException_around_the_SocketException() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var reader = new StreamReader(GreenStream(server));
        var reading = Green.Spawn(default(GreenSuspend), async () => await reader.ReadLineAsync());
        Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 20);
            client.LingerState = new LingerOption(true, 0);
            client.Close();   // RST
        });

        var failure = Assert.Throws<IOException>(() => reading.Get());
        var socketFailure = Assert.IsType<SocketException>(failure.InnerException);
        Assert.Equal(SocketError.ConnectionReset, socketFailure.SocketErrorCode);
    });

    [Fact]
    public void A_cancelled_read_consumes_nothing_and_the_stream_stays_usable() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var stream = GreenStream(server);
        using var cancel = new CancellationTokenSource();
        var buffer = new byte[16];
        var parked = Green.Spawn(default(GreenSuspend), async () => await stream.ReadAsync(buffer, cancel.Token));
        Green.Sleep(20);
        Assert.False(parked.Ready);
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => parked.Get());

        client.Send(Encoding.ASCII.GetBytes("after"));
        var next = Green.Spawn(default(GreenSuspend), async () => await stream.ReadAsync(buffer));
        Assert.Equal("after", Encoding.ASCII.GetString(buffer, 0, next.Get()));
    });

    [Fact]
    public void A_read_cancelled_from_another_thread_ends_on_the_hub() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var stream = GreenStream(server);
        using var cancel = new CancellationTokenSource();
        var parked = Green.Spawn(default(GreenSuspend), async () => await stream.ReadAsync(new byte[4], cancel.Token));
        cancel.CancelAfter(30);

        Assert.Throws<OperationCanceledException>(() => parked.Get());
    });

    [Fact]
    public void A_large_write_parks_on_send_while_the_reader_drains_slowly_and_arrives_whole() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var stream = GreenStream(server);
        var data = new byte[8 << 20];
        new Random(7).NextBytes(data);
        var ticker = new Ticker();
        var log = new List<string>();
        var writer = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add("writing");
            await stream.WriteAsync(data);
            log.Add("written");
        });
        var received = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add("reading");
            var all = new MemoryStream();
            var buffer = new byte[64 << 10];
            int n;
            while (all.Length < data.Length && (n = await SocketPatches.Receive(client, default, buffer)) > 0)
            {
                all.Write(buffer, 0, n);
                if (all.Length < (1 << 20))
                    await Green.Sleep(default(GreenSuspend), 1);
            }
            return all.ToArray();
        });
        writer.Get();
        var got = received.Get();
        ticker.Stop();
        client.Dispose();

        Assert.Equal(["writing", "reading", "written"], log);
        Assert.True(data.AsSpan().SequenceEqual(got));
        // Generous: the reader copies megabytes meanwhile; the point is that the ticker was not stopped for the whole write.
        Assert.True(ticker.LargestBusyGap < TimeSpan.FromSeconds(1), ticker.ToString());
    });

    [Fact]
    public void A_zero_byte_read_waits_for_data_without_consuming_it() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var stream = GreenStream(server);
        var log = new List<string>();
        var probe = Green.Spawn(default(GreenSuspend), async () =>
        {
            int n = await stream.ReadAsync(Memory<byte>.Empty);
            log.Add($"ready {n}");
            var buffer = new byte[8];
            n = await stream.ReadAsync(buffer);
            log.Add(Encoding.ASCII.GetString(buffer, 0, n));
        });
        Green.Sleep(20);
        log.Add("sending");
        client.Send(Encoding.ASCII.GetBytes("data"));
        probe.Get();

        Assert.Equal(["sending", "ready 0", "data"], log);
    });

    [Fact]
    public void Two_reads_at_once_on_one_stream_are_refused() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var stream = GreenStream(server);
        var first = Green.Spawn(default(GreenSuspend), async () => await stream.ReadAsync(new byte[4]));
        Green.Sleep(0);
        var second = Green.Spawn(default(GreenSuspend), async () => await stream.ReadAsync(new byte[4]));

        Assert.Throws<InvalidOperationException>(() => second.Get());
        client.Send([1]);
        Assert.Equal(1, first.Get());
    });

    [Fact]
    public void Off_the_hub_a_green_stream_is_a_NetworkStream() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        using var stream = GreenStream(server);
        client.Send(Encoding.ASCII.GetBytes("from afar"));
        var buffer = new byte[32];

        // Another thread (no hub of its own) and ordinary code on the hub's thread outside its loop.
        int n = Task.Run(async () => await stream.ReadAsync(buffer, 0, 4)).GetAwaiter().GetResult();
        int rest = stream.ReadAsync(buffer.AsMemory(n)).AsTask().GetAwaiter().GetResult();
        stream.WriteAsync(Encoding.ASCII.GetBytes("back")).AsTask().GetAwaiter().GetResult();
        stream.Write(Encoding.ASCII.GetBytes("!"));

        Assert.Equal("from afar", Encoding.ASCII.GetString(buffer, 0, n + rest));
        var reply = new byte[8];
        int got = 0;
        while (got < 5)
            got += client.Receive(reply, got, reply.Length - got, SocketFlags.None);
        Assert.Equal("back!", Encoding.ASCII.GetString(reply, 0, got));
    });

    [Fact]
    public void A_socket_closed_under_a_waiting_read_fails_it_with_IOException() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;
        var stream = GreenStream(server);
        var parked = Green.Spawn(default(GreenSuspend), async () => await stream.ReadAsync(new byte[4]));
        Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 10);
            stream.Dispose();
        });

        var failure = Assert.ThrowsAny<Exception>(() => parked.Get());
        Assert.True(failure is IOException or ObjectDisposedException, failure.ToString());
    });

    // ---- obtaining the streams ------------------------------------------------------------------------------

    [Fact]
    public void New_NetworkStream_inside_a_greenlet_is_green_with_NetworkStreams_ownership_and_access() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using var peer = client;

        var plain = Wrap(server);
        Assert.IsType<GreenNetworkStream>(plain);
        Assert.True(plain.CanRead && plain.CanWrite);
        plain.Dispose();
        Assert.True(server.Connected, "a stream that does not own its socket leaves it open");

        var readOnly = WrapWithAccess(server, FileAccess.Read);
        Assert.True(readOnly.CanRead && !readOnly.CanWrite);
        Assert.Throws<InvalidOperationException>(() => readOnly.WriteAsync(new byte[1]).AsTask().GetAwaiter().GetResult());

        Assert.IsType<GreenNetworkStream>(WrapWithAccessOwning(server, FileAccess.Write, ownsSocket: false));
        var owning = WrapOwning(server, ownsSocket: true);
        Assert.IsType<GreenNetworkStream>(owning);
        owning.Dispose();
        Assert.Throws<ObjectDisposedException>(() => server.Send([1]));
    });

    [Fact]
    public void GetStream_inside_a_greenlet_gives_the_clients_one_green_stream_that_the_client_disposes() => OnFreshThread(() =>
    {
        using var listener = Listener();
        var client = new TcpClient();
        client.Connect(EndPointOf(listener));
        using var accepted = listener.Accept();

        var stream = StreamOf(client);
        Assert.IsType<GreenNetworkStream>(stream);
        Assert.Same(stream, StreamOf(client));
        Assert.Same(stream, client.GetStream());

        accepted.Send(Encoding.ASCII.GetBytes("hi"));
        var buffer = new byte[8];
        Assert.Equal(2, ReadInto(stream, buffer));

        client.Dispose();
        Assert.Throws<ObjectDisposedException>(() => stream.ReadAsync(buffer).AsTask().GetAwaiter().GetResult());
        Assert.Throws<ObjectDisposedException>(() => StreamOf(client));
    });

    [Fact]
    public void GetStream_keeps_the_stream_ordinary_code_got_first_and_refuses_an_unconnected_client() => OnFreshThread(() =>
    {
        using var listener = Listener();
        using var client = new TcpClient();
        Assert.Throws<InvalidOperationException>(() => StreamOf(client));
        client.Connect(EndPointOf(listener));
        using var accepted = listener.Accept();

        var ordinary = client.GetStream();
        Assert.Same(ordinary, StreamOf(client));
        Assert.IsNotType<GreenNetworkStream>(ordinary);
    });
}
