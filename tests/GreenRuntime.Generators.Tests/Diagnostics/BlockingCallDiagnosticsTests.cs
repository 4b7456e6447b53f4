using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// Blocking that stays blocking inside a [Greenlet] body: a known blocking call in a lambda that LINQ (or the like) runs
/// on the greenlet's thread (GRN0021), a thread-owned lock held across a suspension point (GRN0031).
/// </summary>
public class BlockingCallDiagnosticsTests
{
    [Fact]
    public async Task GRN0021_is_reported_in_lambdas_run_on_the_greenlet_thread_and_not_in_others()
    {
        await VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run(List<object> gates, int[] ids)
                {
                    gates.ForEach(gate => [|Monitor.Wait(gate)|]);
                    int waited = gates.Count(gate => [|Monitor.Wait(gate, 10)|]);
                    waited += ids.Select(id => gates.Where(g => [|Monitor.Wait(g, id)|]).Count()).Sum();
                    // Not run here: another thread runs them, or nobody yet.
                    Task.Run(() => Monitor.Wait(gates[0]));
                    Action later = () => Monitor.Wait(gates[0]);
                    Func<int, int> keep = id => { Monitor.Wait(gates[id]); return id; };
                    return waited + keep.Method.Name.Length + later.Method.Name.Length;
                }
            }
            """, "GRN0021");
    }

    [Fact]
    public async Task GRN0031_is_reported_on_Monitor_Enter_held_across_a_suspension_point()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                private static readonly object s_gate = new();
                private static readonly Lock s_lock = new();
                public static int Count;

                [Greenlet]
                public static void Held()
                {
                    [|Monitor.Enter(s_gate)|];
                    try
                    {
                        Thread.Sleep(10);
                    }
                    finally
                    {
                        Monitor.Exit(s_gate);
                    }
                }

                [Greenlet]
                public static void HeldWithTaken()
                {
                    bool taken = false;
                    try
                    {
                        [|Monitor.Enter(s_gate, ref taken)|];
                        Green.Sleep(5);
                    }
                    finally
                    {
                        if (taken) Monitor.Exit(s_gate);
                    }
                }

                [Greenlet]
                public static void Scoped()
                {
                    [|s_lock.Enter()|];
                    Count++;
                    Green.Sleep(1);
                    s_lock.Exit();
                }

                [Greenlet]
                public static void ReleasedFirst()
                {
                    Monitor.Enter(s_gate);
                    try { Count++; }
                    finally { Monitor.Exit(s_gate); }
                    Thread.Sleep(10);
                    s_lock.Enter();
                    Count++;
                    s_lock.Exit();
                    Green.Sleep(1);
                }
            }
            """, "GRN0031");
        var first = build.Green.OrderBy(d => d.Location.SourceSpan.Start).First();
        Assert.StartsWith("'Monitor.Enter' takes a lock that belongs to the thread, and it is still held at the suspension point 'Thread.Sleep'", first.GetMessage());
        Assert.Contains("use a GreenLock", first.GetMessage());
        Assert.Equal("Thread.Sleep(10)", first.AdditionalLocations.Single().SourceTree!.GetText().ToString(first.AdditionalLocations.Single().SourceSpan));
    }
}
