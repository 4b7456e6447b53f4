using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GreenRuntime.Futures;

namespace GreenRuntime.Samples.Crawl;

/// <summary>
/// The seed's crawler as the seed writes it, on greenlets of one thread: the nine downloads submitted to a
/// <c>GreenletExecutor(4)</c> with <c>Submit(Get, url)</c>, each page parsed in a done-callback
/// (<c>AddDoneCallback(Parse)</c>), then <c>Shutdown(wait: true)</c>. <c>Get</c> is a <c>[Greenlet]</c> method, so the
/// executor runs its twin: its blocking <see cref="HttpClient.Send(HttpRequestMessage)"/> parks its worker greenlet, and
/// four requests are in flight at once on the one thread.
/// </summary>
/// <remarks>
/// <see cref="ThreadCrawler"/> is the same program on <c>ThreadPoolExecutor(4)</c>: only the executor's type differs.
/// The callback runs where the future finished: in the worker greenlet that fetched the page, on the main thread.
/// </remarks>
public static partial class GreenletCrawler
{
    private static readonly HttpClient s_http = new();
    private static int s_total;

    /// <summary>The seed's <c>get</c>: the page's text, or <see cref="GreenCrawler.DownloadFailed"/>.</summary>
    [Greenlet]
    public static string Get(Uri url)
    {
        Console.WriteLine($"{Describe()} GET {url}");
        using var response = s_http.Send(new HttpRequestMessage(HttpMethod.Get, url));   // parks this worker greenlet only
        if (response.StatusCode != HttpStatusCode.OK)
            return GreenCrawler.DownloadFailed;
        using var body = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
        return body.ReadToEnd();
    }

    /// <summary>The seed's <c>parse</c>, a done-callback: the page's title and length, on the greenlet that fetched it.</summary>
    public static void Parse(Future<string> future)
    {
        string page = future.Result();   // done: no wait
        var title = Title().Match(page);
        Console.WriteLine($"{Describe()} parsed {(title.Success ? title.Groups[1].Value : page)}: {page.Length} characters");
        s_total += page.Length;                             // one thread: no lock
    }

    /// <summary>Which greenlet on which thread: <c>Greenlet-3 on thread 'main'</c>.</summary>
    private static string Describe() =>
        $"{Green.Current?.Name ?? "main"} on thread {Environment.CurrentManagedThreadId}";

    [GeneratedRegex("<title>(.*?)</title>")]
    private static partial Regex Title();

    /// <summary>The sample: the local site, the nine urls, a <c>GreenletExecutor(poolSize)</c> on this thread's hub.</summary>
    public static int Run(int poolSize, TimeSpan delay)
    {
        using var site = SeedSite.Start(delay);
        var urls = SeedSite.Urls(site);
        s_total = 0;
        Console.WriteLine($"main thread is {Environment.CurrentManagedThreadId}");

        var clock = Stopwatch.StartNew();
        var p = new GreenletExecutor(poolSize);
        foreach (var url in urls)
        {
            var future = p.Submit(Get, url);
            future.AddDoneCallback(Parse);
        }
        p.Shutdown(wait: true);                             // runs the hub until the nine are fetched and parsed
        clock.Stop();

        SeedSite.Summary(urls.Count, clock.Elapsed, delay, site, $"GreenletExecutor({poolSize})", s_total);
        return 0;
    }
}
