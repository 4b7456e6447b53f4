using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>GreenEvent: Set, Clear, Wait (gevent.event.Event).</summary>
public class GreenEventTests
{
    [Fact]
    public void Set_wakes_every_waiter_in_wait_order() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        async GreenTask Waiter(string name)
        {
            bool result = await ev.Wait(default(GreenSuspend));
            log.Add($"{name} {result}");
        }
        var a = Green.Spawn(default(GreenSuspend), Waiter, "a");
        var b = Green.Spawn(default(GreenSuspend), Waiter, "b");
        var c = Green.Spawn(default(GreenSuspend), Waiter, "c");
        Green.Sleep(0);
        Assert.Empty(log);
        Assert.False(ev.IsSet);
        ev.Set();
        Assert.True(ev.IsSet);
        Assert.Empty(log);
        Green.JoinAll(a, b, c);
        Assert.Equal(["a True", "b True", "c True"], log);
    });

    [Fact]
    public void Wait_on_a_set_event_returns_true_at_once() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        ev.Set();
        ev.Set();
        Assert.True(ev.Wait());
        Assert.True(ev.Wait(TimeSpan.Zero));
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add($"wait {await ev.Wait(default(GreenSuspend))}");
            log.Add($"wait(0) {await ev.Wait(default(GreenSuspend), TimeSpan.Zero)}");
        });
        var other = Green.Spawn(() => log.Add("other"));
        Green.JoinAll(g, other);
        Assert.Equal(["wait True", "wait(0) True", "other"], log);
    });

    [Fact]
    public void Clear_makes_later_waits_block_until_the_next_Set() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        ev.Set();
        ev.Clear();
        Assert.False(ev.IsSet);
        var waiter = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend));
            log.Add("woke");
        });
        Green.Sleep(0);
        Green.Sleep(0);
        Assert.Empty(log);
        ev.Set();
        waiter.Join();
        Assert.Equal(["woke"], log);
    });

    [Fact]
    public void Wait_with_timeout_returns_false_when_the_event_is_not_set() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        Assert.False(ev.Wait(TimeSpan.FromMilliseconds(10)));
        Assert.False(ev.Wait(TimeSpan.Zero));
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            bool first = await ev.Wait(default(GreenSuspend), TimeSpan.FromMilliseconds(10));
            bool zero = await ev.Wait(default(GreenSuspend), TimeSpan.Zero);
            return (first, zero);
        });
        Assert.Equal((false, false), g.Get());
    });

    [Fact]
    public void Wait_with_timeout_returns_true_when_set_in_time() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var waiter = Green.Spawn(default(GreenSuspend), async () => await ev.Wait(default(GreenSuspend), Forever));
        var setter = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 1);
            ev.Set();
        });
        Assert.True(waiter.Get());
        setter.Join();
    });

    [Fact]
    public void Event_set_and_cleared_before_the_waiter_runs_still_wakes_it_with_true() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var waiter = Green.Spawn(default(GreenSuspend), async () => await ev.Wait(default(GreenSuspend)));
        Green.Sleep(0);
        ev.Set();
        ev.Clear();
        Assert.True(waiter.Get());
    });

    [Fact]
    public void A_timed_out_waiter_is_not_woken_by_a_later_Set() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        var other = new GreenEvent();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add($"first {await ev.Wait(default(GreenSuspend), TimeSpan.FromMilliseconds(5))}");
            log.Add($"other {await other.Wait(default(GreenSuspend))}");
        });
        Green.Sleep(100);
        Assert.Equal(["first False"], log);
        ev.Set();
        Green.Sleep(0);
        Green.Sleep(0);
        Assert.Equal(["first False"], log);
        other.Set();
        g.Join();
        Assert.Equal(["first False", "other True"], log);
    });

    [Fact]
    public void Killing_a_waiter_does_not_disturb_the_other_waiters() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        async GreenTask Waiter(string name)
        {
            await ev.Wait(default(GreenSuspend));
            log.Add(name);
        }
        var a = Green.Spawn(default(GreenSuspend), Waiter, "a");
        var b = Green.Spawn(default(GreenSuspend), Waiter, "b");
        Green.Sleep(0);
        a.Kill();
        ev.Set();
        Green.JoinAll(a, b);
        Assert.Equal(["b"], log);
    });
}
