using System.Text.RegularExpressions;
using GreenRuntime.Tests.Servers;

namespace GreenRuntime.Tests.Samples;

/// <summary>
/// The crawl sample (<c>GreenSamples crawl</c>): the seed's crawler with a GreenPool(4) of greenlets each calling
/// HttpClient.Send against the local site the sample starts — four requests at a time on one thread; and
/// (<c>--executor threads</c>) as the seed writes it, on a ThreadPoolExecutor(4) with done-callbacks.
/// </summary>
public partial class CrawlSampleTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [GeneratedRegex(@"^fetched 9 urls in (?<seconds>[0-9.]+) s \(0\.30 s each, at most (?<most>\d+) at once, pool of 4\); total (?<total>\d+) characters$")]
    private static partial Regex Summary();

    [Fact]
    public void The_green_crawler_fetches_every_url_four_at_a_time_and_prints_each_page_it_parsed()
    {
        using var child = ChildProcess.StartSamples(["crawl", "--delay", "0.3"]);
        Assert.Equal(0, child.WaitForExit(Generous));
        var lines = child.Lines;

        Assert.Equal(9, lines.Count(l => l.Contains(" GET http://127.0.0.1:")));
        var parsed = lines.Where(l => l.Contains(" parsed ")).ToList();
        Assert.Equal(9, parsed.Count);
        // The pages' lengths (the site's pages are fixed), and the missing page as the seed's "download failed".
        Assert.Equal(4, parsed.Count(l => l.EndsWith(" parsed /: 1008 characters", StringComparison.Ordinal)));
        Assert.Equal(2, parsed.Count(l => l.EndsWith(" parsed /news: 2948 characters", StringComparison.Ordinal)));
        Assert.Single(parsed, l => l.EndsWith(" parsed /missing: 15 characters", StringComparison.Ordinal));

        var summary = Summary().Match(lines[^1]);
        Assert.True(summary.Success, child.Transcript);
        // The site served four requests at the same time — the pool's four greenlets, each parked in Send — and never more.
        Assert.Equal("4", summary.Groups["most"].Value);
    }

    [GeneratedRegex(@"^fetched 9 urls in (?<seconds>[0-9.]+) s \(0\.30 s each, at most (?<most>\d+) at once, ThreadPoolExecutor\(4\)\); total (?<total>\d+) characters$")]
    private static partial Regex ThreadSummary();

    [GeneratedRegex(@"^(?<thread>ThreadPoolExecutor-\d+_\d+) GET (?<url>http://127\.0\.0\.1:\d+/\S*)$")]
    private static partial Regex ThreadGet();

    [GeneratedRegex(@"^(?<thread>ThreadPoolExecutor-\d+_\d+) parsed (?<what>.+): (?<length>\d+) characters$")]
    private static partial Regex ThreadParsed();

    [Fact]
    public void The_thread_pool_crawler_fetches_on_four_worker_threads_and_parses_in_their_done_callbacks()
    {
        using var child = ChildProcess.StartSamples(["crawl", "--executor", "threads", "--delay", "0.3"]);
        Assert.Equal(0, child.WaitForExit(Generous));
        var lines = child.Lines;

        var gets = lines.Select(l => ThreadGet().Match(l)).Where(m => m.Success).ToList();
        Assert.Equal(9, gets.Count);
        var fetchers = gets.Select(m => m.Groups["thread"].Value).ToHashSet();
        // ThreadPoolExecutor(4): four worker threads, named as Python names them, did the fetching.
        Assert.Equal(4, fetchers.Count);
        Assert.All(fetchers, name => Assert.Matches(@"_[0-3]$", name));

        var parsed = lines.Select(l => ThreadParsed().Match(l)).Where(m => m.Success).ToList();
        Assert.Equal(9, parsed.Count);
        // Each callback ran on a worker thread (the one that finished the future), with the page it fetched.
        Assert.All(parsed, m => Assert.Contains(m.Groups["thread"].Value, fetchers));
        Assert.Equal(4, parsed.Count(m => m.Groups["what"].Value == "home" && m.Groups["length"].Value == "1008"));
        Assert.Equal(2, parsed.Count(m => m.Groups["what"].Value == "news" && m.Groups["length"].Value == "2948"));
        Assert.Single(parsed, m => m.Groups["what"].Value == "download failed" && m.Groups["length"].Value == "15");

        // Shutdown(wait: true) returned only after every callback: the summary is the last line.
        var summary = ThreadSummary().Match(lines[^1]);
        Assert.True(summary.Success, child.Transcript);
        Assert.Equal("4", summary.Groups["most"].Value);
        Assert.Equal(parsed.Sum(m => int.Parse(m.Groups["length"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture), summary.Groups["total"].Value);
    }
}
