using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// GRN0023: a call of a [Greenlet] method from ordinary code that no interceptor can route to its twin (it would run
/// the plain, blocking method) is a warning on that call — and only such calls are.
/// </summary>
public class CallNotRoutedDiagnosticsTests
{
    [Fact]
    public async Task GRN0023_is_reported_on_calls_into_a_private_nested_type_that_no_forwarder_can_reach()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Outer
            {
                private partial class Instance
                {
                    [Greenlet]
                    public int Nap(int ms) { Thread.Sleep(ms); return ms; }
                }

                private static partial class Generic<T>
                {
                    [Greenlet]
                    public static T Echo(T value) { Thread.Sleep(1); return value; }
                }

                private static partial class Static
                {
                    [Greenlet]
                    public static int Nap(int ms) { Thread.Sleep(ms); return ms; }
                }

                public static int Run()
                {
                    var spawned = Green.Spawn(() => [|new Instance().Nap(1)|]);
                    var byGroup = Green.Spawn(new Instance().Nap, 1);
                    int echoed = [|Generic<int>.Echo(1)|];
                    // A static method of a non-generic nested type is called through a forwarder: no diagnostic.
                    int routed = Static.Nap(1) + Green.Spawn(() => Static.Nap(1)).Get();
                    return spawned.Get() + byGroup.Get() + echoed + routed;
                }

                [Greenlet]
                public static int FromAGreenlet() => new Instance().Nap(1);
            }
            """, "GRN0023");

        var message = build.Green.First().GetMessage();
        Assert.Contains("'Outer.Instance.Nap'", message);
        Assert.Contains("'Outer.Instance' is private", message);
        Assert.Contains("make 'Outer.Instance' internal", message);
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
