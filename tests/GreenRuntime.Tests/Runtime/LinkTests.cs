using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Link, LinkValue, LinkException and Unlink (DESIGN §5).</summary>
public class LinkTests
{
    [Fact]
    public void Links_fire_in_order_after_a_successful_completion() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            log.Add("body done");
            return 1;
        });
        g.Link(x => log.Add($"link1 dead={x.Dead}"));
        g.LinkValue(x => log.Add($"value dead={x.Dead} successful={x.Successful}"));
        g.LinkException(_ => log.Add("exception"));
        g.Link(x => log.Add($"link2 same={ReferenceEquals(x, g)}"));
        Green.Hub.Run();
        Assert.Equal(["body done", "link1 dead=True", "value dead=True successful=True", "link2 same=True"], log);
    });

    [Fact]
    public void Links_fire_in_order_after_a_failure() => OnFreshThread(() =>
    {
        CaptureErrors();
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            throw new InvalidOperationException("boom");
        });
        g.LinkException(x => log.Add($"exception1 {x.Exception!.Message}"));
        g.Link(_ => log.Add("link"));
        g.LinkValue(_ => log.Add("value"));
        g.LinkException(_ => log.Add("exception2"));
        Green.Hub.Run();
        Assert.Equal(["exception1 boom", "link", "exception2"], log);
    });

    [Fact]
    public void Links_never_run_inside_the_greenlet_and_run_outside_any_greenlet() => OnFreshThread(() =>
    {
        var log = new List<string>();
        Greenlet? currentInLink = null;
        bool linkRan = false;
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            log.Add("body end");
        });
        g.Link(_ =>
        {
            linkRan = true;
            currentInLink = Green.Current;
            log.Add("link");
        });
        Green.Sleep(0);
        Assert.False(linkRan);
        g.Join();
        Green.Hub.Run();
        Assert.True(linkRan);
        Assert.Null(currentInLink);
        Assert.Equal(["body end", "link"], log);
    });

    [Fact]
    public void Killed_greenlet_fires_LinkValue_not_LinkException() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), Forever); });
        g.LinkValue(_ => log.Add("value"));
        g.LinkException(_ => log.Add("exception"));
        Green.Sleep(0);
        g.Kill();
        Green.Hub.Run();
        Assert.Equal(["value"], log);
    });

    [Fact]
    public void Links_fire_for_a_greenlet_killed_before_it_started() => OnFreshThread(() =>
    {
        CaptureErrors();
        var log = new List<string>();
        var exited = Green.Spawn(() => log.Add("never"));
        var failed = Green.Spawn(() => log.Add("never"));
        exited.Link(_ => log.Add("exited link"));
        exited.LinkValue(_ => log.Add("exited value"));
        failed.LinkException(x => log.Add($"failed exception {x.Exception!.Message}"));
        exited.Kill();
        failed.Kill(new ApplicationException("custom"));
        Green.Hub.Run();
        Assert.Equal(["exited link", "exited value", "failed exception custom"], log);
    });

    [Fact]
    public void Links_added_after_completion_still_fire() => OnFreshThread(() =>
    {
        CaptureErrors();
        var log = new List<string>();
        var ok = Green.Spawn(() => 1);
        var bad = Green.Spawn(() => throw new InvalidOperationException("bad"));
        Green.JoinAll(ok, bad);
        ok.Link(_ => log.Add("ok link"));
        ok.LinkValue(_ => log.Add("ok value"));
        ok.LinkException(_ => log.Add("ok exception"));
        bad.Link(_ => log.Add("bad link"));
        bad.LinkValue(_ => log.Add("bad value"));
        bad.LinkException(_ => log.Add("bad exception"));
        Green.Hub.Run();
        Assert.Equal(["ok link", "ok value", "bad link", "bad exception"], log);
    });

    [Fact]
    public void Unlink_removes_the_callback() => OnFreshThread(() =>
    {
        var log = new List<string>();
        Action<Greenlet> first = _ => log.Add("first");
        Action<Greenlet> second = _ => log.Add("second");
        Action<Greenlet> only = _ => log.Add("only");
        var g = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 0); });
        g.Link(first);
        g.LinkValue(second);
        g.Link(first);
        g.Unlink(first);
        var single = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 0); });
        single.Link(only);
        single.Unlink(only);
        single.Unlink(second); // not linked: nothing happens
        Green.JoinAll(g, single);
        Green.Hub.Run();
        Assert.Equal(["second"], log);
    });

    [Fact]
    public void Throwing_link_goes_to_the_ErrorHandler_and_later_links_still_run() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var log = new List<string>();
        var failure = new InvalidOperationException("link broke");
        var g = Green.Spawn(() => 1);
        g.Link(_ => throw failure);
        g.Link(_ => log.Add("second link"));
        var other = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            await Green.Sleep(default(GreenSuspend), 0);
            log.Add("other greenlet");
        });
        Green.JoinAll(g, other);
        Green.Hub.Run();
        Assert.Equal(["second link", "other greenlet"], log);
        var report = Assert.Single(errors);
        Assert.Same(failure, report.Exception);
        Assert.Same(g, report.Greenlet);
        Assert.True(g.Successful);
    });

    [Fact]
    public void Link_callbacks_can_spawn_greenlets() => OnFreshThread(() =>
    {
        var log = new List<string>();
        Greenlet? followUp = null;
        var g = Green.Spawn(() => log.Add("first"));
        g.Link(_ => followUp = Green.Spawn(() => log.Add("follow-up")));
        Green.Hub.Run();
        Assert.NotNull(followUp);
        Assert.True(followUp.Dead);
        Assert.Equal(["first", "follow-up"], log);
    });
}
