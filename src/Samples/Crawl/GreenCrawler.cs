using System.Diagnostics;
using System.Net;
using System.Text;

namespace GreenRuntime.Samples.Crawl;

/// <summary>
/// The seed's crawler written green: where the seed submits <c>get(url)</c> to a <c>ThreadPoolExecutor(4)</c> and parses
/// each page in a done-callback, this spawns the same work on a <see cref="GreenPool"/> of 4 — four greenlets on one
/// thread, each making a blocking <see cref="HttpClient.Send(HttpRequestMessage)"/> that parks only itself.
/// </summary>
/// <remarks>
/// <code>
/// def get(url):
///     print('%s GET %s' % (current_thread().name, url))
///     time.sleep(3)
///     response = requests.get(url)
///     if response.status_code == 200: res = response.text
///     else: res = '下载失败'
///     return res
/// def parse(future):
///     time.sleep(1)
///     res = future.result()
///     print('%s 解析结果为%s' % (current_thread().name, len(res)))
/// p = ThreadPoolExecutor(4)
/// for url in urls:
///     future = p.submit(get, url)
///     future.add_done_callback(parse)
/// p.shutdown(wait=True)
/// </code>
/// The site is <see cref="LocalSite"/>, which answers each request after a delay (the seed's <c>time.sleep(3)</c> and
/// its slow sites in one).
/// </remarks>
public static partial class GreenCrawler
{
    /// <summary>What the seed's <c>get</c> returns when a page is not there.</summary>
    public const string DownloadFailed = "download failed";

    /// <summary>The seed's <c>get</c>: the page's text, or <see cref="DownloadFailed"/>.</summary>
    [Greenlet]
    public static string Get(HttpClient http, Uri url)
    {
        Console.WriteLine($"{Green.Current!.Name} GET {url}");
        using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, url));   // parks this greenlet only
        if (response.StatusCode != HttpStatusCode.OK)
            return DownloadFailed;
        using var body = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
        return body.ReadToEnd();
    }

    /// <summary>The seed's <c>parse</c>, run by the greenlet that fetched the page: a pause, then the length.</summary>
    [Greenlet]
    public static int Parse(Uri url, string page)
    {
        Thread.Sleep(50);                                   // parses (parks this greenlet only)
        Console.WriteLine($"{Green.Current!.Name} parsed {url.AbsolutePath}: {page.Length} characters");
        return page.Length;
    }

    /// <summary>One url: fetched, then parsed.</summary>
    [Greenlet]
    public static int Crawl(HttpClient http, Uri url) => Parse(url, Get(http, url));

    /// <summary>Crawls <paramref name="urls"/> with at most <paramref name="poolSize"/> requests at once; the lengths, in the urls' order.</summary>
    public static IReadOnlyList<int> CrawlAll(HttpClient http, IReadOnlyList<Uri> urls, int poolSize)
    {
        var pool = new GreenPool(poolSize);
        var greenlets = new List<Greenlet<int>>();
        foreach (var url in urls)
            greenlets.Add(pool.Spawn(Crawl, http, url));    // waits while all four are busy, as submit's queue does
        pool.Join();
        return greenlets.Select(g => g.Get()).ToList();
    }

    /// <summary>The sample: a local site of a few pages, nine urls (some twice, one missing), a pool of 4.</summary>
    public static int Run(int poolSize, TimeSpan delay)
    {
        using var site = SeedSite.Start(delay);
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        var urls = SeedSite.Urls(site);

        var clock = Stopwatch.StartNew();
        var lengths = CrawlAll(http, urls, poolSize);
        clock.Stop();

        SeedSite.Summary(urls.Count, clock.Elapsed, delay, site, $"pool of {poolSize}", lengths.Sum());
        return 0;
    }
}
