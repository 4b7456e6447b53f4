using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Join, Get and Value (DESIGN §5).</summary>
public class JoinGetTests
{
    [Fact]
    public void Join_returns_true_once_the_greenlet_finished() => OnFreshThread(() =>
    {
        var g = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 1); });
        Assert.True(g.Join());
        Assert.True(g.Dead);
        Assert.True(g.Successful);
        Assert.True(g.Join());
    });

    [Fact]
    public void Join_with_timeout_returns_false_without_throwing() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var g = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        Assert.False(g.Join(TimeSpan.FromMilliseconds(20)));
        Assert.True(g.Started);
        Assert.False(g.Dead);
        Assert.False(g.Join(TimeSpan.Zero));
        ev.Set();
        Assert.True(g.Join(Forever));
    });

    [Fact]
    public void Join_never_throws_the_greenlets_exception() => OnFreshThread(() =>
    {
        CaptureErrors();
        var boom = new InvalidOperationException("boom");
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            throw boom;
        });
        Assert.True(g.Join());
        Assert.True(g.Dead);
        Assert.False(g.Successful);
        Assert.Same(boom, g.Exception);
        Assert.True(g.Join(TimeSpan.Zero));
    });

    [Fact]
    public void Get_returns_the_value() => OnFreshThread(() =>
    {
        async GreenTask<int> Double(int x)
        {
            await Green.Sleep(default(GreenSuspend), 1);
            return x * 2;
        }
        var g = Green.Spawn(default(GreenSuspend), Double, 21);
        Assert.Equal(42, g.Get());
        Assert.Equal(42, g.Value);
        Assert.Equal(42, ((Greenlet)g).Get());
        Assert.Null(g.Exception);
    });

    [Fact]
    public void Get_of_a_void_greenlet_returns_null() => OnFreshThread(() =>
    {
        var g = Green.Spawn(() => { });
        Assert.Null(g.Get());
    });

    [Fact]
    public void Value_is_default_until_the_greenlet_finished_successfully() => OnFreshThread(() =>
    {
        CaptureErrors();
        var ev = new GreenEvent();
        var ok = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend));
            return "done";
        });
        var failed = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend));
            if (ev.IsSet)
                throw new InvalidOperationException("fails");
            return "never";
        });
        Assert.Null(ok.Value);
        Green.Sleep(0);
        Assert.True(ok.Started);
        Assert.Null(ok.Value);
        ev.Set();
        Green.JoinAll(ok, failed);
        Assert.Equal("done", ok.Value);
        Assert.Null(failed.Value);
    });

    [Fact]
    public void Get_rethrows_the_exception_with_the_original_stack() => OnFreshThread(() =>
    {
        CaptureErrors();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            ThrowFromOriginalThrower("from twin");
            return 0;
        });
        var thrown = Assert.Throws<InvalidOperationException>(() => g.Get());
        Assert.Same(g.Exception, thrown);
        Assert.Equal("from twin", thrown.Message);
        Assert.Contains(nameof(ThrowFromOriginalThrower), thrown.StackTrace);
    });

    [Fact]
    public void Get_of_a_plain_function_rethrows_with_the_original_stack() => OnFreshThread(() =>
    {
        CaptureErrors();
        var g = Green.Spawn(() =>
        {
            ThrowFromOriginalThrower("from plain");
            return 0;
        });
        var thrown = Assert.Throws<InvalidOperationException>(() => g.Get());
        Assert.Same(g.Exception, thrown);
        Assert.Contains(nameof(ThrowFromOriginalThrower), thrown.StackTrace);
        // A second Get rethrows the same exception, still with the thrower on the stack.
        var again = Assert.Throws<InvalidOperationException>(() => ((Greenlet)g).Get());
        Assert.Same(thrown, again);
        Assert.Contains(nameof(ThrowFromOriginalThrower), again.StackTrace);
    });

    [Fact]
    public void Get_without_blocking_on_an_unfinished_greenlet_throws_GreenTimeoutException() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend));
            return 1;
        });
        var notStarted = Assert.Throws<GreenTimeoutException>(() => g.Get(block: false));
        Assert.Null(notStarted.Scope);
        Assert.False(g.Started);

        Green.Sleep(0);
        Assert.True(g.Started);
        Assert.Throws<GreenTimeoutException>(() => g.Get(block: false));
        Assert.Throws<GreenTimeoutException>(() => ((Greenlet)g).Get(block: false));
        Assert.False(g.Dead);

        ev.Set();
        g.Join();
        Assert.Equal(1, g.Get(block: false));
    });

    [Fact]
    public void Get_with_timeout_on_an_unfinished_greenlet_throws_GreenTimeoutException() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend));
            return 7;
        });
        var timedOut = Assert.Throws<GreenTimeoutException>(() => g.Get(timeout: TimeSpan.FromMilliseconds(20)));
        Assert.Null(timedOut.Scope);
        Assert.False(g.Dead);
        ev.Set();
        Assert.Equal(7, g.Get(timeout: Forever));
    });

    [Fact]
    public void Join_and_Get_inside_a_greenlet_suspend_it() => OnFreshThread(() =>
    {
        CaptureErrors();
        var log = new List<string>();
        var ev = new GreenEvent();
        var worker = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend));
            return 5;
        });
        var failing = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend));
            ThrowFromOriginalThrower("inner failure");
        });
        var joiner = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add($"timed join: {await worker.Join(default(GreenSuspend), TimeSpan.FromMilliseconds(10))}");
            try
            {
                await worker.Get(default(GreenSuspend), block: false);
            }
            catch (GreenTimeoutException)
            {
                log.Add("get(block: false) timed out");
            }
            ev.Set();
            log.Add($"join: {await worker.Join(default(GreenSuspend))}");
            log.Add($"get: {await worker.Get(default(GreenSuspend))}");
            log.Add($"boxed get: {await ((Greenlet)worker).Get(default(GreenSuspend))}");
            log.Add($"join failing: {await failing.Join(default(GreenSuspend))}");
            try
            {
                await failing.Get(default(GreenSuspend));
            }
            catch (InvalidOperationException e) when (e.StackTrace!.Contains(nameof(ThrowFromOriginalThrower)))
            {
                log.Add($"get failing: {e.Message}");
            }
        });
        Assert.True(joiner.Join());
        Assert.Null(joiner.Exception);
        Assert.Equal(
            ["timed join: False", "get(block: false) timed out", "join: True", "get: 5", "boxed get: 5", "join failing: True", "get failing: inner failure"],
            log);
    });

    [Fact]
    public void Joiners_wake_in_the_order_they_joined() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        var target = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        async GreenTask Joiner(string name)
        {
            await target.Join(default(GreenSuspend));
            log.Add(name);
        }
        var joiners = new[] { "j1", "j2", "j3" }.Select(n => Green.Spawn(default(GreenSuspend), Joiner, n)).ToArray();
        Green.Sleep(0);
        ev.Set();
        Green.JoinAll(joiners);
        Assert.Equal(["j1", "j2", "j3"], log);
    });

    [Fact]
    public void A_greenlet_joining_itself_throws_InvalidOperationException() => OnFreshThread(() =>
    {
        CaptureErrors();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            await Green.Current!.Join(default(GreenSuspend));
        });
        g.Join();
        Assert.IsType<InvalidOperationException>(g.Exception);
        Assert.Contains("itself", g.Exception!.Message);
    });
}
