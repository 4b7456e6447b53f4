using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Green.JoinAll and Green.KillAll (DESIGN §5).</summary>
public class JoinAllTests
{
    private static async GreenTask<int> Yields(int times, List<string> log, string name)
    {
        for (int i = 0; i < times; i++)
            await Green.Sleep(default(GreenSuspend), 0);
        log.Add(name);
        return times;
    }

    [Fact]
    public void JoinAll_waits_for_and_returns_all_greenlets() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var a = Green.Spawn(default(GreenSuspend), Yields, 3, log, "a");
        var b = Green.Spawn(default(GreenSuspend), Yields, 1, log, "b");
        var c = Green.Spawn(default(GreenSuspend), Yields, 2, log, "c");
        var finished = Green.JoinAll(a, b, c);
        Assert.Equal(new Greenlet[] { a, b, c }, finished);
        Assert.All(finished, g => Assert.True(g.Dead));
        Assert.Equal(["b", "c", "a"], log);
    });

    [Fact]
    public void JoinAll_returns_failed_greenlets_without_throwing() => OnFreshThread(() =>
    {
        CaptureErrors();
        var a = Green.Spawn(() => throw new InvalidOperationException("a failed"));
        var b = Green.Spawn(() => 2);
        var finished = Green.JoinAll(new[] { a, b });
        Assert.Equal(new Greenlet[] { a, b }, finished);
        Assert.False(a.Successful);
    });

    [Fact]
    public void JoinAll_of_finished_greenlets_returns_them() => OnFreshThread(() =>
    {
        var a = Green.Spawn(() => 1);
        a.Join();
        Assert.Equal(new Greenlet[] { a }, Green.JoinAll(a));
        Assert.Empty(Green.JoinAll());
    });

    [Fact]
    public void JoinAll_with_timeout_returns_only_the_finished_ones() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        var stuck1 = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        var done1 = Green.Spawn(default(GreenSuspend), Yields, 2, log, "done1");
        var stuck2 = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        var done2 = Green.Spawn(() => 4);
        var finished = Green.JoinAll([stuck1, done1, stuck2, done2], timeout: TimeSpan.FromMilliseconds(100));
        Assert.Equal(new Greenlet[] { done1, done2 }, finished);
        Assert.False(stuck1.Dead);
        Assert.False(stuck2.Dead);

        var withCount = Green.JoinAll([stuck1, done1, stuck2, done2], timeout: TimeSpan.FromMilliseconds(30), count: 3);
        Assert.Equal(new Greenlet[] { done1, done2 }, withCount);
    });

    [Fact]
    public void JoinAll_with_count_returns_after_n_in_completion_order() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        var a = Green.Spawn(default(GreenSuspend), Yields, 3, log, "a");
        var b = Green.Spawn(default(GreenSuspend), Yields, 1, log, "b");
        var stuck = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        var c = Green.Spawn(default(GreenSuspend), Yields, 5, log, "c");
        var first2 = Green.JoinAll([a, b, stuck, c], count: 2);
        Assert.Equal(new Greenlet[] { b, a }, first2);
        Assert.False(c.Dead);
        Assert.False(stuck.Dead);

        // Already finished greenlets count at once.
        var first3 = Green.JoinAll([stuck, c, a, b], count: 3);
        Assert.Equal(new Greenlet[] { a, b, c }, first3);
        Assert.Empty(Green.JoinAll([stuck], count: 0));
    });

    [Fact]
    public void JoinAll_with_raiseError_throws_the_first_failure() => OnFreshThread(() =>
    {
        CaptureErrors();
        var log = new List<string>();
        var ev = new GreenEvent();
        async GreenTask FailAfter(int yields, string message)
        {
            for (int i = 0; i < yields; i++)
                await Green.Sleep(default(GreenSuspend), 0);
            log.Add(message);
            ThrowFromOriginalThrower(message);
        }
        var stuck = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        var late = Green.Spawn(default(GreenSuspend), FailAfter, 3, "late failure");
        var early = Green.Spawn(default(GreenSuspend), FailAfter, 1, "early failure");
        var thrown = Assert.Throws<InvalidOperationException>(() => Green.JoinAll([stuck, late, early], raiseError: true));
        Assert.Same(early.Exception, thrown);
        Assert.Contains(nameof(ThrowFromOriginalThrower), thrown.StackTrace);
        Assert.Equal(["early failure"], log);
        Assert.False(late.Dead);
        Assert.False(stuck.Dead);
    });

    [Fact]
    public void JoinAll_with_raiseError_throws_for_an_already_failed_greenlet() => OnFreshThread(() =>
    {
        CaptureErrors();
        var failed = Green.Spawn(() => throw new ApplicationException("already failed"));
        failed.Join();
        var ok = Green.Spawn(() => 1);
        var thrown = Assert.Throws<ApplicationException>(() => Green.JoinAll([ok, failed], raiseError: true));
        Assert.Same(failed.Exception, thrown);
    });

    [Fact]
    public void JoinAll_with_raiseError_returns_all_when_none_fail() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var a = Green.Spawn(default(GreenSuspend), Yields, 2, log, "a");
        var b = Green.Spawn(default(GreenSuspend), Yields, 1, log, "b");
        var finished = Green.JoinAll([a, b], raiseError: true);
        Assert.Equal(2, finished.Count);
        Assert.Contains(a, finished);
        Assert.Contains(b, finished);
    });

    [Fact]
    public void JoinAll_inside_a_greenlet_suspends_it_until_all_finished() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var a = Green.Spawn(default(GreenSuspend), Yields, 2, log, "a");
        var b = Green.Spawn(default(GreenSuspend), Yields, 1, log, "b");
        var joiner = Green.Spawn(default(GreenSuspend), async () =>
        {
            var all = await Green.JoinAll(default(GreenSuspend), a, b);
            log.Add($"joined {all.Count}");
            var counted = await Green.JoinAll(default(GreenSuspend), [a, b], count: 1);
            log.Add($"counted {counted.Count}");
        });
        joiner.Join();
        Assert.Null(joiner.Exception);
        Assert.Equal(["b", "a", "joined 2", "counted 1"], log);
    });

    [Fact]
    public void KillAll_kills_every_greenlet_and_waits_for_them() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        var sleeper = Green.Spawn(default(GreenSuspend), async () =>
        {
            try { await Green.Sleep(default(GreenSuspend), Forever); }
            finally { log.Add("sleeper finally"); }
        });
        var waiter = Green.Spawn(default(GreenSuspend), async () =>
        {
            try { await ev.Wait(default(GreenSuspend)); }
            finally { log.Add("waiter finally"); }
        });
        Green.Sleep(0);
        var unstarted = Green.Spawn(() => log.Add("unstarted ran"));
        var elapsed = Time(() => Green.KillAll([sleeper, waiter, unstarted]));
        Assert.All(new[] { sleeper, waiter, unstarted }, g => Assert.True(g.Dead && g.Successful));
        Assert.Equal(["sleeper finally", "waiter finally"], log);
        Green.Hub.Run();
        Assert.DoesNotContain("unstarted ran", log);
        Assert.True(elapsed < Prompt);
    });

    [Fact]
    public void KillAll_without_blocking_returns_before_they_die() => OnFreshThread(() =>
    {
        var a = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), Forever); });
        var b = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), Forever); });
        Green.Sleep(0);
        Green.KillAll([a, b], block: false);
        Assert.False(a.Dead);
        Assert.False(b.Dead);
        Assert.Equal(2, Green.JoinAll(a, b).Count);
    });

    [Fact]
    public void KillAll_inside_a_greenlet() => OnFreshThread(() =>
    {
        var a = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), Forever); });
        var b = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), Forever); });
        var killer = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.KillAll(default(GreenSuspend), [a, b]);
            return a.Dead && b.Dead;
        });
        Assert.True(killer.Get());
    });
}
