using System.Diagnostics;
using System.Net.Http;

namespace GreenRuntime.Tests.Monkey;

/// <summary>The bridged I/O calls of <see cref="AsyncTwinIoTests"/>, written the usual synchronous way.</summary>
internal static partial class AsyncTwinIoGreenlets
{
    [Greenlet]
    public static string Send(HttpClient client, string url)
    {
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
        return response.Content.ReadAsStringAsync().Result;
    }

    [Greenlet]
    public static string GetString(HttpClient client, string url) => client.GetStringAsync(url).Result;

    [Greenlet]
    public static string SendWithin(HttpClient client, string url, int milliseconds)
    {
        using (Green.Timeout(TimeSpan.FromMilliseconds(milliseconds)))
            return Send(client, url);
    }

    [Greenlet]
    public static string ReadAllText(string path) => File.ReadAllText(path);

    [Greenlet]
    public static string ReadAllTextWithin(string path, int milliseconds)
    {
        using (Green.Timeout(TimeSpan.FromMilliseconds(milliseconds)))
            return File.ReadAllText(path);
    }

    [Greenlet]
    public static int WaitForExit(Process process)
    {
        process.WaitForExit();
        return process.ExitCode;
    }

    [Greenlet]
    public static void WaitForExitWithin(Process process, int milliseconds)
    {
        using (Green.Timeout(TimeSpan.FromMilliseconds(milliseconds)))
            process.WaitForExit();
    }

    [Greenlet]
    public static string? ReadConsoleLine() => Console.In.ReadLine();

    [Greenlet]
    public static bool AcquireWithin(SemaphoreSlim semaphore, int milliseconds)
    {
        using (Green.Timeout(TimeSpan.FromMilliseconds(milliseconds)))
        {
            semaphore.Wait();
            return true;
        }
    }

    [Greenlet]
    public static string ReadStream(Stream stream, int count) => AsyncTwinGreenlets.ReadFrom(stream, count);

    /// <summary>Takes the semaphore and gives it back at once: the count ends where it started, unless a wait loses it.</summary>
    [Greenlet]
    public static void AcquireAndRelease(SemaphoreSlim semaphore)
    {
        semaphore.Wait();
        semaphore.Release();
    }
}
