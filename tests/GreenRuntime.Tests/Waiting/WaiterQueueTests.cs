using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Waiting;

/// <summary>The one waiter queue every primitive parks on: FIFO, stale waiters skipped, no lost or stolen wake-up.</summary>
public class WaiterQueueTests
{
    private static async GreenTask<bool> Wait(WaiterQueue queue, TimeSpan? timeout = null)
    {
        var hub = Green.Hub;
        bool signaled = await new SignalAwaitable(hub, queue, queue, Hub.DeadlineAfter(timeout));
        Hub.ThrowIfInterrupted(hub.CurrentGreenlet);
        return signaled;
    }

    private static Greenlet Waiter(WaiterQueue queue, List<string> log, string name, TimeSpan? timeout = null) =>
        Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                log.Add($"{name} {await Wait(queue, timeout)}");
            }
            catch (GreenletExit)
            {
                log.Add($"{name} killed");
            }
        });

    [Fact]
    public void WakeOne_wakes_waiters_in_the_order_they_parked() => OnFreshThread(() =>
    {
        var queue = new WaiterQueue();
        var log = new List<string>();
        var waiters = new[] { Waiter(queue, log, "a"), Waiter(queue, log, "b"), Waiter(queue, log, "c") };
        Green.Sleep(0);
        Assert.True(queue.HasWaiters);
        Assert.True(queue.WakeOne(Green.Hub, queue));
        Green.Sleep(0);
        Assert.Equal(["a True"], log);
        Assert.True(queue.WakeOne(Green.Hub, queue));
        Assert.True(queue.WakeOne(Green.Hub, queue));
        Assert.False(queue.WakeOne(Green.Hub, queue));
        Green.JoinAll(waiters);
        Assert.Equal(["a True", "b True", "c True"], log);
        Assert.False(queue.HasWaiters);
    });

    [Fact]
    public void A_timed_out_waiter_is_skipped_and_does_not_take_the_wake_up() => OnFreshThread(() =>
    {
        var queue = new WaiterQueue();
        var log = new List<string>();
        var early = Waiter(queue, log, "early", TimeSpan.FromMilliseconds(10));
        var late = Waiter(queue, log, "late");
        Assert.True(early.Join(Prompt));
        Assert.Equal(["early False"], log);
        Assert.True(queue.WakeOne(Green.Hub, queue));
        Assert.True(late.Join(Prompt));
        Assert.Equal(["early False", "late True"], log);
    });

    [Fact]
    public void A_killed_waiter_is_skipped_and_does_not_take_the_wake_up() => OnFreshThread(() =>
    {
        var queue = new WaiterQueue();
        var log = new List<string>();
        var killed = Waiter(queue, log, "killed");
        var kept = Waiter(queue, log, "kept");
        Green.Sleep(0);
        killed.Kill();
        Assert.True(queue.WakeOne(Green.Hub, queue));
        Assert.True(kept.Join(Prompt));
        Assert.Equal(["killed killed", "kept True"], log);
    });

    [Fact]
    public void A_waiter_woken_and_then_killed_before_it_ran_knows_it_was_handed_the_wake_up() => OnFreshThread(() =>
    {
        // A primitive must pass such a wake-up on: EndWait tells the waiter it had one.
        var queue = new WaiterQueue();
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            var hub = Green.Hub;
            bool signaled = await new SignalAwaitable(hub, queue, queue, long.MaxValue);
            log.Add($"signaled {signaled}, interrupted {hub.CurrentGreenlet.Interruption is not null}");
        });
        Green.Sleep(0);
        Assert.True(queue.WakeOne(Green.Hub, queue));
        g.Kill(block: false);
        g.Join();
        Assert.Equal(["signaled True, interrupted True"], log);
    });

    [Fact]
    public void Waiting_again_takes_a_new_place_at_the_back() => OnFreshThread(() =>
    {
        var queue = new WaiterQueue();
        var log = new List<string>();
        var first = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add($"first {await Wait(queue, TimeSpan.FromMilliseconds(10))}");
            await Green.Sleep(default(GreenSuspend), 50);
            log.Add($"first again {await Wait(queue)}");
        });
        Green.Sleep(0);
        var second = Waiter(queue, log, "second");
        Green.Sleep(150);
        Assert.Equal(["first False"], log);
        // The stale entry of first's timed-out wait sits ahead of second: it must not count.
        Assert.True(queue.WakeOne(Green.Hub, queue));
        Green.Sleep(0);
        Assert.Equal(["first False", "second True"], log);
        Assert.True(queue.WakeOne(Green.Hub, queue));
        Green.JoinAll(first, second);
        Assert.Equal(["first False", "second True", "first again True"], log);
    });

    [Fact]
    public void Waiters_that_gave_up_do_not_make_the_queue_grow() => OnFreshThread(() =>
    {
        var queue = new WaiterQueue();
        var log = new List<string>();
        var steady = Waiter(queue, log, "steady");
        for (int i = 0; i < 1000; i++)
        {
            var quitter = Waiter(queue, log, "quitter");
            Green.Sleep(0);
            quitter.Kill();
        }
        Assert.True(queue.Capacity <= 4, $"capacity {queue.Capacity} after 1000 waiters that were killed");
        Assert.Equal(1, queue.LiveCount);
        queue.WakeOne(Green.Hub, queue);
        Assert.True(steady.Join(Prompt));
        Assert.Equal("steady True", log[^1]);
    });

    [Fact]
    public void WakeAll_tells_an_observer_once_and_wakes_greenlets_in_order() => OnFreshThread(() =>
    {
        var queue = new WaiterQueue();
        var log = new List<string>();
        var a = Waiter(queue, log, "a");
        Green.Sleep(0);
        queue.Add(new Observer(log));
        var b = Waiter(queue, log, "b");
        Green.Sleep(0);
        Assert.Equal(2, queue.WakeAll(Green.Hub, queue));
        Assert.Equal(["observer"], log);
        Assert.Equal(0, queue.WakeAll(Green.Hub, queue));
        Green.JoinAll(a, b);
        Assert.Equal(["observer", "a True", "b True"], log);
    });

    [Fact]
    public void A_removed_observer_is_not_told() => OnFreshThread(() =>
    {
        var queue = new WaiterQueue();
        var log = new List<string>();
        var observer = new Observer(log);
        queue.Add(observer);
        Assert.True(queue.Remove(observer));
        Assert.False(queue.WakeOne(Green.Hub, queue));
        Assert.Empty(log);
    });

    private sealed class Observer(List<string> log) : IWaitObserver
    {
        public void OnSignaled(object source) => log.Add("observer");
    }
}
