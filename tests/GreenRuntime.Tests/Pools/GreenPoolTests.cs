using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Pools;

/// <summary>GreenPool: the bound, FIFO slots, FreeCount, WaitAvailable, Add (gevent's test__pool.py).</summary>
public class GreenPoolTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_size_below_one_is_refused(int size)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GreenPool(size));
        Assert.Equal("size", error.ParamName);
        Assert.Contains("at least 1", error.Message);
    }

    [Fact]
    public void Spawn_from_ordinary_code_waits_while_the_pool_is_full() => OnFreshThread(() =>
    {
        var work = new Concurrency();
        var pool = new GreenPool(3);
        Assert.Equal(3, pool.FreeCount);
        var spawned = new List<Greenlet<int>>();
        for (int i = 0; i < 10; i++)
        {
            int item = i;
            // What the interceptor makes of pool.Spawn(() => Work(item)) in ordinary code: run the hub while the pool is full.
            spawned.Add(GreenCall.Run(pool.Spawn(default(GreenSuspend), () => work.Work(item, 3))));
            Assert.True(pool.Count <= 3);
        }
        Assert.True(pool.Join());
        Assert.Equal(3, work.Most);
        Assert.Equal(Enumerable.Range(0, 10), spawned.Select(g => g.Value));
        Assert.Empty(pool);
        Assert.Equal(3, pool.FreeCount);
    });

    [Fact]
    public void Plain_spawn_counts_slots_like_gevent() => OnFreshThread(() =>
    {
        // gevent's test_execute_async: a spawn takes a slot at once; a full pool's spawn runs the hub until one is free.
        var pool = new GreenPool(2);
        var log = new List<int>();
        var first = pool.Spawn(() => log.Add(1));
        Assert.Equal(1, pool.FreeCount);
        first.Get();
        Assert.Equal([1], log);
        Assert.Equal(2, pool.FreeCount);

        pool.Spawn(() => log.Add(2));
        Assert.Equal(1, pool.FreeCount);
        pool.Spawn(() => log.Add(3));
        Assert.Equal(0, pool.FreeCount);
        Assert.Equal([1], log);
        pool.Spawn(() => log.Add(4)); // full: waits, and the others run meanwhile
        Assert.Equal([1, 2, 3], log);
        pool.Join();
        Assert.Equal([1, 2, 3, 4], log);
    });

    [Fact]
    public void Spawn_inside_a_greenlet_suspends_while_full_and_waiting_spawners_get_slots_in_order() => OnFreshThread(() =>
    {
        var pool = new GreenPool(1);
        var log = new List<string>();
        var go = new GreenEvent();
        var holder = pool.Spawn(default(GreenSuspend), async () => { await go.Wait(default(GreenSuspend)); log.Add("holder done"); }).Result();
        async GreenTask Spawner(string name)
        {
            log.Add($"{name} waits");
            var greenlet = await pool.Spawn(default(GreenSuspend), async () => { log.Add($"{name} runs"); await Green.Sleep(default(GreenSuspend), 0); });
            log.Add($"{name} admitted");
            await greenlet.Join(default(GreenSuspend));
        }
        var spawners = new[] { "a", "b", "c" }.Select(n => Green.Spawn(default(GreenSuspend), Spawner, n)).ToArray();
        Green.Sleep(0);
        Assert.Equal(["a waits", "b waits", "c waits"], log);
        Assert.Single(pool);
        go.Set();
        Green.JoinAll(spawners);
        Assert.Equal(
            ["a waits", "b waits", "c waits", "holder done", "a admitted", "a runs", "b admitted", "b runs", "c admitted", "c runs"],
            log);
        Assert.True(holder.Dead);
    });

    [Fact]
    public void A_spawner_killed_after_it_was_handed_a_slot_passes_the_slot_on() => OnFreshThread(() =>
    {
        var pool = new GreenPool(1);
        var log = new List<string>();
        var go = new GreenEvent();
        pool.Spawn(default(GreenSuspend), async () => { await go.Wait(default(GreenSuspend)); }).Result();
        async GreenTask Spawner(string name)
        {
            await pool.Spawn(default(GreenSuspend), async () => { log.Add($"{name} ran"); await Green.Sleep(default(GreenSuspend), 0); });
            log.Add($"{name} admitted");
        }
        var a = Green.Spawn(default(GreenSuspend), Spawner, "a");
        var b = Green.Spawn(default(GreenSuspend), Spawner, "b");
        Green.Sleep(0);
        var killer = Green.Spawn(default(GreenSuspend), async () =>
        {
            go.Set();
            // The holder runs next and finishes: the slot is handed to a, which is queued behind this greenlet.
            await Green.Sleep(default(GreenSuspend), 0);
            Assert.Empty(pool);
            Assert.Equal(0, pool.FreeCount);
            a.Kill(block: false);
        });
        Assert.True(b.Join(Prompt));
        Assert.True(pool.Join(Prompt));
        Assert.True(a.Dead);
        Assert.True(killer.Successful);
        Assert.Equal(["b admitted", "b ran"], log);
        Assert.Equal(1, pool.FreeCount);
    });

    [Fact]
    public void A_spawner_whose_wait_was_cut_short_leaves_no_greenlet_behind() => OnFreshThread(() =>
    {
        var pool = new GreenPool(1);
        var go = new GreenEvent();
        pool.Spawn(default(GreenSuspend), async () => { await go.Wait(default(GreenSuspend)); }).Result();
        var ran = false;
        Assert.Throws<GreenTimeoutException>(() =>
        {
            using (Green.Timeout(TimeSpan.FromMilliseconds(20)))
                pool.Spawn(() => ran = true);
        });
        Assert.Single(pool);
        go.Set();
        pool.Join();
        Green.Sleep(0);
        Assert.False(ran);
        Assert.Equal(1, pool.FreeCount);
    });

    [Fact]
    public void WaitAvailable_returns_the_free_count_and_zero_on_timeout() => OnFreshThread(() =>
    {
        var pool = new GreenPool(2);
        Assert.Equal(2, pool.WaitAvailable());
        var go = new GreenEvent();
        var a = pool.Spawn(default(GreenSuspend), async () => { await go.Wait(default(GreenSuspend)); }).Result();
        pool.Spawn(default(GreenSuspend), async () => { await go.Wait(default(GreenSuspend)); await Green.Sleep(default(GreenSuspend), 0); });
        Assert.Equal(0, pool.WaitAvailable(TimeSpan.FromMilliseconds(20)));
        var setter = Green.Spawn(() => go.Set());
        Assert.Equal(1, pool.WaitAvailable());
        Assert.True(a.Dead);
        Assert.True(setter.Dead);
        pool.Join();

        var unbounded = new GreenPool();
        Assert.Null(unbounded.Size);
        Assert.Equal(int.MaxValue, unbounded.FreeCount);
        Assert.Equal(int.MaxValue, unbounded.WaitAvailable(TimeSpan.Zero));
    });

    [Fact]
    public void WaitAvailable_inside_a_greenlet_suspends_until_a_slot_is_free() => OnFreshThread(() =>
    {
        var pool = new GreenPool(1);
        var go = new GreenEvent();
        pool.Spawn(default(GreenSuspend), async () => { await go.Wait(default(GreenSuspend)); });
        var waiter = Green.Spawn(default(GreenSuspend), async () => await pool.WaitAvailable(default(GreenSuspend)));
        Green.Sleep(0);
        Assert.False(waiter.Dead);
        go.Set();
        Assert.Equal(1, waiter.Get());
    });

    [Fact]
    public void Add_to_a_full_pool_waits_like_gevent() => OnFreshThread(() =>
    {
        // gevent's test_add_method: adding to a full pool waits; a timeout leaves the pool as it was.
        var pool = new GreenPool(1);
        var go = new GreenEvent();
        var first = Green.Spawn(default(GreenSuspend), async () => { await go.Wait(default(GreenSuspend)); });
        var later = new GreenEvent();
        var second = Green.Spawn(default(GreenSuspend), async () => { await later.Wait(default(GreenSuspend)); });
        pool.Add(first);
        pool.Add(first); // already a member: no second slot
        Assert.Equal(0, pool.FreeCount);
        Assert.Single(pool);
        Assert.Throws<GreenTimeoutException>(() =>
        {
            using (Green.Timeout(TimeSpan.FromMilliseconds(20)))
                pool.Add(second);
        });
        Assert.Single(pool);
        Assert.False(pool.Contains(second));

        var adder = Green.Spawn(default(GreenSuspend), async () => await pool.Add(default(GreenSuspend), second));
        Green.Sleep(0);
        Assert.False(adder.Dead);
        go.Set();
        adder.Get();
        Assert.True(first.Dead);
        Assert.True(pool.Contains(second));
        later.Set();
        pool.Join();
        Assert.Empty(pool);
    });

    [Fact]
    public void Discard_frees_the_slot_and_leaves_the_greenlet_running() => OnFreshThread(() =>
    {
        // gevent's test_discard.
        var pool = new GreenPool(1);
        var first = pool.Spawn(() => Green.Sleep(1000));
        Green.Sleep(0);
        pool.Discard(first);
        Assert.Empty(pool);
        Assert.Equal(1, pool.FreeCount);
        Assert.False(first.Dead);
        pool.Discard(first);
        first.Kill();
        Assert.Equal(1, pool.FreeCount);
    });

    [Fact]
    public void Spawn_from_another_thread_is_refused() => OnFreshThread(() =>
    {
        var pool = new GreenPool(1);
        Exception? refused = null;
        var other = new Thread(() => refused = Record.Exception(() => pool.Spawn(() => { })));
        other.Start();
        other.Join();
        Assert.IsType<InvalidOperationException>(refused);
        Assert.Empty(pool);
    });
}

internal static class GreenTaskTestExtensions
{
    /// <summary>The result of a twin that has completed (a spawn into a pool with room).</summary>
    public static T Result<T>(this GreenTask<T> task)
    {
        Assert.True(task.IsCompleted, "expected the twin to complete at once");
        return task.GetAwaiter().GetResult();
    }
}
