using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// GRN0024: a lambda with suspension points passed from ordinary code to Green.Spawn and its kind that the generator
/// cannot make green (it captures the method's locals, or needs what only a type that is not partial can see) is
/// reported on its head, naming what blocks and why; the lambdas the generator does make green are not.
/// </summary>
public class OrdinaryLambdaDiagnosticsTests
{
    [Fact]
    public async Task GRN0024_is_reported_on_a_lambda_that_captures_a_local_or_parameter()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static class Program
            {
                public static int Main(string[] args)
                {
                    int ms = args.Length;
                    var first = Green.Spawn([|() =>|] { Thread.Sleep(ms); });
                    var later = Green.SpawnLater(TimeSpan.FromMilliseconds(1), [|(string s) =>|] Thread.Sleep(s.Length + args.Length), "x");
                    first.Join();
                    later.Join();
                    return ms;
                }
            }
            """, "GRN0024");
        var message = build.Green.First().GetMessage();
        Assert.Contains("This lambda passed to 'Green.Spawn' runs as a plain delegate, so its 'Thread.Sleep' blocks the thread", message);
        Assert.Contains("because it captures the local 'ms'", message);
        Assert.Contains("move the body into a [Greenlet] method and pass the values it uses as arguments", message);
        Assert.Contains("it captures the parameter 'args'", build.Green.Last().GetMessage());
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, build.Green.First().Severity);
    }

    [Fact]
    public async Task GRN0024_names_the_member_a_type_that_is_not_partial_keeps_to_itself()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public class Service
            {
                private static int s_naps;
                private int _count;

                public Greenlet Counted() => Green.Spawn([|() =>|] { s_naps++; Thread.Sleep(1); });
                public Greenlet Mine() => Green.Spawn([|() =>|] { _count++; Thread.Sleep(1); });
                public static Greenlet Fine() => Green.Spawn(() => { Thread.Sleep(1); });
            }
            """, "GRN0024");
        var messages = build.Green.Select(d => d.GetMessage()).ToList();
        Assert.Contains(messages, m => m.Contains("because it uses 'Service.s_naps', which only its containing type can see, and 'Service' is not partial", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("because it uses 'this', and 'Service' is not partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GRN0024_is_not_reported_where_the_lambda_is_made_green_or_needs_not_be()
    {
        await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Napper
            {
                [Greenlet] public static int Nap(int ms) { Thread.Sleep(ms); return ms; }

                [Greenlet]
                public static void InAGreenlet(int ms) => Green.Spawn(() => Thread.Sleep(ms)).Join();
            }

            public partial class Program
            {
                private int _count;

                public int Run(int ms)
                {
                    var green = Green.Spawn(() => { int a = Napper.Nap(150); int b = Napper.Nap(150); return a + b; });
                    var mine = Green.Spawn(() => { _count++; Thread.Sleep(1); });
                    var wholeCall = Green.Spawn(() => Napper.Nap(ms));
                    var noSuspension = Green.Spawn(() => { _ = ms + 1; });
                    var withParameter = Green.Spawn((int n) => Thread.Sleep(n), ms);
                    Action plain = () => Thread.Sleep(ms);
                    mine.Join(); wholeCall.Join(); noSuspension.Join(); withParameter.Join();
                    plain();
                    return green.Get();
                }
            }
            """);
    }
}
