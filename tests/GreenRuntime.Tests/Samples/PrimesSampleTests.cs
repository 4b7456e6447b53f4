using System.Text.RegularExpressions;
using GreenRuntime.Tests.Servers;

namespace GreenRuntime.Tests.Samples;

/// <summary>
/// The primes sample (<c>GreenSamples primes</c>): the primes below a limit counted in chunks by a
/// <c>ProcessPoolExecutor</c> of 1 worker, then of 2 — worker processes that are the sample started again.
/// </summary>
public partial class PrimesSampleTests
{
    [GeneratedRegex(@"^(?<workers>\d) workers?\s?: (?<primes>\d+) primes in [0-9.]+ s \(worker processes (?<pids>[0-9, ]+); started and ready in \d+ ms\)$")]
    private static partial Regex Count();

    [Fact]
    public void The_primes_sample_counts_the_same_primes_with_one_worker_process_and_with_two()
    {
        using var child = ChildProcess.StartSamples(["primes", "--limit", "100000", "--chunks", "8", "--workers", "2"]);
        Assert.Equal(0, child.WaitForExit(TimeSpan.FromSeconds(60)));
        int parent = int.Parse(child.Lines[0].Split(' ')[^1]);
        var counts = child.Lines.Select(l => Count().Match(l)).Where(m => m.Success).ToList();
        Assert.True(counts.Count == 2, child.Transcript);
        Assert.All(counts, m => Assert.Equal("9592", m.Groups["primes"].Value)); // π(100,000)
        var pids = counts.Select(m => m.Groups["pids"].Value.Split(", ").Select(int.Parse).ToList()).ToList();
        Assert.Single(pids[0]);
        Assert.Equal(2, pids[1].Count);
        Assert.DoesNotContain(parent, pids.SelectMany(p => p));
        Assert.Matches(@"^2 workers are [0-9.]+x as fast as 1 \(\d+ cores\)$", child.Lines[^1]);
    }
}
