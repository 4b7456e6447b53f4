using Verify = GreenRuntime.CodeFixes.Tests.TestHelpers.CodeFix<GreenRuntime.CodeFixes.OffloadCodeFix>;

namespace GreenRuntime.CodeFixes.Tests;

/// <summary>GRN0021: the fix runs the blocking call on the offload thread pool with <c>Green.Offload(() =&gt; call)</c>.</summary>
public class OffloadCodeFixTests
{
    [Fact]
    public async Task GRN0021_fix_wraps_a_call_statement_and_keeps_its_comment()
    {
        await Verify.VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Wait(WaitHandle done, WaitHandle other)
                {
                    Green.Sleep(1);
                    {|GRN0021:WaitHandle.SignalAndWait(done, other)|}; // until it ends
                }
            }
            """, """
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Wait(WaitHandle done, WaitHandle other)
                {
                    Green.Sleep(1);
                    Green.Offload(() => WaitHandle.SignalAndWait(done, other)); // until it ends
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0021_fix_wraps_calls_whose_value_is_used()
    {
        await Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Wait(ManualResetEvent done, ManualResetEvent ready, Task<int> work)
                {
                    bool set = {|GRN0021:WaitHandle.SignalAndWait(done, ready, 100, false)|};
                    var n = {|GRN0021:Task.WaitAny(work)|};
                    return set ? n : -1;
                }
            }
            """, """
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Wait(ManualResetEvent done, ManualResetEvent ready, Task<int> work)
                {
                    bool set = Green.Offload(() => WaitHandle.SignalAndWait(done, ready, 100, false));
                    var n = Green.Offload(() => Task.WaitAny(work));
                    return set ? n : -1;
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0021_fix_adds_using_GreenRuntime_and_works_in_an_expression_bodied_method()
    {
        await Verify.VerifyAsync("""
            using System.Threading.Tasks;

            public static partial class Worker
            {
                [GreenRuntime.Greenlet]
                public static void Wait(Task work) => {|GRN0021:Task.WaitAll(work)|};
            }
            """, """
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                [GreenRuntime.Greenlet]
                public static void Wait(Task work) => Green.Offload(() => Task.WaitAll(work));
            }
            """);
    }

    [Fact]
    public async Task GRN0021_fix_all_wraps_every_blocking_call_of_the_document()
    {
        await Verify.VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Wait(WaitHandle a, WaitHandle b, WaitHandle done)
                {
                    {|GRN0021:WaitHandle.SignalAndWait(a, b)|};
                    {|GRN0021:WaitHandle.SignalAndWait(b, a)|};
                    if ({|GRN0021:WaitHandle.SignalAndWait(a, done, 10, false)|})
                        Green.Sleep(1);
                }
            }
            """, """
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Wait(WaitHandle a, WaitHandle b, WaitHandle done)
                {
                    Green.Offload(() => WaitHandle.SignalAndWait(a, b));
                    Green.Offload(() => WaitHandle.SignalAndWait(b, a));
                    if (Green.Offload(() => WaitHandle.SignalAndWait(a, done, 10, false)))
                        Green.Sleep(1);
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0021_fix_is_not_offered_for_thread_affine_waits_inside_a_lock_or_on_this_of_a_struct()
    {
        await Verify.VerifyNoFixAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                private static readonly object s_gate = new();

                [Greenlet]
                public static void Wait(Mutex mutex, WaitHandle done, WaitHandle other)
                {
                    lock (s_gate)
                    {
                        {|GRN0021:Monitor.Wait(s_gate)|};   // must run on the thread that holds the lock
                        {|GRN0021:WaitHandle.SignalAndWait(done, other)|};   // Green.Offload would be a suspension point in a lock (GRN0009)
                    }
                    {|GRN0021:mutex.WaitOne()|};             // a mutex belongs to the thread that took it
                    mutex.ReleaseMutex();
                }
            }

            public readonly partial struct Waiter
            {
                private readonly WaitHandle _done;
                private readonly WaitHandle _ready;

                public Waiter(WaitHandle done, WaitHandle ready) => (_done, _ready) = (done, ready);

                [Greenlet]
                public bool Wait() => {|GRN0021:WaitHandle.SignalAndWait(_done, _ready)|};   // a lambda cannot capture 'this' of a struct
            }
            """);
    }
}
