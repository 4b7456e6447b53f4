using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;
using static GreenRuntime.Generators.Tests.TestHelpers.TestSources;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// A <c>foreach</c> over a green sequence is a suspension point like a call: where it cannot suspend (a <c>lock</c>, a
/// lambda, a span live across its waits) the user gets the same GRN diagnostic on the loop's head, naming the loop.
/// </summary>
public class GreenForEachDiagnosticsTests
{
    [Fact]
    public async Task GRN0009_is_reported_on_a_green_foreach_inside_lock()
    {
        var build = await VerifyAsync("""
            using System.Collections.Generic;

            public partial class Counter
            {
                private readonly object _gate = new();
                private int _count;

                [GreenRuntime.Greenlet]
                public void Count(Feed feed, List<int> plain)
                {
                    lock (_gate)
                    {
                        [|foreach (var item in feed)|]
                            _count += item;
                        foreach (var item in plain)
                            _count += item;
                    }
                    foreach (var item in feed)
                        _count += item;
                }
            }
            """, "GRN0009", otherSources: Feed);
        var message = build.Green.Single().GetMessage();
        Assert.StartsWith("'foreach over feed' inside a 'lock' statement would block the thread", message);
    }

    [Fact]
    public async Task GRN0010_is_reported_on_a_green_foreach_inside_a_lambda()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Collections.Generic;

            public static partial class Worker
            {
                [GreenRuntime.Greenlet]
                public static int Run(Feed feed, List<int> keys)
                {
                    int sum = 0;
                    keys.ForEach(key => { [|foreach (var item in feed)|] sum += item * key; });
                    Action later = () => { foreach (var item in keys) sum += item; };
                    later();
                    return sum;
                }
            }
            """, "GRN0010", otherSources: Feed);
        var message = build.Green.Single().GetMessage();
        Assert.StartsWith("'foreach over feed' inside a lambda would block the thread", message);
    }

    [Fact]
    public async Task GRN0008_is_reported_on_a_green_foreach_whose_body_uses_a_span_declared_before_it()
    {
        var build = await VerifyAsync("""
            using System;

            public static partial class Worker
            {
                [GreenRuntime.Greenlet]
                public static int Run(Feed feed, int[] data)
                {
                    Span<int> window = data.AsSpan(1);
                    [|foreach (var item in feed)|]
                        window[0] += item;

                    int sum = 0;
                    foreach (var item in feed)
                    {
                        Span<int> fresh = data.AsSpan();
                        sum += fresh[0] + item;
                    }
                    return sum;
                }
            }
            """, "GRN0008", otherSources: Feed);
        Assert.Contains("'window'", build.Green.Single().GetMessage());
        Assert.Contains("after 'foreach over feed'", build.Green.Single().GetMessage());
    }

    [Fact]
    public async Task GRN0024_names_the_green_foreach_of_a_lambda_from_ordinary_code_that_cannot_be_made_green()
    {
        var build = await VerifyAsync("""
            using GreenRuntime;

            public static class Program
            {
                public static int Main()
                {
                    var feed = new Feed();
                    int sum = 0;
                    Green.Spawn([|() =>|] { foreach (var item in feed) sum += item; }).Join();
                    return sum;
                }
            }
            """, "GRN0024", otherSources: Feed);
        Assert.Contains("so its 'foreach over feed' blocks the thread", build.Green.Single().GetMessage());
    }

    [Fact]
    public async Task A_green_foreach_that_can_suspend_and_await_foreach_get_no_diagnostic()
    {
        await VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public static partial class Worker
            {
                [GreenRuntime.Greenlet]
                public static int Run(Feed feed, (int, int)[] pairs)
                {
                    int sum = 0;
                    foreach (var item in feed)
                    {
                        foreach (long inner in feed)
                            sum += (int)inner;
                        if (item < 0)
                            break;
                    }
                    foreach (var (a, b) in pairs)
                        sum += a + b;
                    return sum;
                }

                public static async Task<int> Async(IAsyncEnumerable<int> items)
                {
                    int sum = 0;
                    await foreach (var item in items)
                        sum += item;
                    return sum;
                }
            }
            """, otherSources: Feed);
    }
}
