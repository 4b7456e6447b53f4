using GreenRuntime.CodeFixes.Tests.TestHelpers;
using Verify = GreenRuntime.CodeFixes.Tests.TestHelpers.CodeFix<GreenRuntime.CodeFixes.GreenletHelperCodeFix>;

namespace GreenRuntime.CodeFixes.Tests;

/// <summary>
/// GRN0028, GRN0029, GRN0030: the fix marks the helper [Greenlet] (and makes its types partial); for GRN0028 the call can
/// instead be wrapped in Green.Offload.
/// </summary>
public class GreenletHelperCodeFixTests
{
    [Fact]
    public async Task GRN0028_fix_marks_the_helper_Greenlet_and_makes_its_class_partial()
    {
        var test = new GreenCodeFixTest<GreenletHelperCodeFix>
        {
            TestCode = """
                using System.Threading;
                using GreenRuntime;

                public static class Helpers
                {
                    /// <summary>Naps.</summary>
                    public static void Pause(int ms) => Thread.Sleep(ms);
                }

                public static partial class Workers
                {
                    [Greenlet]
                    public static void First() => {|GRN0028:Helpers.Pause(150)|};

                    [Greenlet]
                    public static void Second()
                    {
                        Thread.Sleep(1);
                        {|GRN0028:Helpers.Pause(150)|};
                    }
                }
                """,
            FixedCode = """
                using System.Threading;
                using GreenRuntime;

                public static partial class Helpers
                {
                    /// <summary>Naps.</summary>
                    [Greenlet]
                    public static void Pause(int ms) => Thread.Sleep(ms);
                }

                public static partial class Workers
                {
                    [Greenlet]
                    public static void First() => Helpers.Pause(150);

                    [Greenlet]
                    public static void Second()
                    {
                        Thread.Sleep(1);
                        Helpers.Pause(150);
                    }
                }
                """,
            // One fix silences both calls: the helper is marked once.
            NumberOfIncrementalIterations = 1,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task GRN0028_second_fix_wraps_the_helper_call_in_Green_Offload()
    {
        await CodeFix<OffloadCodeFix>.VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static class Helpers
            {
                public static int Pause(int ms) { Thread.Sleep(ms); return ms; }
            }

            public static partial class Workers
            {
                [Greenlet]
                public static int Run() => {|GRN0028:Helpers.Pause(150)|} + 1;
            }
            """, """
            using System.Threading;
            using GreenRuntime;

            public static class Helpers
            {
                public static int Pause(int ms) { Thread.Sleep(ms); return ms; }
            }

            public static partial class Workers
            {
                [Greenlet]
                public static int Run() => Green.Offload(() => Helpers.Pause(150)) + 1;
            }
            """);
    }

    [Fact]
    public async Task GRN0030_fix_marks_the_spawned_method_Greenlet_keeping_its_attributes()
    {
        await Verify.VerifyAsync("""
            using System.Runtime.CompilerServices;
            using System.Threading;
            using GreenRuntime;

            public static partial class Workers
            {
                [MethodImpl(MethodImplOptions.NoInlining)]
                public static void Pause(int ms) => Thread.Sleep(ms);

                public static void Main()
                {
                    var a = Green.Spawn({|GRN0030:Pause|}, 100);
                    a.Join();
                }
            }
            """, """
            using System.Runtime.CompilerServices;
            using System.Threading;
            using GreenRuntime;

            public static partial class Workers
            {
                [Greenlet]
                [MethodImpl(MethodImplOptions.NoInlining)]
                public static void Pause(int ms) => Thread.Sleep(ms);

                public static void Main()
                {
                    var a = Green.Spawn(Pause, 100);
                    a.Join();
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0029_fix_marks_a_helper_that_would_suspend_Greenlet_and_adds_using_GreenRuntime()
    {
        await Verify.VerifyAsync("""
            namespace Demo
            {
                public sealed class Feed
                {
                    public static void Wait() => GreenRuntime.Green.Sleep(5);
                }

                public static partial class Reader
                {
                    [GreenRuntime.Greenlet]
                    public static void Run() => {|GRN0029:Feed.Wait()|};
                }
            }
            """, """
            using GreenRuntime;

            namespace Demo
            {
                public sealed partial class Feed
                {
                    [Greenlet]
                    public static void Wait() => GreenRuntime.Green.Sleep(5);
                }

                public static partial class Reader
                {
                    [GreenRuntime.Greenlet]
                    public static void Run() => Feed.Wait();
                }
            }
            """);
    }

    [Fact]
    public async Task Marking_Greenlet_is_not_offered_where_the_helper_cannot_be_one_or_would_still_block()
    {
        await Verify.VerifyNoFixAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using GreenRuntime;

            public sealed partial class Mailbox
            {
                private readonly object _gate = new();

                public Mailbox() { Thread.Sleep(1); }

                public int Next => 1 + Count(0);

                // Monitor.Wait blocks in a [Greenlet] method too.
                public int Take() { lock (_gate) { Monitor.Wait(_gate); return 1; } }

                public static void Pause(ref int ms) => Thread.Sleep(ms);

                public static int Count(int n) { Thread.Sleep(n); return n; }

                [Greenlet]
                public static int Fetch(int id) { Green.Sleep(1); return id; }

                public static int Twice(int id) => Fetch(id) * 2;
            }

            public static partial class Workers
            {
                [Greenlet]
                public static int Run(List<int> ids)
                {
                    var box = {|GRN0028:new Mailbox()|};
                    int n = 1;
                    {|GRN0028:Mailbox.Pause(ref n)|};
                    return {|GRN0028:box.Next|} + {|GRN0028:box.Take()|} + {|GRN0029:ids.Select(Mailbox.Twice)|}.Sum();
                }
            }
            """);
    }
}
