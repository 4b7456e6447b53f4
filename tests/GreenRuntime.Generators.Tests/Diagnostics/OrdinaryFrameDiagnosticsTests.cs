using Microsoft.CodeAnalysis;
using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// GRN0028 (an ordinary helper that blocks, called from a [Greenlet] body), GRN0029 (an ordinary frame that would have to
/// suspend, entered from a [Greenlet] body) and GRN0030 (a spawn target that blocks but is not [Greenlet]).
/// </summary>
public class OrdinaryFrameDiagnosticsTests
{
    [Fact]
    public async Task GRN0028_is_reported_on_each_call_of_a_plain_helper_that_sleeps()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static class Helpers
            {
                public static void Pause(int ms) => Thread.Sleep(ms);
            }

            public static partial class Workers
            {
                [Greenlet]
                public static void First() => [|Helpers.Pause(150)|];

                [Greenlet]
                public static void Second()
                {
                    Thread.Sleep(1);
                    [|Helpers.Pause(150)|];
                }
            }
            """, "GRN0028");
        Assert.Equal(2, build.Green.Count());
        Assert.All(build.Green, d =>
        {
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Equal("M:Helpers.Pause(System.Int32)", d.Properties["Helper"]);
            Assert.StartsWith("'Helpers.Pause' is not a [Greenlet] method", d.GetMessage());
            Assert.Contains("it calls 'Thread.Sleep'; mark 'Helpers.Pause' [Greenlet] (in a partial type)", d.GetMessage());
        });
    }

    [Fact]
    public async Task GRN0028_follows_helpers_through_cycles_and_names_the_chain()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static class Helpers
            {
                public static int Depth;

                public static void Outer(int n) { if (n > 0) Inner(n - 1); }

                public static void Inner(int n)
                {
                    Outer(n);
                    if (n == 0) Wait();
                }

                public static void Wait() => Thread.Sleep(10);

                // A cycle that never blocks.
                public static void Ping(int n) { if (n > 0) Pong(n - 1); }

                public static void Pong(int n) { Depth++; Ping(n); }
            }

            public static partial class Workers
            {
                [Greenlet]
                public static void Run()
                {
                    [|Helpers.Outer(3)|];
                    Helpers.Ping(3);
                }
            }
            """, "GRN0028");
        var message = build.Green.Single().GetMessage();
        Assert.Contains("it calls 'Helpers.Inner', which calls 'Helpers.Wait', which calls 'Thread.Sleep'", message);
        Assert.Equal("M:Helpers.Outer(System.Int32)", build.Green.Single().Properties["Helper"]);
    }

    [Fact]
    public async Task GRN0028_is_reported_for_accessors_constructors_and_known_blocking_calls()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public sealed class Mailbox
            {
                private readonly object _gate = new();

                public Mailbox() { Thread.Sleep(1); }

                public int Next
                {
                    get { lock (_gate) { Monitor.Wait(_gate); return 1; } }
                }
            }

            public static partial class Workers
            {
                [Greenlet]
                public static int Run()
                {
                    var box = [|new Mailbox()|];
                    return [|box.Next|];
                }
            }
            """, "GRN0028");
        var diagnostics = build.Green.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal("M:Mailbox.#ctor", diagnostics[0].Properties["Helper"]);
        Assert.Contains("a constructor cannot be [Greenlet]: move its body into a [Greenlet] method", diagnostics[0].GetMessage());
        Assert.Equal("M:Mailbox.get_Next", diagnostics[1].Properties["Helper"]);
        Assert.Contains("it calls 'Monitor.Wait'; wait there with what suspends only this greenlet (see GRN0021)", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task GRN0028_is_not_reported_for_helpers_that_do_not_block_on_the_greenlet()
    {
        await VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static class Helpers
            {
                public static int Count;

                public static void Add(int n) => Count += n;

                // These block another thread, not the greenlet's.
                public static Task Later(int ms) => Task.Run(() => Thread.Sleep(ms));

                // A lambda kept for later is not run here.
                public static System.Action Deferred(int ms) => () => Thread.Sleep(ms);

                public static void NotCalledFromAGreenlet() => Thread.Sleep(1);
            }

            public static partial class Workers
            {
                [Greenlet]
                public static void Nap(int ms) => Thread.Sleep(ms);

                [Greenlet]
                public static void Run()
                {
                    Helpers.Add(1);
                    Helpers.Later(1);
                    Helpers.Deferred(1);
                    Nap(1);
                }

                public static void Ordinary() => Helpers.NotCalledFromAGreenlet();
            }
            """);
    }

    [Fact]
    public async Task GRN0029_is_reported_where_a_greenlet_enters_an_ordinary_frame_that_calls_a_Greenlet_method()
    {
        var build = await VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using GreenRuntime;

            public sealed partial class Feed
            {
                [Greenlet]
                public static int Fetch(int id) { Green.Sleep(1); return id; }

                public int Latest => Fetch(0);

                public int this[int id] => Fetch(id);

                public static Feed operator +(Feed feed, int id) { Fetch(id); return feed; }

                public static implicit operator int(Feed feed) => Fetch(1);

                public static IEnumerable<int> All(int n)
                {
                    for (int i = 0; i < n; i++)
                        yield return Fetch(i);
                }

                public static int Twice(int id) => Fetch(id) * 2;

                public static void Wait() => Green.Sleep(5);

                [Greenlet]
                public static int Run(Feed feed, List<int> ids)
                {
                    int total = [|feed.Latest|] + [|feed[2]|];
                    feed = [|feed + 3|];
                    int converted = [|feed|];
                    foreach (var item in [|All(3)|])
                        total += item;
                    total += [|Twice(4)|];
                    [|Wait()|];
                    total += [|ids.Select(id => Twice(id))|].Sum();
                    total += [|ids.Select(Twice)|].Sum();
                    return total + converted;
                }
            }
            """, "GRN0029");
        var messages = build.Green.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.GetMessage()).ToList();
        Assert.StartsWith("The property accessor 'Feed.Latest.get' is ordinary (non-[Greenlet]) code that calls 'Feed.Fetch', which suspends the greenlet", messages[0]);
        Assert.Contains("refused with an InvalidOperationException; a property accessor cannot be [Greenlet]: make it a [Greenlet] method", messages[0]);
        Assert.StartsWith("The indexer 'Feed.this[].get'", messages[1]);
        Assert.StartsWith("The operator 'Feed.operator +'", messages[2]);
        Assert.StartsWith("The conversion operator 'Feed.implicit operator int'", messages[3]);
        Assert.StartsWith("The iterator 'Feed.All'", messages[4]);
        Assert.Contains("an iterator cannot be [Greenlet]", messages[4]);
        Assert.Contains("mark 'Feed.Twice' [Greenlet] (in a partial type)", messages[5]);
        Assert.Contains("calls 'Green.Sleep', which suspends", messages[6]);
        Assert.StartsWith("The lambda (or method) that 'Enumerable.Select<TSource, TResult>' runs is ordinary (non-[Greenlet]) code that calls 'Feed.Twice', which calls 'Feed.Fetch'", messages[7]);
        Assert.Contains("loop with foreach in the [Greenlet] method instead", messages[8]);
        Assert.Equal("M:Feed.get_Latest", build.Green.OrderBy(d => d.Location.SourceSpan.Start).First().Properties["Helper"]);
    }

    [Fact]
    public async Task GRN0029_is_not_reported_for_frames_that_do_not_suspend_or_are_not_entered_from_a_greenlet()
    {
        await VerifyAsync("""
            using GreenRuntime;

            public sealed partial class Feed
            {
                [Greenlet]
                public static int Fetch(int id) { Green.Sleep(1); return id; }

                // Spawning returns at once: nothing waits in this frame.
                public static Greenlet StartFetch(int id) => Green.Spawn(() => Fetch(id));

                public int Plain => 42;

                public int Latest => Fetch(0);

                [Greenlet]
                public static int Run(Feed feed)
                {
                    StartFetch(1);
                    return feed.Plain + Fetch(2);
                }

                public static int Ordinary(Feed feed) => feed.Latest;
            }
            """);
    }

    [Fact]
    public async Task GRN0030_is_reported_on_a_blocking_method_group_that_is_spawned()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Workers
            {
                public static void Pause(int ms) => Thread.Sleep(ms);

                public static void Count(int n) { }

                [Greenlet]
                public static void Nap(int ms) => Thread.Sleep(ms);

                public static void Main()
                {
                    var a = Green.Spawn([|Pause|], 100);
                    var b = Green.Spawn(Nap, 100);
                    var c = Green.Spawn(Count, 1);
                    Green.JoinAll(a, b, c);
                }

                [Greenlet]
                public static void Supervisor() => Green.Spawn([|Workers.Pause|], 5).Join();
            }
            """, "GRN0030");
        Assert.All(build.Green, d =>
        {
            Assert.Equal("M:Workers.Pause(System.Int32)", d.Properties["Helper"]);
            Assert.StartsWith("'Workers.Pause' runs as a greenlet ('Green.Spawn<T1>') but is not a [Greenlet] method", d.GetMessage());
            Assert.Contains("it calls 'Thread.Sleep'; mark 'Workers.Pause' [Greenlet]", d.GetMessage());
        });
    }

    [Fact]
    public async Task A_local_function_is_reported_only_through_the_helpers_it_calls()
    {
        await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static class Helpers
            {
                public static void Pause(int ms) => Thread.Sleep(ms);
            }

            public static partial class Worker
            {
                [Greenlet]
                public static void Run()
                {
                    // The call inside gets GRN0011 where it stands.
                    void Nap() => {|GRN0011:Thread.Sleep(1)|};
                    void Wait() => Helpers.Pause(1);
                    Nap();
                    {|GRN0028:Wait()|};
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0028_and_GRN0029_are_reported_in_green_lambdas_of_ordinary_code()
    {
        await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Program
            {
                [Greenlet]
                public static int Fetch(int id) { Green.Sleep(1); return id; }

                public static void Pause(int ms) => Thread.Sleep(ms);

                public static int Twice(int id) => Fetch(id) * 2;

                public static void Main()
                {
                    var a = Green.Spawn(() => {|GRN0028:Pause(100)|});
                    var b = Green.Spawn(() => { Thread.Sleep(1); return {|GRN0029:Twice(2)|}; });
                    // Not a green lambda: a plain delegate that nobody runs here.
                    System.Action later = () => Pause(1);
                    Green.JoinAll(a, b);
                }
            }
            """);
    }
}
