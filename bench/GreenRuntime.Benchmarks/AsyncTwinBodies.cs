using System.Net.Http;

namespace GreenRuntime.Benchmarks;

/// <summary>The bodies of <see cref="AsyncTwinBenchmarks"/> and <see cref="HttpSendBenchmarks"/>: each green one a real <c>[Greenlet]</c> method, and its <c>async</c> counterpart.</summary>
public static partial class AsyncTwinBodies
{
    /// <summary>Reads one byte <paramref name="n"/> times (the generator bridges each read to <c>ReadAsync</c>).</summary>
    [Greenlet]
    public static int ReadBytes(Stream stream, byte[] buffer, int n)
    {
        int total = 0;
        for (int i = 0; i < n; i++)
            total += stream.Read(buffer, 0, 1);
        return total;
    }

    /// <summary>The same loop with <c>await stream.ReadAsync(...)</c>.</summary>
    public static async Task<int> ReadBytesAsync(Stream stream, byte[] buffer, int n, CancellationToken token)
    {
        int total = 0;
        for (int i = 0; i < n; i++)
            total += await stream.ReadAsync(buffer, 0, 1, token);
        return total;
    }

    /// <summary>Reads <paramref name="n"/> lines (each bridged to <c>ReadLineAsync</c>).</summary>
    [Greenlet]
    public static int ReadLines(StreamReader reader, int n)
    {
        int total = 0;
        for (int i = 0; i < n; i++)
            total += reader.ReadLine()!.Length;
        return total;
    }

    /// <summary>The same loop with <c>await reader.ReadLineAsync(token)</c>.</summary>
    public static async Task<int> ReadLinesAsync(StreamReader reader, int n, CancellationToken token)
    {
        int total = 0;
        for (int i = 0; i < n; i++)
            total += (await reader.ReadLineAsync(token))!.Length;
        return total;
    }

    /// <summary>One GET with <c>client.Send</c> (bridged to <c>SendAsync</c>), reading the body.</summary>
    [Greenlet]
    public static int Send(HttpClient client, string url)
    {
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
        return response.Content.ReadAsStringAsync().Result.Length;
    }

    /// <summary>The same GET with <c>await client.SendAsync</c>.</summary>
    public static async Task<int> SendAsync(HttpClient client, string url)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url));
        return (await response.Content.ReadAsStringAsync()).Length;
    }
}
