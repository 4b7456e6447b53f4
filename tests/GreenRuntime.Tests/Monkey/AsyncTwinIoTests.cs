using System.Diagnostics;
using System.IO.Pipes;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using static GreenRuntime.Tests.Monkey.AsyncTwinIoGreenlets;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Monkey;

/// <summary>
/// Tier 2 with the real calls of issue 9 — <c>HttpClient.Send</c> and <c>.Result</c> against a local server,
/// <c>File.ReadAllText</c> of a FIFO, <c>Process.WaitForExit</c>, <c>Console.In.ReadLine</c> from a pipe, a
/// <c>NetworkStream</c> read through its static type <c>Stream</c> — each while a second greenlet ticks every 10 ms
/// (largest gap under 100 ms), and each killed or timed out while it waits.
/// </summary>
[Collection(nameof(ConsoleRedirection))]
public class AsyncTwinIoTests
{
    // A call that blocked the hub would hold it for the whole 300 ms; on this shared machine (2 cores, load 30-70) the
    // scheduler alone leaves the hub thread off a core for up to ~150 ms, so the bound sits between the two.
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(250);
    private const int Later = 300;

    private static void After(int milliseconds, Action action) => _ = Task.Run(async () =>
    {
        await Task.Delay(milliseconds);
        action();
    });

    private static void AssertHubKeptRunning(Ticker ticker) =>
        Assert.True(ticker.Stop() < Gap, $"largest gap between ticks: {ticker.LargestGap}");

    [Fact]
    public void HttpClient_Send_and_Result_against_a_local_server_park_only_their_greenlets() => OnFreshThread(() =>
    {
        using var server = new LocalHttpServer(Later);
        using var client = new HttpClient();
        // The first request compiles HttpClient's whole stack on the calling thread (~100-200 ms on a loaded machine).
        Green.Spawn(Send, client, server.Url + "warm").Join();
        var ticker = Ticker.Start();
        var sent = Green.Spawn(Send, client, server.Url + "send");
        var result = Green.Spawn(GetString, client, server.Url + "result");

        Assert.Equal("/send", sent.Get(timeout: Prompt));
        Assert.Equal("/result", result.Get(timeout: Prompt));
        AssertHubKeptRunning(ticker);
    });

    [Fact]
    public void Killing_a_greenlet_parked_on_HttpClient_Send_cancels_the_request() => OnFreshThread(() =>
    {
        using var server = new LocalHttpServer(0) { Hold = true };
        var handler = new RecordingHandler();
        using var client = new HttpClient(handler);
        var sender = Green.Spawn(Send, client, server.Url);
        while (!handler.Sent.IsSet)
            Green.Sleep(10);

        sender.Kill();

        Assert.True(sender.Dead && sender.Successful);
        Assert.True(handler.Cancelled.Wait(Prompt), "the kill cancels the request's token");
    });

    [Fact]
    public void A_timeout_around_HttpClient_Send_cancels_the_request() => OnFreshThread(() =>
    {
        using var server = new LocalHttpServer(0) { Hold = true };
        var handler = new RecordingHandler();
        using var client = new HttpClient(handler);
        var sender = Green.Spawn(SendWithin, client, server.Url, 200);

        Assert.Throws<GreenTimeoutException>(() => sender.Get(timeout: Prompt));
        Assert.True(handler.Cancelled.Wait(Prompt), "the timeout cancels the request's token");
    });

    [Fact]
    public void File_ReadAllText_of_a_FIFO_written_later_runs_on_another_thread() => OnFreshThread(() =>
    {
        using var fifo = Fifo.Create();
        var ticker = Ticker.Start();
        var reader = Green.Spawn(ReadAllText, fifo.Path);
        After(Later, () => File.WriteAllText(fifo.Path, "through the fifo"));

        Assert.Equal("through the fifo", reader.Get(timeout: Prompt));
        AssertHubKeptRunning(ticker);
    });

    [Fact]
    public void Killing_or_timing_out_a_greenlet_reading_a_FIFO_ends_its_wait_at_once() => OnFreshThread(() =>
    {
        using var fifo = Fifo.Create();
        var killed = Green.Spawn(ReadAllText, fifo.Path);
        var timed = Green.Spawn(ReadAllTextWithin, fifo.Path, 100);
        Green.Sleep(50);

        var elapsed = Time(() => killed.Kill());

        Assert.True(killed.Dead && killed.Successful);
        Assert.True(elapsed < Prompt);
        Assert.Throws<GreenTimeoutException>(() => timed.Get(timeout: Prompt));
        // Let any offloaded open that did start finish (it waits for a writer): opening read-write never blocks.
        using (new FileStream(fifo.Path, FileMode.Open, FileAccess.ReadWrite))
        {
        }
    });

    [Fact]
    public void Process_WaitForExit_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "0.3") { UseShellExecute = false })!;
        var ticker = Ticker.Start();
        var waiter = Green.Spawn(WaitForExit, process);

        Assert.Equal(0, waiter.Get(timeout: Prompt));
        AssertHubKeptRunning(ticker);
    });

    [Fact]
    public void Killing_or_timing_out_a_greenlet_parked_on_Process_WaitForExit_ends_its_wait() => OnFreshThread(() =>
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var killed = Green.Spawn(WaitForExit, process);
            var timed = Green.Spawn(WaitForExitWithin, process, 100);
            Green.Sleep(50);

            killed.Kill();

            Assert.True(killed.Dead && killed.Successful);
            Assert.Throws<GreenTimeoutException>(() => timed.Get(timeout: Prompt));
            Assert.False(process.HasExited);
        }
        finally
        {
            process.Kill();
        }
    });

    [Fact]
    public void Console_In_ReadLine_from_a_pipe_runs_on_another_thread() => OnFreshThread(() =>
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var original = Console.In;
        Console.SetIn(new StreamReader(client));
        try
        {
            var ticker = Ticker.Start();
            var reader = Green.Spawn(ReadConsoleLine);
            After(Later, () => server.Write(Encoding.ASCII.GetBytes("typed\n")));

            Assert.Equal("typed", reader.Get(timeout: Prompt));
            AssertHubKeptRunning(ticker);

            // Killed while it waits for the next line: the greenlet ends at once.
            var killed = Green.Spawn(ReadConsoleLine);
            Green.Sleep(50);
            killed.Kill();
            Assert.True(killed.Dead && killed.Successful);
            server.Write(Encoding.ASCII.GetBytes("unblocks the offloaded read\n"));
        }
        finally
        {
            Console.SetIn(original);
        }
    });

    [Fact]
    public void A_NetworkStream_read_through_its_static_type_Stream_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var peer = new TcpClient();
        peer.Connect((IPEndPoint)listener.LocalEndpoint);
        using var accepted = listener.AcceptSocket();
        using Stream stream = new NetworkStream(accepted);
        // The first read compiles the socket engine's async path on the calling thread.
        peer.GetStream().Write(Encoding.ASCII.GetBytes("warm"));
        Assert.Equal("warm", Green.Spawn(ReadStream, stream, 4).Get(timeout: Prompt));
        var ticker = Ticker.Start();
        var reader = Green.Spawn(ReadStream, stream, 4);
        After(Later, () => peer.GetStream().Write(Encoding.ASCII.GetBytes("ping")));

        Assert.Equal("ping", reader.Get(timeout: Prompt));
        AssertHubKeptRunning(ticker);
    });

    [Fact]
    public void A_kill_racing_a_Release_of_SemaphoreSlim_Wait_gives_the_count_back() => OnFreshThread(() =>
    {
        using var semaphore = new SemaphoreSlim(0);
        var waiter = Green.Spawn(AcquireAndRelease, semaphore);
        Green.Sleep(20);                 // parked in Wait
        semaphore.Release();             // hands the count to the waiting WaitAsync...
        waiter.Kill(block: false);       // ...which the kill gives up before the hub hears of it
        Assert.True(waiter.Join(Prompt));
        // The count the dead greenlet's wait took comes back (on the thread pool, soon after).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (semaphore.CurrentCount == 0 && watch.Elapsed < Prompt)
            Green.Sleep(10);
        Assert.Equal(1, semaphore.CurrentCount);
    });

    [Fact]
    public void A_timeout_around_SemaphoreSlim_Wait_cancels_the_wait_so_it_takes_no_count() => OnFreshThread(() =>
    {
        using var semaphore = new SemaphoreSlim(0);
        var timed = Green.Spawn(AcquireWithin, semaphore, 100);

        Assert.Throws<GreenTimeoutException>(() => timed.Get(timeout: Prompt));
        // SemaphoreSlim drops a cancelled waiter on the thread pool, soon after the cancellation: give it that time.
        Green.Sleep(200);
        semaphore.Release();
        // Had the cancelled WaitAsync stayed queued, it would have taken the count.
        Assert.Equal(1, semaphore.CurrentCount);
    });
}

/// <summary>Tests that redirect <see cref="Console.In"/> run one at a time.</summary>
[CollectionDefinition(nameof(ConsoleRedirection), DisableParallelization = true)]
public sealed class ConsoleRedirection
{
}

/// <summary>A FIFO (<c>mkfifo</c>) in a temporary directory, removed on dispose.</summary>
internal sealed class Fifo : IDisposable
{
    private readonly string _directory;

    private Fifo(string directory, string path)
    {
        _directory = directory;
        Path = path;
    }

    public string Path { get; }

    public static Fifo Create()
    {
        var directory = Directory.CreateTempSubdirectory("green-fifo").FullName;
        var path = System.IO.Path.Combine(directory, "fifo");
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return new Fifo(directory, path);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
