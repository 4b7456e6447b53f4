using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// GRN0023: a call of a [Greenlet] method from ordinary code that no interceptor can route to its twin (it would run
/// the plain, blocking method) is a warning on that call — and only such calls are.
/// </summary>
public class CallNotRoutedDiagnosticsTests
{
    [Fact]
    public async Task GRN0023_is_reported_on_calls_of_a_Greenlet_method_of_a_private_nested_type_from_ordinary_code()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Outer
            {
                private static partial class Inner
                {
                    [Greenlet]
                    public static int Nap(int ms) { Thread.Sleep(ms); return ms; }
                }

                internal static partial class Visible
                {
                    [Greenlet]
                    public static int Nap(int ms) { Thread.Sleep(ms); return ms; }
                }

                public static int Run()
                {
                    var spawned = Green.Spawn(() => [|Inner.Nap(1)|]);
                    var byGroup = Green.Spawn(Inner.Nap, 1);
                    int direct = [|Inner.Nap(1)|];
                    int routed = Visible.Nap(1);
                    return spawned.Get() + byGroup.Get() + direct + routed;
                }

                [Greenlet]
                public static int FromAGreenlet() => Inner.Nap(1);
            }
            """, "GRN0023");

        var message = build.Green.First().GetMessage();
        Assert.Contains("'Outer.Inner.Nap'", message);
        Assert.Contains("'Outer.Inner' is private", message);
        Assert.Contains("make 'Outer.Inner' internal", message);
    }

    [Fact]
    public async Task GRN0023_is_reported_on_a_base_call_of_a_Greenlet_method_from_ordinary_code()
    {
        await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public partial class Worker
            {
                [Greenlet]
                public virtual void Work() => Thread.Sleep(1);
            }

            public partial class Special : Worker
            {
                public override void Work() => [|base.Work()|];
            }
            """, "GRN0023");
    }
}
