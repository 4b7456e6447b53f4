using System.Text.RegularExpressions;
using GreenRuntime.Tests.Servers;

namespace GreenRuntime.Tests.Samples;

// crawl --executor greenlets: the seed's program (Submit(Get, url), AddDoneCallback(Parse), Shutdown(wait: true)) on a
// GreenletExecutor(4) — four worker greenlets on the main thread, each parked in its own HttpClient.Send.
public partial class CrawlSampleTests
{
    [GeneratedRegex(@"^fetched 9 urls in (?<seconds>[0-9.]+) s \(0\.30 s each, at most (?<most>\d+) at once, GreenletExecutor\(4\)\); total (?<total>\d+) characters$")]
    private static partial Regex GreenletSummary();

    [GeneratedRegex(@"^(?<greenlet>Greenlet-\d+) on thread (?<thread>\d+) GET (?<url>http://127\.0\.0\.1:\d+/\S*)$")]
    private static partial Regex GreenletGet();

    [GeneratedRegex(@"^(?<greenlet>Greenlet-\d+) on thread (?<thread>\d+) parsed (?<what>.+): (?<length>\d+) characters$")]
    private static partial Regex GreenletParsed();

    [Fact]
    public void The_greenlet_executor_crawler_fetches_on_four_worker_greenlets_of_the_main_thread_and_parses_in_their_callbacks()
    {
        using var child = ChildProcess.StartSamples(["crawl", "--executor", "greenlets", "--delay", "0.3"]);
        Assert.Equal(0, child.WaitForExit(Generous));
        var lines = child.Lines;
        string main = Regex.Match(lines[0], @"^main thread is (\d+)$").Groups[1].Value;
        Assert.NotEmpty(main);

        var gets = lines.Select(l => GreenletGet().Match(l)).Where(m => m.Success).ToList();
        Assert.Equal(9, gets.Count);
        // Four worker greenlets did the fetching, all on the main thread.
        var fetchers = gets.Select(m => m.Groups["greenlet"].Value).ToHashSet();
        Assert.Equal(4, fetchers.Count);
        Assert.All(gets, m => Assert.Equal(main, m.Groups["thread"].Value));

        var parsed = lines.Select(l => GreenletParsed().Match(l)).Where(m => m.Success).ToList();
        Assert.Equal(9, parsed.Count);
        // Each callback ran in the worker greenlet that finished the future.
        Assert.All(parsed, m => Assert.Contains(m.Groups["greenlet"].Value, fetchers));
        Assert.All(parsed, m => Assert.Equal(main, m.Groups["thread"].Value));
        Assert.Equal(4, parsed.Count(m => m.Groups["what"].Value == "home" && m.Groups["length"].Value == "1008"));
        Assert.Equal(2, parsed.Count(m => m.Groups["what"].Value == "news" && m.Groups["length"].Value == "2948"));
        Assert.Single(parsed, m => m.Groups["what"].Value == "download failed" && m.Groups["length"].Value == "15");

        // Shutdown(wait: true) ran the hub until every callback had run; the site served four requests at once.
        var summary = GreenletSummary().Match(lines[^1]);
        Assert.True(summary.Success, child.Transcript);
        Assert.Equal("4", summary.Groups["most"].Value);
        Assert.Equal(parsed.Sum(m => int.Parse(m.Groups["length"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture), summary.Groups["total"].Value);
    }
}
