using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using GreenRuntime.Futures;

namespace GreenRuntime.Samples.Crawl;

/// <summary>
/// The seed's crawler as the seed writes it, on threads: nine downloads submitted to a <c>ThreadPoolExecutor(4)</c>
/// with <c>Submit(Get, url)</c>, each page parsed in a done-callback (<c>AddDoneCallback(Parse)</c>), then
/// <c>Shutdown(wait: true)</c>. Four worker threads, each blocked in its own <see cref="HttpClient.Send(HttpRequestMessage)"/>;
/// the callback runs on the thread that fetched the page.
/// </summary>
/// <remarks>
/// <code>
/// p = ThreadPoolExecutor(4)
/// for url in urls:
///     future = p.submit(get, url)
///     future.add_done_callback(parse)
/// p.shutdown(wait=True)
/// </code>
/// <see cref="GreenCrawler"/> is the same crawl on greenlets of one thread.
/// </remarks>
public static partial class ThreadCrawler
{
    // The seed's get(url) takes only the url; its requests.get is a module function. Here: one client for the crawl.
    private static readonly HttpClient s_http = new();
    private static int s_total;

    /// <summary>The seed's <c>get</c>: the page's text, or <see cref="GreenCrawler.DownloadFailed"/>.</summary>
    public static string Get(Uri url)
    {
        Console.WriteLine($"{Thread.CurrentThread.Name} GET {url}");
        using var response = s_http.Send(new HttpRequestMessage(HttpMethod.Get, url));   // blocks this worker thread
        if (response.StatusCode != HttpStatusCode.OK)
            return GreenCrawler.DownloadFailed;
        using var body = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
        return body.ReadToEnd();
    }

    /// <summary>
    /// The seed's <c>parse</c>, a done-callback: the page's title and length, after a pause; it runs on the thread that
    /// finished the future (the one that fetched the page).
    /// </summary>
    public static void Parse(Future<string> future)
    {
        Thread.Sleep(50);                                   // parses
        string page = future.Result();
        var title = Title().Match(page);
        Console.WriteLine($"{Thread.CurrentThread.Name} parsed {(title.Success ? title.Groups[1].Value : page)}: {page.Length} characters");
        Interlocked.Add(ref s_total, page.Length);
    }

    [GeneratedRegex("<title>(.*?)</title>")]
    private static partial Regex Title();

    /// <summary>The sample: the local site, the nine urls, a <c>ThreadPoolExecutor(poolSize)</c>.</summary>
    public static int Run(int poolSize, TimeSpan delay)
    {
        using var site = SeedSite.Start(delay);
        var urls = SeedSite.Urls(site);
        Volatile.Write(ref s_total, 0);

        var clock = Stopwatch.StartNew();
        var p = new ThreadPoolExecutor(poolSize);
        foreach (var url in urls)
        {
            var future = p.Submit(Get, url);
            future.AddDoneCallback(Parse);
        }
        p.Shutdown(wait: true);
        clock.Stop();

        SeedSite.Summary(urls.Count, clock.Elapsed, delay, site, $"ThreadPoolExecutor({poolSize})", Volatile.Read(ref s_total));
        return 0;
    }
}
