using System.Net.Http;
using BenchmarkDotNet.Attributes;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Tier 2, the async-twin bridge (issue 9): one bridged call whose twin completes at once (the data is already
/// buffered) against calling the <c>Async</c> method and awaiting it in plain <c>async</c> code (target ≤ 2×), for a
/// <c>Stream.Read</c> of a <see cref="MemoryStream"/> (a <c>Task&lt;int&gt;</c> twin) and a
/// <c>StreamReader.ReadLine</c> of buffered lines (a <c>ValueTask&lt;string?&gt;</c> twin).
/// </summary>
/// <remarks>
/// Each invocation runs <see cref="Operations"/> calls in one greenlet (a real <c>[Greenlet]</c> method in
/// <see cref="AsyncTwinBodies"/>) or one <c>async</c> method; the spawn and join are spread over them.
/// </remarks>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class AsyncTwinBenchmarks
{
    /// <summary>Calls per invocation.</summary>
    public const int Operations = 100_000;

    private readonly CancellationTokenSource _cancellation = new();
    private readonly byte[] _buffer = new byte[1];
    private MemoryStream _bytes = null!;
    private MemoryStream _lines = null!;

    /// <summary>The streams: <see cref="Operations"/> bytes, and as many short lines.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bytes = new MemoryStream(new byte[Operations]);
        _lines = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("line\n", Operations))));
    }

    /// <summary><c>stream.Read(buffer, 0, 1)</c> in a greenlet, bridged to <c>ReadAsync</c>; per read.</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "greenlet: Stream.Read (bridged), completes at once")]
    public int GreenRead()
    {
        _bytes.Position = 0;
        return Green.Spawn(AsyncTwinBodies.ReadBytes, (Stream)_bytes, _buffer, Operations).Get();
    }

    /// <summary>The baseline: <c>await stream.ReadAsync(buffer, 0, 1, token)</c> in an <c>async</c> method; per read.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "async: await Stream.ReadAsync, completes at once")]
    public int AsyncRead()
    {
        _bytes.Position = 0;
        return AsyncTwinBodies.ReadBytesAsync(_bytes, _buffer, Operations, _cancellation.Token).GetAwaiter().GetResult();
    }

    /// <summary><c>reader.ReadLine()</c> in a greenlet, bridged to <c>ReadLineAsync</c>; per line.</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "greenlet: StreamReader.ReadLine (bridged), buffered")]
    public int GreenReadLine()
    {
        _lines.Position = 0;
        using var reader = new StreamReader(_lines, leaveOpen: true);
        return Green.Spawn(AsyncTwinBodies.ReadLines, reader, Operations).Get();
    }

    /// <summary><c>await reader.ReadLineAsync(token)</c> in an <c>async</c> method; per line.</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "async: await StreamReader.ReadLineAsync, buffered")]
    public int AsyncReadLine()
    {
        _lines.Position = 0;
        using var reader = new StreamReader(_lines, leaveOpen: true);
        return AsyncTwinBodies.ReadLinesAsync(reader, Operations, _cancellation.Token).GetAwaiter().GetResult();
    }
}

/// <summary>
/// 500 concurrent <c>HttpClient.Send</c> from greenlets on one hub against a local server (issue 9: ≥ 0.9× the
/// throughput of the same requests sent with <c>await SendAsync</c>), both against the same server in this process.
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class HttpSendBenchmarks
{
    /// <summary>Requests in flight at once, per invocation.</summary>
    public const int Requests = 500;

    private LocalHttpServer _server = null!;
    private HttpClient _client = null!;
    private readonly Greenlet[] _greenlets = new Greenlet[Requests];
    private readonly Task<int>[] _tasks = new Task<int>[Requests];

    /// <summary>Starts the server and warms up 500 connections.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _server = new LocalHttpServer();
        _client = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) });
        AsyncSends();
    }

    /// <summary>Stops the server.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.Dispose();
    }

    /// <summary>500 greenlets, each <c>client.Send(request)</c> and reading the body, joined; per request.</summary>
    [Benchmark(OperationsPerInvoke = Requests, Description = "500 greenlets: HttpClient.Send (bridged)")]
    public int GreenSends()
    {
        for (int i = 0; i < Requests; i++)
            _greenlets[i] = Green.Spawn(AsyncTwinBodies.Send, _client, _server.Url);
        Green.JoinAll(_greenlets);
        return _greenlets.Length;
    }

    /// <summary>The baseline: 500 <c>async</c> calls of <c>await client.SendAsync(request)</c>, awaited together; per request.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Requests, Description = "500 async calls: await HttpClient.SendAsync")]
    public int AsyncSends()
    {
        for (int i = 0; i < Requests; i++)
            _tasks[i] = AsyncTwinBodies.SendAsync(_client, _server.Url);
        Task.WaitAll(_tasks);
        return _tasks.Length;
    }
}
