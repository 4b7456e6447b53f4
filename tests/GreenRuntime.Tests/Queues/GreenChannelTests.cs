using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Queues;

/// <summary>GreenChannel: a queue with no room, where Put and Get meet (gevent's Channel).</summary>
public class GreenChannelTests
{
    [Fact]
    public void Put_waits_until_a_Get_takes_the_item() => OnFreshThread(() =>
    {
        var channel = new GreenChannel<string>();
        var log = new List<string>();
        var putter = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add("putting");
            await channel.Put(default(GreenSuspend), "x");
            log.Add("put returned");
        });
        Green.Sleep(0);
        Green.Sleep(0);
        Assert.Equal(["putting"], log);
        Assert.Equal(1, channel.Balance);
        log.Add($"got {channel.Get()}");
        putter.Join();
        Assert.Equal(["putting", "got x", "put returned"], log);
    });

    [Fact]
    public void Get_waits_until_a_Put_comes_and_the_Put_returns_at_once() => OnFreshThread(() =>
    {
        var channel = new GreenChannel<int>();
        var getter = Green.Spawn(default(GreenSuspend), async () => await channel.Get(default(GreenSuspend)));
        Green.Sleep(0);
        Assert.Equal(-1, channel.Balance);
        channel.Put(7);
        Assert.Equal(7, getter.Get());
    });

    [Fact]
    public void Putters_and_getters_meet_in_the_order_they_started_waiting() => OnFreshThread(() =>
    {
        var channel = new GreenChannel<string>();
        var log = new List<string>();
        var putters = new[] { "a", "b", "c" }
            .Select(item => Green.Spawn(default(GreenSuspend), async () =>
            {
                await channel.Put(default(GreenSuspend), item);
                log.Add($"put {item}");
            }))
            .ToArray();
        Green.Sleep(0);
        Assert.Equal(["a", "b", "c"], [channel.Get(), channel.Get(), channel.Get()]);
        Green.JoinAll(putters);
        Assert.Equal(["put a", "put b", "put c"], log);
    });

    [Fact]
    public void Non_blocking_calls_need_the_other_side_waiting() => OnFreshThread(() =>
    {
        var channel = new GreenChannel<int>();
        Assert.Throws<QueueFullException>(() => channel.Put(1, block: false));
        Assert.Throws<QueueEmptyException>(() => channel.Get(block: false));
        Assert.Throws<QueueFullException>(() => channel.Put(1, timeout: TimeSpan.FromMilliseconds(5)));
        Assert.False(channel.TryPut(1));
        Assert.False(channel.TryGet(out _));
        var getter = Green.Spawn(default(GreenSuspend), async () => await channel.Get(default(GreenSuspend)));
        Green.Sleep(0);
        Assert.True(channel.TryPut(2));
        Assert.Equal(2, getter.Get());
    });

    [Fact]
    public void A_putter_that_times_out_takes_its_item_back() => OnFreshThread(() =>
    {
        var channel = new GreenChannel<string>();
        var log = new List<string>();
        var quitter = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await channel.Put(default(GreenSuspend), "stale", timeout: TimeSpan.FromMilliseconds(10));
            }
            catch (QueueFullException)
            {
                log.Add("quitter full");
            }
        });
        Assert.True(quitter.Join(Prompt));
        var fresh = Green.Spawn(default(GreenSuspend), async () => await channel.Put(default(GreenSuspend), "fresh"));
        Assert.Equal("fresh", channel.Get());
        fresh.Join();
        Assert.Equal(["quitter full"], log);
        Assert.False(channel.TryGet(out _));
    });

    [Fact]
    public void A_putter_killed_while_waiting_takes_its_item_back() => OnFreshThread(() =>
    {
        var channel = new GreenChannel<string>();
        var killed = Green.Spawn(default(GreenSuspend), async () => await channel.Put(default(GreenSuspend), "gone"));
        Green.Sleep(0);
        killed.Kill();
        Assert.False(channel.TryGet(out _));
        Assert.Equal(0, channel.Balance);
    });

    [Fact]
    public void An_item_handed_to_a_getter_killed_before_it_ran_goes_to_the_next_getter() => OnFreshThread(() =>
    {
        var channel = new GreenChannel<string>();
        var log = new List<string>();
        Greenlet Getter(string name) => Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                log.Add($"{name} got {await channel.Get(default(GreenSuspend))}");
            }
            catch (GreenletExit)
            {
                log.Add($"{name} killed");
            }
        });
        var first = Getter("first");
        var second = Getter("second");
        Green.Sleep(0);
        channel.Put("x");
        first.Kill(block: false);
        Green.JoinAll(first, second);
        Assert.Equal(["first killed", "second got x"], log);

        // With no other getter waiting the item waits for the next Get: it is never lost.
        var lone = Getter("lone");
        Green.Sleep(0);
        channel.Put("y");
        lone.Kill();
        Assert.Equal("y", channel.Get(block: false));
    });
}
