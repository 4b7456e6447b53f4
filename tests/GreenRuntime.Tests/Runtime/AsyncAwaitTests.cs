using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>[Greenlet] methods awaited from async code in <see cref="AsyncAwaitTests"/>.</summary>
internal static partial class Nappers
{
    [Greenlet]
    public static int Nap(List<string> log, string name, int ms)
    {
        Thread.Sleep(ms);
        log.Add($"{name} done");
        return ms;
    }

    [Greenlet]
    public static int Fail(string message)
    {
        Thread.Sleep(1);
        throw new InvalidOperationException(message);
    }
}

/// <summary>
/// Awaiting a greenlet from async code always completes (DESIGN §3), also when the awaiting code holds the hub's own
/// thread and nothing else runs the hub: <c>async Task Main</c>, modelled here by an async method whose task the hub's
/// thread then blocks on (what the compiler's entry point for <c>async Task Main</c> does), with no SynchronizationContext.
/// </summary>
public class AsyncAwaitTests
{
    /// <summary>Runs <paramref name="main"/> as the compiler runs <c>async Task Main</c>: call it, then block on its task.</summary>
    private static T RunAsMain<T>(Func<Task<T>> main)
    {
        Assert.Null(SynchronizationContext.Current);
        return main().GetAwaiter().GetResult();
    }

    [Fact]
    public void Await_of_a_greenlet_in_async_Main_runs_the_hub_and_continues_on_its_thread() => OnFreshThread(() =>
    {
        int hubThread = Environment.CurrentManagedThreadId;
        var log = new List<string>();
        async Task<(int Value, int ContinuedOn)> Main()
        {
            var g = Green.Spawn(Nappers.Nap, log, "a", 300);
            int r = await g;
            return (r, Environment.CurrentManagedThreadId);
        }
        var (value, continuedOn) = RunAsMain(Main);
        Assert.Equal(300, value);
        Assert.Equal(hubThread, continuedOn);
        Assert.Equal(["a done"], log);
    });

    [Fact]
    public void Awaiting_several_greenlets_in_turn_completes_and_they_run_concurrently() => OnFreshThread(() =>
    {
        var log = new List<string>();
        async Task<int> Main()
        {
            var a = Green.Spawn(Nappers.Nap, log, "a", 200);
            var b = Green.Spawn(Nappers.Nap, log, "b", 20);
            Greenlet plain = Green.Spawn(Nappers.Nap, log, "plain", 1);
            int ra = await a;
            log.Add("after a");
            int rb = await b; // finished while a was awaited
            await plain;
            // A greenlet spawned by the continuation: the rest of Main runs on the hub's thread, with its hub.
            var c = Green.Spawn(Nappers.Nap, log, "c", 10);
            int rc = await c;
            log.Add("after c");
            // Blocking calls still work from here: this is ordinary code, not a callback inside the hub loop.
            Green.Sleep(1);
            return ra + rb + rc;
        }
        Assert.Equal(230, RunAsMain(Main));
        Assert.Equal(["plain done", "b done", "a done", "after a", "c done", "after c"], log);
    });

    [Fact]
    public void Thousands_of_awaits_in_turn_do_not_nest_on_the_stack() => OnFreshThread(() =>
    {
        async Task<int> Main()
        {
            int sum = 0;
            for (int i = 0; i < 20_000; i++)
                sum += await Green.Spawn(() => 1);
            return sum;
        }
        Assert.Equal(20_000, RunAsMain(Main));
    });

    [Fact]
    public void Await_of_a_failed_greenlet_in_async_Main_rethrows_its_exception() => OnFreshThread(() =>
    {
        CaptureErrors();
        async Task<int> Main() => await Green.Spawn(Nappers.Fail, "failed on purpose");
        var e = Assert.Throws<InvalidOperationException>(() => RunAsMain(Main));
        Assert.Equal("failed on purpose", e.Message);
    });

    [Fact]
    public void Await_of_a_greenlet_that_can_never_finish_throws_LoopExitException_instead_of_hanging() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var stuck = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        stuck.Name = "stuck";
        async Task<int> Main()
        {
            await stuck;
            return 1;
        }
        var e = Assert.Throws<LoopExitException>(() => RunAsMain(Main));
        Assert.Contains("'stuck'", e.Message);
        // The hub is still usable, and the greenlet can still finish.
        ev.Set();
        Assert.True(stuck.Join());
    });

    [Fact]
    public void An_async_method_on_the_thread_pool_awaits_a_greenlet_of_a_hub_run_by_an_await() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var poolDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int hubThread = Environment.CurrentManagedThreadId;
        async Task<(int FromPool, int PoolThread)> Main()
        {
            var napper = Green.Spawn(Nappers.Nap, log, "napper", 50);
            // The pool awaits this hub's greenlet; the hub's own thread runs the hub by awaiting another one.
            var onPool = Task.Run(async () =>
            {
                int value = await napper;
                int thread = Environment.CurrentManagedThreadId;
                poolDone.SetResult();
                return (value, thread);
            });
            var keeper = Green.Spawn(default(GreenSuspend), async () => { await poolDone.Task; });
            await keeper;
            return await onPool;
        }
        var (fromPool, poolThread) = RunAsMain(Main);
        Assert.Equal(50, fromPool);
        Assert.NotEqual(hubThread, poolThread);
    });
}
