using System.Diagnostics;
using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>The scheduling rules hold past the hub's initial run-queue, live-list and timer-heap capacities.</summary>
public class ScaleTests
{
    [Fact]
    public void Fifo_and_round_robin_hold_for_thousands_of_greenlets() => OnFreshThread(() =>
    {
        const int count = 3000;
        var log = new List<int>(count * 2);
        async GreenTask Worker(int n)
        {
            log.Add(n);
            await Green.Sleep(default(GreenSuspend), 0);
            log.Add(n);
        }
        var greenlets = Enumerable.Range(0, count).Select(n => Green.Spawn(default(GreenSuspend), Worker, n)).ToList();
        Assert.Equal(count, Green.Hub.LiveGreenletCount);
        Green.JoinAll(greenlets);
        var expected = Enumerable.Range(0, count).Concat(Enumerable.Range(0, count));
        Assert.Equal(expected, log);
        Assert.Equal(0, Green.Hub.LiveGreenletCount);
    });

    [Fact]
    public void SpawnLater_with_zero_delay_starts_in_call_order_past_the_heap_capacity() => OnFreshThread(() =>
    {
        var log = new List<int>();
        var greenlets = Enumerable.Range(0, 500).Select(n => Green.SpawnLater(TimeSpan.Zero, () => log.Add(n))).ToList();
        Green.JoinAll(greenlets);
        Assert.Equal(Enumerable.Range(0, 500), log);
    });

    [Fact]
    public void Many_timers_fire_in_deadline_order() => OnFreshThread(() =>
    {
        const int count = 100;
        var log = new List<int>();
        var random = new Random(1234);
        var order = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToList();
        // Every greenlet aims at an absolute instant, set only once all of them have run up to the gate (so their code
        // is compiled): the instants are two seconds away when one batch of wake-ups reads them, so none has passed
        // (100 ms from before the spawns, and later half a second, were overrun on a loaded machine: the late ones fired in
        // wake-up order).
        var gate = new GreenEvent();
        long baseline = 0;
        async GreenTask Sleeper(int slot)
        {
            await gate.Wait(default(GreenSuspend));
            long due = baseline + slot * Stopwatch.Frequency / 1000;
            var left = TimeSpan.FromSeconds(Math.Max(0, due - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
            await Green.Sleep(default(GreenSuspend), left);
            log.Add(slot);
        }
        var sleepers = order.Select(slot => Green.Spawn(default(GreenSuspend), Sleeper, slot)).ToList();
        Green.Sleep(0);   // every sleeper parks on the gate
        baseline = Stopwatch.GetTimestamp() + 2 * Stopwatch.Frequency;
        gate.Set();
        Green.JoinAll(sleepers);
        Assert.Equal(Enumerable.Range(0, count), log);
    });

    [Fact]
    public void Thousands_of_cancelled_timers_leave_no_pending_wait_behind() => OnFreshThread(() =>
    {
        var joiner = Green.Spawn(default(GreenSuspend), async () =>
        {
            for (int i = 0; i < 3000; i++)
            {
                var child = Green.Spawn(() => { });
                // Parks with a 60 s timer that the child's death cancels.
                if (!await child.Join(default(GreenSuspend), Forever))
                    throw new InvalidOperationException("join timed out");
            }
        });
        var sleeper = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 5); });
        var elapsed = Time(() =>
        {
            Green.JoinAll(joiner, sleeper);
            Green.Hub.Run();
        });
        Assert.Null(joiner.Exception);
        Assert.True(sleeper.Dead);
        Assert.True(elapsed < Prompt, $"the hub waited {elapsed} for cancelled timers");
    });
}
