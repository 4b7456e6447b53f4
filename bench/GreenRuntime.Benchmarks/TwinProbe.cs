using System.Diagnostics;
using System.IO.Pipes;
using System.Net;
using System.Net.Http;
using System.Text;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// What each async twin the bridge calls really does (issue 9, "some Async twins do their waiting synchronously"): for
/// an operation that can only finish 300 ms from now, how long the <c>XxxAsync</c> call takes to return its task, and
/// how long until the task completes. A truly asynchronous twin returns at once; one that returns after ~300 ms did
/// its waiting on the calling thread — on a hub, every greenlet would have waited with it. The findings are the table
/// in the generator's <c>Analysis/AsyncTwins</c> and docs/internals.md's "Some twins wait synchronously".
/// </summary>
/// <remarks><c>dotnet run -c Release -- twinprobe</c> (Linux: the FIFO cases need <c>mkfifo</c>).</remarks>
internal static class TwinProbe
{
    private const int Later = 300;

    public static void Run()
    {
        var dir = Directory.CreateTempSubdirectory("twinprobe").FullName;
        try
        {
            Probe("File.ReadAllTextAsync, FIFO written later", () =>
            {
                var fifo = Fifo(dir, "read-text");
                After(() => File.WriteAllText(fifo, "hello"));
                return File.ReadAllTextAsync(fifo);
            });
            Probe("File.ReadAllBytesAsync, FIFO written later", () =>
            {
                var fifo = Fifo(dir, "read-bytes");
                After(() => File.WriteAllText(fifo, "hello"));
                return File.ReadAllBytesAsync(fifo);
            });
            Probe("File.ReadAllLinesAsync, FIFO written later", () =>
            {
                var fifo = Fifo(dir, "read-lines");
                After(() => File.WriteAllText(fifo, "hello"));
                return File.ReadAllLinesAsync(fifo);
            });
            Probe("File.WriteAllTextAsync, FIFO read later", () =>
            {
                var fifo = Fifo(dir, "write-text");
                After(() => File.ReadAllText(fifo));
                return File.WriteAllTextAsync(fifo, "hello");
            });
            Probe("File.AppendAllTextAsync, FIFO read later", () =>
            {
                var fifo = Fifo(dir, "append-text");
                After(() => File.ReadAllText(fifo));
                return File.AppendAllTextAsync(fifo, "hello");
            });
            Probe("FileStream (FIFO, open) ReadAsync, written later", () =>
            {
                var fifo = Fifo(dir, "filestream");
                // Open both ends first (the open itself blocks until both are there), then write later.
                var writerOpen = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write));
                var stream = new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
                var writer = writerOpen.Result;
                After(() => { writer.Write("hello"u8); writer.Dispose(); });
                return stream.ReadAsync(new byte[16], 0, 16);
            });
            Probe("StreamReader over FileStream (FIFO, open) ReadLineAsync", () =>
            {
                var fifo = Fifo(dir, "streamreader");
                var writerOpen = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write));
                var reader = new StreamReader(new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true));
                var writer = writerOpen.Result;
                After(() => { writer.Write("hello\n"u8); writer.Dispose(); });
                return reader.ReadLineAsync();
            });
            Probe("StreamReader over an anonymous pipe ReadLineAsync", () =>
            {
                var server = new AnonymousPipeServerStream(PipeDirection.Out);
                var reader = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle));
                After(() => server.Write("hello\n"u8));
                return reader.ReadLineAsync();
            });
            Probe("Console.In.ReadLineAsync, SetIn(pipe reader) written later", () =>
            {
                var server = new AnonymousPipeServerStream(PipeDirection.Out);
                Console.SetIn(new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle)));
                After(() => server.Write("hello\n"u8));
                return Console.In.ReadLineAsync();
            });
            Probe("Console.Out.WriteLineAsync, SetOut(pipe writer) read later", () =>
            {
                var server = new AnonymousPipeServerStream(PipeDirection.In);
                var client = new AnonymousPipeClientStream(PipeDirection.Out, server.ClientSafePipeHandle);
                var original = Console.Out;
                Console.SetOut(new StreamWriter(client) { AutoFlush = true });
                // A pipe holds 64 KiB: a line longer than that waits for the reader.
                After(() => { var sink = new byte[256 * 1024]; int n; do { n = server.Read(sink, 0, sink.Length); } while (n > 0 && server.IsConnected); });
                var task = Console.Out.WriteLineAsync(new string('x', 200 * 1024));
                return task.ContinueWith(_ => Console.SetOut(original));
            });
            Probe("Dns.GetHostAddressesAsync(\"localhost\")", () => Dns.GetHostAddressesAsync("localhost"));
            Probe("Process.WaitForExitAsync (sleep 0.3)", () =>
            {
                var process = Process.Start(new ProcessStartInfo("sleep", "0.3") { UseShellExecute = false })!;
                return process.WaitForExitAsync();
            });
            Probe("HttpClient.SendAsync, server answers later", () =>
            {
                var (listener, url) = SlowServer();
                var client = new HttpClient();
                return client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url)).ContinueWith(_ => listener.Stop());
            });
            Probe("SemaphoreSlim.WaitAsync, released later", () =>
            {
                var semaphore = new SemaphoreSlim(0);
                After(() => semaphore.Release());
                return semaphore.WaitAsync();
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Probe(string name, Func<Task> start)
    {
        var clock = Stopwatch.StartNew();
        Task task;
        try
        {
            task = start();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{name,-62} threw {e.GetType().Name}: {e.Message}");
            return;
        }
        double returned = clock.Elapsed.TotalMilliseconds;
        bool completedWhenReturned = task.IsCompleted;
        try
        {
            task.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
        double completed = clock.Elapsed.TotalMilliseconds;
        string verdict = returned >= Later * 0.8 ? "WAITS SYNCHRONOUSLY" : "asynchronous";
        Console.Error.WriteLine($"{name,-62} returned after {returned,6:F1} ms (completed: {completedWhenReturned,-5}), done after {completed,6:F1} ms  {verdict}");
    }

    private static void After(Action action) => _ = Task.Run(async () =>
    {
        await Task.Delay(Later);
        action();
    });

    private static string Fifo(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        using var mkfifo = Process.Start("mkfifo", path)!;
        mkfifo.WaitForExit();
        return path;
    }

    private static (HttpListener Listener, string Url) SlowServer()
    {
        for (int port = 18_300; ; port++)
        {
            var listener = new HttpListener();
            string url = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(url);
            try
            {
                listener.Start();
            }
            catch (HttpListenerException)
            {
                continue;
            }
            _ = Task.Run(async () =>
            {
                var context = await listener.GetContextAsync();
                await Task.Delay(Later);
                context.Response.OutputStream.Write("ok"u8);
                context.Response.Close();
            });
            return (listener, url);
        }
    }
}
