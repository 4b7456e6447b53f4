using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Pools;

/// <summary>GreenGroup: membership, Join, Kill (gevent's Group, test__group*.py, test__pool.py's join tests).</summary>
public class GreenGroupTests
{
    [Fact]
    public void A_greenlet_leaves_the_group_when_it_finishes() => OnFreshThread(() =>
    {
        var group = new GreenGroup();
        var go = new GreenEvent();
        var a = group.Spawn(default(GreenSuspend), async () => { await go.Wait(default(GreenSuspend)); }).Result();
        var b = Green.Spawn(default(GreenSuspend), async () => { await go.Wait(default(GreenSuspend)); await Green.Sleep(default(GreenSuspend), 0); });
        group.Add(b);
        Assert.Equal(2, group.Count);
        Assert.True(group.Contains(a));
        Assert.True(group.Contains(b));
        Assert.Equal([a, b], group.ToArray());
        go.Set();
        a.Join();
        Assert.False(group.Contains(a));
        Assert.Equal([b], group.ToArray());
        group.Discard(b);
        Assert.Empty(group);
        Assert.False(b.Dead);
        b.Join();

        var finished = Green.Spawn(() => 1);
        finished.Join();
        group.Add(finished);
        Assert.Empty(group);
    });

    [Fact]
    public void Join_of_an_empty_group_returns_true_at_once() => OnFreshThread(() =>
    {
        var group = new GreenGroup();
        Assert.True(group.Join());
        Assert.True(new GreenPool().Join(TimeSpan.Zero));
    });

    [Fact]
    public void Join_waits_for_every_member_and_returns_false_on_timeout() => OnFreshThread(() =>
    {
        // gevent's testSpawnAndWait and TestJoinSleep.
        var pool = new GreenPool(1);
        var go = new GreenEvent();
        pool.Spawn(default(GreenSuspend), async () => { await go.Wait(default(GreenSuspend)); });
        Assert.False(pool.Join(TimeSpan.FromMilliseconds(10)));
        Assert.Single(pool);
        Green.Spawn(() => go.Set());
        Assert.True(pool.Join());
        Assert.Empty(pool);
    });

    [Fact]
    public void Join_waits_for_members_added_meanwhile() => OnFreshThread(() =>
    {
        var group = new GreenGroup();
        var log = new List<string>();
        group.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            await group.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 5); log.Add("late member"); });
            log.Add("first");
        });
        Assert.True(group.Join());
        Assert.Equal(["first", "late member"], log);
    });

    [Fact]
    public void Join_with_raiseError_rethrows_a_members_failure_after_the_wait() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var group = new GreenGroup();
        var log = new List<string>();
        group.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 0); ThrowFromOriginalThrower("member failed"); });
        group.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 3); log.Add("slow member done"); });
        var thrown = Assert.Throws<InvalidOperationException>(() => group.Join(raiseError: true));
        Assert.Equal("member failed", thrown.Message);
        Assert.Contains(nameof(ThrowFromOriginalThrower), thrown.StackTrace);
        Assert.Equal(["slow member done"], log);
        Assert.Single(errors);
        Assert.True(group.Join(raiseError: true));
    });

    [Fact]
    public void Join_inside_a_greenlet_suspends_and_a_member_does_not_wait_for_itself() => OnFreshThread(() =>
    {
        var group = new GreenGroup();
        var log = new List<string>();
        group.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 0); log.Add("other"); });
        var member = group.Spawn(default(GreenSuspend), async () => { bool empty = await group.Join(default(GreenSuspend)); log.Add($"member joined {empty}"); }).Result();
        var outsider = Green.Spawn(default(GreenSuspend), async () => { bool empty = await group.Join(default(GreenSuspend), TimeSpan.FromSeconds(10)); log.Add($"outsider joined {empty}"); });
        Green.JoinAll(member, outsider);
        Assert.Equal(["other", "member joined True", "outsider joined True"], log);
    });

    [Fact]
    public void Kill_runs_every_members_finally_blocks_and_empties_the_group() => OnFreshThread(() =>
    {
        var pool = new GreenPool(10);
        var log = new List<string>();
        async GreenTask Member(string name)
        {
            try
            {
                await Green.Sleep(default(GreenSuspend), 60_000);
            }
            finally
            {
                log.Add($"{name} finally");
                await Green.Sleep(default(GreenSuspend), 0);
                log.Add($"{name} cleaned up");
            }
        }
        foreach (var name in new[] { "a", "b", "c" })
            pool.Spawn(default(GreenSuspend), () => Member(name)).Result();
        var notStarted = pool.Spawn(default(GreenSuspend), () => Member("never")).Result();
        Green.Sleep(0);
        var unstarted = pool.Spawn(default(GreenSuspend), () => Member("unstarted")).Result();
        Assert.Equal(5, pool.Count);
        var elapsed = Time(() => pool.Kill());
        Assert.True(elapsed < Prompt);
        Assert.Empty(pool);
        Assert.Equal(["a finally", "b finally", "c finally", "never finally", "a cleaned up", "b cleaned up", "c cleaned up", "never cleaned up"], log);
        Assert.True(unstarted.Dead);
        Assert.True(unstarted.Successful);
        Assert.Equal(10, pool.FreeCount);
    });

    [Fact]
    public void Kill_without_block_returns_at_once_and_the_members_die_later() => OnFreshThread(() =>
    {
        var group = new GreenGroup();
        var log = new List<string>();
        group.Spawn(default(GreenSuspend), async () => { try { await Green.Sleep(default(GreenSuspend), 60_000); } finally { log.Add("finally"); } });
        Green.Sleep(0);
        group.Kill(block: false);
        Assert.Empty(log);
        Assert.Single(group);
        Assert.True(group.Join());
        Assert.Equal(["finally"], log);
    });

    [Fact]
    public void Kill_inside_a_greenlet_suspends_kills_with_the_given_exception_and_spares_the_caller() => OnFreshThread(() =>
    {
        CaptureErrors();
        var group = new GreenGroup();
        var log = new List<string>();
        var victim = group.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 60_000); }).Result();
        var killer = group.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            await group.Kill(default(GreenSuspend), new ApplicationException("stop"));
            log.Add($"killer alive, {group.Count} left");
        }).Result();
        Green.JoinAll(victim, killer);
        Assert.Equal(["killer alive, 1 left"], log);
        Assert.IsType<ApplicationException>(victim.Exception);
        Assert.True(killer.Successful);
        Assert.Empty(group);
    });

    [Fact]
    public void Kill_with_a_timeout_gives_up_on_a_member_that_will_not_die() => OnFreshThread(() =>
    {
        var group = new GreenGroup();
        var release = new GreenEvent();
        var stubborn = group.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await Green.Sleep(default(GreenSuspend), 60_000);
            }
            finally
            {
                await release.Wait(default(GreenSuspend));
            }
        }).Result();
        Green.Sleep(0);
        group.Kill(timeout: TimeSpan.FromMilliseconds(20));
        Assert.Single(group);
        release.Set();
        Assert.True(group.Join());
        Assert.True(stubborn.Dead);
    });

    [Fact]
    public void Group_used_from_another_thread_is_refused() => OnFreshThread(() =>
    {
        var group = new GreenGroup();
        var greenlet = Green.Spawn(() => { });
        Exception? refused = null;
        var other = new Thread(() => refused = Record.Exception(() => group.Join()));
        other.Start();
        other.Join();
        Assert.IsType<InvalidOperationException>(refused);
        greenlet.Join();
    });
}
