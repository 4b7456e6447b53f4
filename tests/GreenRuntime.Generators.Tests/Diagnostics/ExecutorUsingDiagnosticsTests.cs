using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// GRN0036: an executor in a <c>using</c> of a <c>[Greenlet]</c> body whose <c>Dispose</c> would wait for its work on the
/// hub's thread — reported on the variable (or the expression), not when the body calls <c>Shutdown()</c> on it, not in
/// ordinary code, and not in a lambda or local function of the body.
/// </summary>
public class ExecutorUsingDiagnosticsTests
{
    [Fact]
    public async Task GRN0036_is_reported_on_an_executor_a_greenlet_body_leaves_to_its_using()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;
            using GreenRuntime.Futures;

            public static partial class Jobs
            {
                public static int Slow(int ms) { Thread.Sleep(ms); return ms; }

                [Greenlet]
                public static void Declaration()
                {
                    using var [|pool|] = new ThreadPoolExecutor(2);
                    pool.Submit(Slow, 300);
                }

                [Greenlet]
                public static void Statement()
                {
                    using (var [|processes|] = new ProcessPoolExecutor(1))
                        processes.Submit(Slow, 300);
                    using (IExecutor [|any|] = new GreenletExecutor(2), [|other|] = new ThreadPoolExecutor(1))
                        any.Submit(Slow, 1);
                    using ([|new ThreadPoolExecutor(1)|])
                    {
                    }
                }

                [Greenlet]
                public static int ShutDownFirst()
                {
                    using var pool = new ThreadPoolExecutor(2);
                    var future = pool.Submit(Slow, 300);
                    pool.Shutdown();
                    return future.Result();
                }

                [Greenlet]
                public static void InALambda()
                {
                    Action run = () =>
                    {
                        using var pool = new ThreadPoolExecutor(1);
                    };
                    void Local()
                    {
                        using var pool = new ThreadPoolExecutor(1);
                    }
                    run();
                    Local();
                }

                public static void Ordinary()
                {
                    using var pool = new ThreadPoolExecutor(2);
                    pool.Submit(Slow, 300);
                }

                [Greenlet]
                public static void OtherDisposables()
                {
                    using var cancel = new CancellationTokenSource();
                    using var gate = new SemaphoreSlim(1);
                }
            }
            """, "GRN0036");
        var messages = build.Green.Select(d => d.GetMessage()).ToList();
        Assert.Equal(5, messages.Count);
        Assert.Contains("'pool' is disposed at the end of its using, and Dispose is Shutdown(wait: true) on the hub's thread", messages[0]);
        Assert.Contains("call 'pool.Shutdown()' before the scope ends, which parks only this greenlet", messages[0]);
        Assert.Contains("'new ThreadPoolExecutor(1)' is disposed", messages[4]);
    }
}
