using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Pools;

/// <summary>Green.Wait and Green.IWait over greenlets and events (gevent's test__wait*.py, test__iwait.py).</summary>
public class GreenWaitTests
{
    private static async GreenTask<int> Yields(int times)
    {
        for (int i = 0; i < times; i++)
            await Green.Sleep(default(GreenSuspend), 0);
        return times;
    }

    [Fact]
    public void Wait_returns_every_object_in_completion_order() => OnFreshThread(() =>
    {
        var slow = Green.Spawn(default(GreenSuspend), Yields, 3);
        var ev = new GreenEvent();
        var fast = Green.Spawn(default(GreenSuspend), Yields, 1);
        Green.Spawn(default(GreenSuspend), async () => { await Yields(2); ev.Set(); });
        var ready = Green.Wait([slow, ev, fast]);
        Assert.Equal([fast, ev, slow], ready);
        Assert.All(ready, o => Assert.True(o.Ready));
    });

    [Fact]
    public void Wait_with_count_returns_the_first_ones_and_removes_its_observers() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var never = new GreenEvent();
        var done = Green.Spawn(() => 1);
        done.Join();
        var stuck = Green.Spawn(default(GreenSuspend), async () => { await never.Wait(default(GreenSuspend)); });
        var fast = Green.Spawn(default(GreenSuspend), Yields, 1);
        // Ready at once first (in the order given), then in completion order.
        Assert.Equal([done, fast], Green.Wait([stuck, never, done, fast, ev], count: 2));
        Assert.Equal(0, stuck.Waiters.LiveCount);
        Assert.Equal(1, never.Waiters.LiveCount); // the stuck greenlet itself
        Assert.Equal(0, ev.Waiters.LiveCount);
        Assert.Empty(Green.Wait([stuck], count: 0));
        Assert.Equal([done], Green.Wait([stuck, done], count: 1));
        never.Set();
        stuck.Join();
    });

    [Fact]
    public void Wait_with_timeout_returns_what_is_ready_and_removes_its_observers() => OnFreshThread(() =>
    {
        var never = new GreenEvent();
        var stuck = Green.Spawn(default(GreenSuspend), async () => { await never.Wait(default(GreenSuspend)); });
        var fast = Green.Spawn(default(GreenSuspend), Yields, 1);
        Assert.Equal([fast], Green.Wait([stuck, never, fast], timeout: TimeSpan.FromMilliseconds(20)));
        Assert.Equal(0, stuck.Waiters.LiveCount);
        Assert.Equal(1, never.Waiters.LiveCount); // the stuck greenlet itself
        Assert.Empty(Green.Wait([never], timeout: TimeSpan.Zero));
        never.Set();
        stuck.Join();
    });

    [Fact]
    public void Wait_inside_a_greenlet_suspends_and_a_kill_removes_its_observers() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var other = new GreenEvent();
        var waiter = Green.Spawn(default(GreenSuspend), async () => (await Green.Wait(default(GreenSuspend), [ev, other], count: 1)).Single());
        Green.Spawn(() => ev.Set());
        Assert.Same(ev, waiter.Get());
        Assert.Equal(0, other.Waiters.LiveCount);

        var killed = Green.Spawn(default(GreenSuspend), async () => { await Green.Wait(default(GreenSuspend), [other]); });
        Green.Sleep(0);
        Assert.Equal(1, other.Waiters.LiveCount);
        killed.Kill();
        Assert.Equal(0, other.Waiters.LiveCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => Green.Wait([other], count: -1));
    });

    [Fact]
    public void IWait_yields_objects_as_they_become_ready_and_leaving_early_removes_observers() => OnFreshThread(() =>
    {
        var a = Green.Spawn(default(GreenSuspend), Yields, 2);
        var b = Green.Spawn(default(GreenSuspend), Yields, 1);
        var never = new GreenEvent();
        var seen = new List<IGreenWaitable>();
        foreach (var ready in Green.IWait([a, never, b]))
        {
            seen.Add(ready);
            Assert.True(ready.Ready);
            if (seen.Count == 2)
                break;
        }
        Assert.Equal([b, a], seen);
        Assert.Equal(0, never.Waiters.LiveCount);

        // A timeout ends the iteration (gevent's iwait), count ends it early.
        Assert.Empty(Green.IWait([never], timeout: TimeSpan.FromMilliseconds(10)).ToList());
        Assert.Equal([b], Green.IWait([b, a], count: 1).ToList());
        Assert.Equal(0, never.Waiters.LiveCount);
    });

    [Fact]
    public void IWait_inside_a_greenlet_parks_between_items() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var first = new GreenEvent();
        var second = new GreenEvent();
        var reader = Green.Spawn(default(GreenSuspend), async () =>
        {
            using var it = Green.IWait([first, second]).GetEnumerator();
            while (await it.MoveNext(default(GreenSuspend)))
                log.Add(it.Current == first ? "first" : "second");
        });
        Green.Sleep(0);
        second.Set();
        Green.Sleep(0);
        Assert.Equal(["second"], log);
        first.Set();
        reader.Join();
        Assert.Equal(["second", "first"], log);
    });

    [Fact]
    public void Wait_mixes_greenlets_events_and_async_results() => OnFreshThread(() =>
    {
        var result = new AsyncResult<string>();
        var failed = new AsyncResult<int>();
        var ev = new GreenEvent();
        var worker = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Yields(1);
            result.Set("value");
            await Yields(1);
            failed.SetException(new ApplicationException("failed result"));
            ev.Set();
        });
        var ready = Green.Wait([ev, failed, worker, result], count: 3);
        Assert.Equal(new IGreenWaitable[] { result, failed, ev }, ready);
        Assert.Equal("value", ((AsyncResult<string>)ready[0]).Get());
        Assert.Equal(0, worker.Waiters.LiveCount);
        worker.Join();
        Assert.Equal(new IGreenWaitable[] { ev, failed, worker, result }, Green.IWait([ev, failed, worker, result]).ToList());
    });
}
