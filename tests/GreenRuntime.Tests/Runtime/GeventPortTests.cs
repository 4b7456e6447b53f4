using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>
/// Cases of gevent's own test suite whose ordering differed here: each test names the gevent test it follows.
/// </summary>
public class GeventPortTests
{
    private sealed class ExpectedError(string message) : Exception(message);

    // test__greenlet.py, test_multiple_listeners_error_unlink_Greenlet_link: "notification must not happen after
    // unlink even though notification process has been already started".
    [Fact]
    public void A_link_unlinked_by_an_earlier_link_of_the_same_notification_does_not_run() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var results = new List<int>();
        var p = Green.Spawn(() => 5);
        Action<Greenlet>? listener1 = null;
        Action<Greenlet>? listener2 = null;
        listener1 = g =>
        {
            g.Unlink(listener2!);
            results.Add(5);
            throw new ExpectedError("listener1");
        };
        listener2 = g =>
        {
            g.Unlink(listener1!);
            results.Add(5);
            throw new ExpectedError("listener2");
        };
        p.Link(listener1);
        p.Link(listener2);
        p.Link(_ => throw new ExpectedError("listener3"));
        // Until the notification is over (two reports), then a little longer for a listener that should not run.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (errors.Count < 2 && watch.Elapsed < TimeSpan.FromSeconds(30))
            Green.Sleep(10);
        Green.Sleep(50);
        Assert.Equal([5], results);
        Assert.Equal(["listener1", "listener3"], errors.Select(e => e.Exception.Message));
        p.Kill();
    });

    [Fact]
    public void Unlink_of_a_link_on_a_dead_greenlet_before_it_ran_cancels_it() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(() => 1);
        g.Join();
        Action<Greenlet> late = _ => log.Add("late");
        g.Link(late);
        g.Link(_ => log.Add("kept"));
        g.Unlink(late);
        Green.Sleep(0);
        Assert.Equal(["kept"], log);
    });

    // test__issue607.py, test_kill_with_exception_after_started: join(0) lets the hub turn once, so the greenlet has
    // started (and is parked in its sleep) when it is killed.
    [Fact]
    public void Join_with_a_zero_timeout_lets_a_just_spawned_greenlet_start() => OnFreshThread(() =>
    {
        CaptureErrors();
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                log.Add("started");
                await Green.Sleep(default(GreenSuspend), 999_000);
            }
            finally
            {
                log.Add("finally");
            }
        });
        Assert.False(g.Join(TimeSpan.Zero));
        Assert.True(g.Started);
        Assert.Equal(["started"], log);
        var expected = new ExpectedError("killed");
        g.Kill(expected);
        Assert.False(g.Successful);
        Assert.Same(expected, g.Exception);
        Assert.Same(expected, Assert.Throws<ExpectedError>(() => g.Get()));
        Assert.Equal(["started", "finally"], log);
    });

    [Fact]
    public void Join_with_a_zero_timeout_returns_true_for_a_greenlet_that_finishes_in_that_turn() => OnFreshThread(() =>
    {
        var quick = Green.Spawn(() => 1);
        Assert.True(quick.Join(TimeSpan.Zero));
        var log = new List<string>();
        var outer = Green.Spawn(default(GreenSuspend), async () =>
        {
            var inner = Green.Spawn(() => log.Add("inner ran"));
            log.Add($"join(0) {await inner.Join(default(GreenSuspend), TimeSpan.Zero)}");
        });
        outer.Join();
        Assert.Equal(["inner ran", "join(0) True"], log);
    });

    // test__event.py, test_wait_while_notifying: a wait on an event that is set but still waking the waiters of
    // that Set runs at the end, after them.
    [Fact]
    public void A_new_Wait_on_an_event_being_notified_runs_after_the_woken_waiters() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var results = new List<int>();
        async GreenTask WaitThenAppend(int arg)
        {
            await ev.Wait(default(GreenSuspend));
            results.Add(arg);
        }
        Green.Spawn(default(GreenSuspend), WaitThenAppend, 1);
        Green.Spawn(default(GreenSuspend), WaitThenAppend, 2);
        Green.Sleep(0);
        ev.Set();
        Assert.True(ev.Wait());
        results.Add(3);
        Assert.Equal([1, 2, 3], results);
        // Once notified, a wait on the set event returns at once again.
        var log = new List<string>();
        var other = Green.Spawn(() => log.Add("other"));
        Assert.True(ev.Wait());
        log.Add("wait returned");
        other.Join();
        Assert.Equal(["wait returned", "other"], log);
    });

    [Fact]
    public void A_greenlet_that_sets_an_event_and_waits_on_it_runs_after_the_woken_waiters() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var results = new List<string>();
        async GreenTask WaitThenAppend(string arg)
        {
            bool set = await ev.Wait(default(GreenSuspend));
            results.Add($"{arg} {set}");
        }
        var a = Green.Spawn(default(GreenSuspend), WaitThenAppend, "a");
        var b = Green.Spawn(default(GreenSuspend), WaitThenAppend, "b");
        var setter = Green.Spawn(default(GreenSuspend), async () =>
        {
            ev.Set();
            await WaitThenAppend("setter");
        });
        Green.JoinAll(a, b, setter);
        Assert.Equal(["a True", "b True", "setter True"], results);
    });

    // test__core_callback.py: loop.run_callback(f); gevent.sleep(0) has run f.
    [Fact]
    public void Hub_Post_from_the_hub_thread_runs_before_Sleep_0_returns() => OnFreshThread(() =>
    {
        var called = new List<int>();
        Green.Hub.Post(() => called.Add(1));
        Green.Sleep(0);
        Assert.Equal([1], called);
    });

    [Fact]
    public void Hub_Post_from_a_greenlet_runs_before_its_Sleep_0_returns() => OnFreshThread(() =>
    {
        var called = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            Green.Hub.Post(() => called.Add("posted"));
            await Green.Sleep(default(GreenSuspend), 0);
            called.Add("after sleep(0)");
        });
        g.Join();
        Assert.Equal(["posted", "after sleep(0)"], called);
    });
}
