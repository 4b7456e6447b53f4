using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Pools;

/// <summary>Map, IMap, IMapUnordered and Apply of groups and pools (gevent's test__pool.py).</summary>
public class MapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void Map_returns_results_in_input_order_and_holds_the_pool_bound(int size) => OnFreshThread(() =>
    {
        var work = new Concurrency();
        var pool = new GreenPool(size);
        // Later items finish sooner: the results still come in input order.
        var results = GreenCall.Run(pool.Map(default(GreenSuspend), (int x) => work.Work(x * x, 20 - x), Enumerable.Range(0, 20)));
        Assert.Equal(Enumerable.Range(0, 20).Select(x => x * x), results);
        Assert.Equal(size, work.Most);
        Assert.Empty(pool);
    });

    [Fact]
    public void Map_of_a_plain_function_and_of_no_items() => OnFreshThread(() =>
    {
        var group = new GreenGroup();
        Assert.Equal([1, 4, 9], group.Map((int x) => x * x, [1, 2, 3]));
        Assert.Empty(new GreenPool(2).Map((int x) => x, []));
    });

    [Fact]
    public void Map_rethrows_the_first_failure_in_input_order_and_starts_no_more_items() => OnFreshThread(() =>
    {
        // gevent's TestErrorInHandler.test_map.
        var errors = CaptureErrors();
        var pool = new GreenPool(2);
        var started = new List<int>();
        async GreenTask<double> DivideBy(int x)
        {
            started.Add(x);
            await Green.Sleep(default(GreenSuspend), 0);
            if (x == 0)
                ThrowFromOriginalThrower("divide by zero");
            return 1.0 / x;
        }
        var thrown = Assert.Throws<InvalidOperationException>(() => GreenCall.Run(pool.Map(default(GreenSuspend), DivideBy, [1, 0, 2, 4, 5, 6])));
        Assert.Contains(nameof(ThrowFromOriginalThrower), thrown.StackTrace);
        pool.Join();
        Assert.DoesNotContain(6, started);
        Assert.Single(errors);
    });

    [Fact]
    public void Map_rethrows_an_error_of_the_input_sequence() => OnFreshThread(() =>
    {
        // gevent's TestErrorInIterator.
        static IEnumerable<int> Failing()
        {
            yield return 1;
            yield return 2;
            throw new ApplicationException("input failed");
        }
        var pool = new GreenPool(3);
        Assert.Throws<ApplicationException>(() => pool.Map((int x) => x, Failing()));
        Assert.Throws<ApplicationException>(() => pool.IMapUnordered((int x) => x, Failing()).ToList());
        Assert.True(pool.Join());
    });

    [Fact]
    public void IMap_yields_in_input_order_and_goes_on_after_a_failed_item() => OnFreshThread(() =>
    {
        // gevent's TestErrorInHandler.test_imap and test_imap_unordered with Pool(1).
        CaptureErrors();
        foreach (bool ordered in new[] { true, false })
        {
            var pool = new GreenPool(1);
            var results = ordered ? pool.IMap((int x) => 2.0 / x, [1, 0, 4]) : pool.IMapUnordered((int x) => 2.0 / x, [1, 0, 4]);
            using var it = results.GetEnumerator();
            Assert.True(it.MoveNext());
            Assert.Equal(2.0, it.Current);
            Assert.Throws<DivideByZeroException>(() => it.MoveNext() && it.Current > 0 ? throw new DivideByZeroException() : false);
            Assert.True(it.MoveNext());
            Assert.Equal(0.5, it.Current);
            Assert.False(it.MoveNext());
        }
    });

    [Fact]
    public void IMapUnordered_yields_in_completion_order() => OnFreshThread(() =>
    {
        // gevent's test_imap_unordered_sleep: with room for all, the shortest first; with one slot, input order.
        var work = new Concurrency();
        Assert.Equal([1, 2, 10], new GreenPool(3).IMapUnordered(default(GreenSuspend), (int x) => work.Work(x, x), [10, 1, 2]).ToList());
        Assert.Equal([10, 1, 2], new GreenPool(1).IMapUnordered(default(GreenSuspend), (int x) => work.Work(x, x), [10, 1, 2]).ToList());
        Assert.Equal([10, 1, 2], new GreenPool(3).IMap(default(GreenSuspend), (int x) => work.Work(x, x), [10, 1, 2]).ToList());
        Assert.Empty(new GreenGroup().IMapUnordered((int x) => x, []).ToList());
    });

    [Fact]
    public void IMap_reads_the_items_only_as_the_pool_takes_them() => OnFreshThread(() =>
    {
        var work = new Concurrency();
        int read = 0;
        IEnumerable<int> Items()
        {
            for (int i = 0; i < 50; i++)
            {
                read++;
                yield return i;
            }
        }
        var pool = new GreenPool(4);
        int consumed = 0;
        foreach (var result in pool.IMap(default(GreenSuspend), (int x) => work.Work(x, 2), Items()))
        {
            Assert.Equal(consumed++, result);
            // Started: at most the pool's size beyond what finished; read: one more, waiting for its slot.
            int finished = work.Log.Count;
            Assert.True(read <= finished + 4 + 1, $"read {read} items with {finished} finished");
        }
        Assert.Equal(50, consumed);
        Assert.Equal(4, work.Most);
    });

    [Fact]
    public void Leaving_an_IMap_early_stops_reading_items_and_lets_running_ones_finish() => OnFreshThread(() =>
    {
        var work = new Concurrency();
        int read = 0;
        IEnumerable<int> Items()
        {
            for (int i = 0; i < 1000; i++)
            {
                read++;
                yield return i;
            }
        }
        var pool = new GreenPool(3);
        foreach (var result in pool.IMap(default(GreenSuspend), (int x) => work.Work(x, 1), Items()))
        {
            if (result == 2)
                break;
        }
        Assert.True(pool.Join());
        Assert.True(read < 10, $"read {read} items");
    });

    [Fact]
    public void IMap_over_a_lazy_sequence_waits_for_its_items() => OnFreshThread(() =>
    {
        // gevent's test_imap_no_stop: the input's next item may not be there yet.
        var go = new GreenEvent();
        var pool = new GreenPool(2);
        var input = pool.IMap(default(GreenSuspend), async (int x) => { await go.Wait(default(GreenSuspend)); return x + 1; }, [1, 2, 3]);
        Green.SpawnLater(TimeSpan.FromMilliseconds(5), () => go.Set());
        Assert.Equal([20, 30, 40], new GreenGroup().IMap((int x) => x * 10, input).ToList());
    });

    [Fact]
    public void Apply_returns_the_result_and_rethrows_the_failure() => OnFreshThread(() =>
    {
        CaptureErrors();
        var pool = new GreenPool(2);
        Assert.Equal("return value", pool.Apply(() => "return value"));
        Assert.Throws<ApplicationException>(() => pool.Apply<int>(() => throw new ApplicationException("raiser")));
        Assert.Equal(25, GreenCall.Run(pool.Apply(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 0); return 25; })));
    });

    [Fact]
    public void Apply_from_a_member_runs_at_once() => OnFreshThread(() =>
    {
        // gevent's test_reentrant: Pool(1).apply(pool.apply, ...) would otherwise wait for its own slot.
        var pool = new GreenPool(1);
        // A plain delegate on purpose: the member's own Apply, ordinary code, must not wait for a slot.
#pragma warning disable GRN0024
        Assert.Equal(6, pool.Apply(() => pool.Apply(() => 5 + 1)));
#pragma warning restore GRN0024
        Assert.Equal(6, GreenCall.Run(pool.Apply(default(GreenSuspend), () => pool.Apply(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 0); return 6; }))));
    });
}
