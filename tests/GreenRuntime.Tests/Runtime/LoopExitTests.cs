using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>LoopExitException: ordinary code blocking on a hub that can never wake it (DESIGN §3).</summary>
public class LoopExitTests
{
    [Fact]
    public void Joining_a_greenlet_parked_forever_on_an_event_throws_LoopExitException_naming_it() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var g = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        g.Name = "parked-on-event";
        var elapsed = Time(() =>
        {
            var e = Assert.Throws<LoopExitException>(() => g.Join());
            Assert.Contains("'parked-on-event'", e.Message);
            Assert.Contains(nameof(GreenEvent), e.Message);
            Assert.Contains("greenlet 'parked-on-event' to finish", e.Message); // what the blocked call waits on
            var parked = Assert.Single(e.ParkedGreenlets);
            Assert.Contains("parked-on-event", parked);
            Assert.Contains(nameof(GreenEvent), parked);
            Assert.IsAssignableFrom<InvalidOperationException>(e);
        });
        Assert.True(elapsed < Prompt);
    });

    [Fact]
    public void Two_greenlets_joining_each_other_give_LoopExitException_naming_both() => OnFreshThread(() =>
    {
        Greenlet? bob = null;
        var alice = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            await bob!.Join(default(GreenSuspend));
        });
        bob = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            await alice.Join(default(GreenSuspend));
        });
        alice.Name = "alice";
        bob.Name = "bob";
        var e = Assert.Throws<LoopExitException>(() => Green.JoinAll(alice, bob));
        Assert.Contains("'alice' waits on greenlet 'bob' to finish", e.Message);
        Assert.Contains("'bob' waits on greenlet 'alice' to finish", e.Message);
        Assert.Equal(2, e.ParkedGreenlets.Count);
    });

    [Fact]
    public void Waiting_on_an_event_nobody_can_set_throws_LoopExitException() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var e = Assert.Throws<LoopExitException>(() => ev.Wait());
        Assert.Contains(nameof(GreenEvent), e.Message);
        Assert.Empty(e.ParkedGreenlets);
        Assert.DoesNotContain("would block forever", e.Message);
    });

    [Fact]
    public void Hub_still_works_after_LoopExitException_and_parked_greenlets_can_be_woken() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        var parked = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend));
            log.Add("parked woke");
            return "woken";
        });
        Assert.Throws<LoopExitException>(() => parked.Join());
        Assert.Throws<LoopExitException>(() => parked.Get());

        // Spawn + join still work.
        var fresh = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 1);
            return 5;
        });
        Assert.Equal(5, fresh.Get());
        Green.Sleep(1);
        Assert.False(parked.Dead);

        // The parked greenlet can still be woken.
        ev.Set();
        Assert.True(parked.Join());
        Assert.Equal("woken", parked.Value);
        Assert.Equal(["parked woke"], log);
    });

    [Fact]
    public void Mutually_joined_greenlets_can_be_killed_after_LoopExitException() => OnFreshThread(() =>
    {
        Greenlet? b = null;
        var a = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            await b!.Join(default(GreenSuspend));
        });
        b = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            await a.Join(default(GreenSuspend));
        });
        Assert.Throws<LoopExitException>(() => a.Join());
        a.Kill();
        Assert.True(a.Successful);
        Assert.True(b.Join());
        Assert.True(b.Successful);
        Assert.Equal(0, Green.Hub.LiveGreenletCount);
    });

    [Fact]
    public void No_LoopExitException_while_a_timer_can_still_wake_the_hub() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var setter = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 20);
            ev.Set();
        });
        Assert.True(ev.Wait());
        Assert.True(setter.Join());
    });

    [Fact]
    public void LoopExitException_from_JoinAll_with_count_lists_the_parked_greenlets() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var first = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        var second = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        first.Name = "first-waiter";
        second.Name = "second-waiter";
        var e = Assert.Throws<LoopExitException>(() => Green.JoinAll([first, second], count: 1));
        Assert.Contains("first-waiter", e.Message);
        Assert.Contains("second-waiter", e.Message);
        ev.Set();
        Assert.Equal(2, Green.JoinAll(first, second).Count);
    });
}
