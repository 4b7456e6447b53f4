using System.Text.RegularExpressions;
using GreenRuntime.Tests.Servers;

namespace GreenRuntime.Tests.Samples;

/// <summary>
/// The crawl sample (<c>GreenSamples crawl</c>): the seed's crawler with a GreenPool(4) of greenlets each calling
/// HttpClient.Send against the local site the sample starts — four requests at a time on one thread.
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
}
