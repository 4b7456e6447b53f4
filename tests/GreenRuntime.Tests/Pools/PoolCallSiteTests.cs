using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Pools;

/// <summary>The generator's side of pools: lambdas and method groups passed to Spawn/Map/IMap/Apply are green.</summary>
public class PoolCallSiteTests
{
    [Fact]
    public void Map_in_a_greenlet_runs_a_sleeping_lambda_concurrently() => OnFreshThread(() =>
    {
        var pool = new GreenPool(4);
        var results = Green.Spawn(() => PoolGreenlets.MapSleeping(pool, Enumerable.Range(1, 12))).Get();
        Assert.Equal(Enumerable.Range(1, 12).Select(x => x * 2), results);
        // Thread.Sleep blocking the hub would run the items one at a time.
        Assert.Equal(4, PoolGreenlets.Work.Most);
    });

    [Fact]
    public void Map_from_ordinary_code_with_a_greenlet_method_group_runs_concurrently() => OnFreshThread(() =>
    {
        var pool = new GreenPool(3);
        Assert.Equal([1, 4, 9, 16, 25, 36], pool.Map(PoolGreenlets.Square, [1, 2, 3, 4, 5, 6]));
        Assert.Equal(3, PoolGreenlets.Work.Most);
    });

    [Fact]
    public void Map_from_ordinary_code_with_a_sleeping_lambda_runs_concurrently() => OnFreshThread(() =>
    {
        var pool = new GreenPool(5);
        var results = pool.Map(x =>
        {
            PoolGreenlets.Work.Enter();
            Thread.Sleep(20);
            PoolGreenlets.Work.Exit();
            return x + 1;
        }, Enumerable.Range(0, 10));
        Assert.Equal(Enumerable.Range(1, 10), results);
        // A Thread.Sleep blocking the hub would run the items one at a time.
        Assert.Equal(5, PoolGreenlets.Work.Most);
    });

    [Fact]
    public void IMapUnordered_in_a_greenlet_parks_between_results_in_completion_order() => OnFreshThread(() =>
    {
        var pool = new GreenPool(3);
        var ticker = Green.Spawn(() => PoolGreenlets.Work.Log.Add("tick"));
        Assert.Equal([5, 20, 40], Green.Spawn(() => PoolGreenlets.IMapUnorderedSleeping(pool, [40, 5, 20])).Get());
        Assert.True(ticker.Dead);
    });

    [Fact]
    public void Apply_and_Spawn_in_a_greenlet_take_green_lambdas_and_wait_for_a_slot() => OnFreshThread(() =>
    {
        var pool = new GreenPool(1);
        Assert.Equal(8, Green.Spawn(() => PoolGreenlets.ApplySleeping(pool, 7)).Get());
        var log = new List<string>();
        Assert.Equal(1, Green.Spawn(() => PoolGreenlets.SpawnIntoFullPool(pool, log)).Get());
        Assert.Equal(["first done", "second admitted", "second runs"], log);
    });

    [Fact]
    public void Wait_in_a_greenlet_is_a_suspension_point() => OnFreshThread(() =>
    {
        var a = new GreenEvent();
        var b = new GreenEvent();
        var waiter = Green.Spawn(() => PoolGreenlets.WaitFirst(a, b));
        Green.Sleep(0);
        Assert.False(waiter.Dead);
        b.Set();
        Assert.Equal([b], waiter.Get());
    });

    [Fact]
    public void Spawn_with_arguments_from_ordinary_code_and_in_a_greenlet_runs_the_twins_within_the_bound() => OnFreshThread(() =>
    {
        var pool = new GreenPool(2);
        var log = new List<string>();
        var greenlets = Enumerable.Range(0, 6).Select(i => pool.Spawn(PoolGreenlets.Join3, log, "a", i, 10)).ToArray();
        Assert.True(pool.Join());
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"a:{i + 10}"), greenlets.Select(g => g.Value));
        Assert.Equal(2, PoolGreenlets.Work.Most);

        // A [Greenlet] method group held in a variable is found by reflection and still runs its twin.
        Func<List<string>, string, int, int, string> stored = PoolGreenlets.Join3;
        var viaDelegate = pool.Spawn(stored, log, "d", 1, 1);
        var ticker = pool.Spawn(() => log.Add("tick"));
        Assert.Equal("d:2", viaDelegate.Get());
        Assert.Equal(["tick", "d11"], log.Skip(6));

        log.Clear();
        Assert.Equal(4, Green.Spawn(() => PoolGreenlets.SpawnWithArguments(new GreenPool(1), log)).Get());
        Assert.Equal(["x12", "y3", "z4"], log);
    });

    [Fact]
    public void Foreach_over_IWait_in_a_greenlet_parks_between_items() => OnFreshThread(() =>
    {
        var first = new GreenEvent();
        var second = new GreenEvent();
        var reader = Green.Spawn(() => PoolGreenlets.IWaitNames(first, second));
        Green.Sleep(0);
        second.Set();
        Green.Sleep(0);
        Assert.False(reader.Dead);
        first.Set();
        Assert.Equal(["second", "first"], reader.Get());
    });
}
