using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Pools;

/// <summary>
/// A map runs its items on worker greenlets of the pool, each taking the next item when it finished one: what a user
/// can see of that stays as with a greenlet per item (the bound, FIFO slots, locals, kills), but Green.Current.
/// </summary>
public class MapWorkerTests
{
    [Fact]
    public void A_pool_runs_the_items_on_at_most_its_size_of_workers_and_Current_is_the_worker() => OnFreshThread(() =>
    {
        var pool = new GreenPool(3);
        var seen = new HashSet<Greenlet>();
        int most = 0;
        async GreenTask<int> Item(int x)
        {
            var current = Green.Current!;
            seen.Add(current);
            Assert.True(pool.Contains(current));
            most = Math.Max(most, pool.Count);
            await Green.Sleep(default(GreenSuspend), 0);
            return x;
        }
        Assert.Equal(Enumerable.Range(0, 30), GreenCall.Run(pool.Map(default(GreenSuspend), Item, Enumerable.Range(0, 30))));
        Assert.Equal(3, seen.Count); // a worker per slot, not a greenlet per item
        Assert.Equal(3, most);
        Assert.Empty(pool);
    });

    [Fact]
    public void A_GreenLocal_set_by_one_item_is_not_seen_by_the_next_on_the_same_worker() => OnFreshThread(() =>
    {
        var local = new GreenLocal<int>();
        var pool = new GreenPool(1);
        async GreenTask<int> Item(int x)
        {
            int before = local.Value;
            local.Value = x;
            await Green.Sleep(default(GreenSuspend), 0);
            return before * 100 + local.Value;
        }
        // Each item reads default first (as a new greenlet would), then its own value.
        Assert.Equal([1, 2, 3], GreenCall.Run(pool.Map(default(GreenSuspend), Item, [1, 2, 3])));
        Assert.Equal([5, 6], pool.Map((int x) => { int before = local.Value; local.Value = x; return before + x; }, [5, 6]));
    });

    [Fact]
    public void A_spawner_waiting_for_a_slot_gets_the_next_one_a_worker_frees() => OnFreshThread(() =>
    {
        // gevent: a spawn into a full pool waits behind the items already running, not behind the whole input.
        var pool = new GreenPool(2);
        var log = new List<string>();
        var full = new GreenEvent();
        async GreenTask<int> Item(int x)
        {
            log.Add($"item {x}");
            if (x == 2)
                full.Set();
            await Green.Sleep(default(GreenSuspend), 0);
            await Green.Sleep(default(GreenSuspend), 0);
            return x;
        }
        var spawner = Green.Spawn(default(GreenSuspend), async () =>
        {
            await full.Wait(default(GreenSuspend)); // the pool is full of workers now
            Assert.Equal(0, pool.FreeCount);
            var spawned = await pool.Spawn(default(GreenSuspend), async () =>
            {
                log.Add("spawned");
                await Green.Sleep(default(GreenSuspend), 0);
            });
            await spawned.Join(default(GreenSuspend));
        });
        var results = GreenCall.Run(pool.Map(default(GreenSuspend), Item, Enumerable.Range(0, 20)));
        spawner.Join();
        Assert.Equal(Enumerable.Range(0, 20), results);
        int spawned = log.IndexOf("spawned");
        Assert.InRange(spawned, 3, 6); // after the items running when it came, not after the whole input
        Assert.Equal(21, log.Count);
    });

    [Fact]
    public void Killing_the_pool_with_an_exception_kills_its_workers_with_their_items() => OnFreshThread(() =>
    {
        CaptureErrors();
        var pool = new GreenPool(2);
        var atFour = new GreenEvent();
        int read = 0, started = 0, cleaned = 0;
        IEnumerable<int> Items()
        {
            for (int i = 0; i < 1000; i++)
            {
                read++;
                yield return i;
            }
        }
        async GreenTask<int> Item(int x)
        {
            started++;
            try
            {
                if (x == 4)
                    atFour.Set();
                await Green.Sleep(default(GreenSuspend), 0);
                await Green.Sleep(default(GreenSuspend), 0);
            }
            finally
            {
                cleaned++;
            }
            return x;
        }
        var kill = new ApplicationException("stop");
        Greenlet[] victims = [];
        bool deadAfterKill = false;
        var killer = Green.Spawn(default(GreenSuspend), async () =>
        {
            await atFour.Wait(default(GreenSuspend));
            victims = pool.ToArray();
            pool.Kill(kill, block: false);
            for (int i = 0; i < 3; i++)
                await Green.Sleep(default(GreenSuspend), 0);
            deadAfterKill = victims.All(v => v.Dead);
        });
        var failures = new List<Exception>();
        using (var results = pool.IMap(default(GreenSuspend), Item, Items()).GetEnumerator())
        {
            while (!killer.Dead || failures.Count < 2)
            {
                try
                {
                    Assert.True(results.MoveNext());
                }
                catch (ApplicationException error)
                {
                    failures.Add(error);
                }
            }
        }
        Assert.True(pool.Join());
        Assert.Equal(2, victims.Length);
        Assert.True(deadAfterKill, "the workers went on after the kill");
        Assert.All(victims, v => Assert.Same(kill, v.Exception));
        Assert.Equal(2, failures.Count); // the two items running died with the kill's exception
        Assert.All(failures, f => Assert.Same(kill, f));
        Assert.Equal(started, cleaned);
        Assert.True(read < 20, $"read {read} items");
    });

    [Fact]
    public void Killing_one_worker_ends_its_item_with_the_default_value_and_the_map_goes_on() => OnFreshThread(() =>
    {
        var pool = new GreenPool(2);
        var atOne = new GreenEvent();
        var go = new GreenEvent();
        Greenlet? victim = null;
        async GreenTask<int> Item(int x)
        {
            if (x == 1)
            {
                victim = Green.Current;
                atOne.Set();
                await go.Wait(default(GreenSuspend)); // killed here
            }
            await Green.Sleep(default(GreenSuspend), 0);
            return x + 10;
        }
        Green.Spawn(default(GreenSuspend), async () =>
        {
            await atOne.Wait(default(GreenSuspend));
            await victim!.Kill(default(GreenSuspend));
            go.Set();
        });
        var results = GreenCall.Run(pool.Map(default(GreenSuspend), Item, [0, 1, 2, 3]));
        Assert.Equal([10, 0, 12, 13], results);
        Assert.True(victim!.Dead);
    });
}
