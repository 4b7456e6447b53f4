using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>
/// A blocking call from code the hub is dispatching that is not a [Greenlet] twin (a plain delegate body, a
/// plain helper called from a twin, a link callback, a posted action) cannot suspend: it throws
/// InvalidOperationException with advice, and leaves the hub and the greenlet in a sane state.
/// </summary>
public class BlockingMisuseTests
{
    // Plain (non-twin) helpers: method groups, so no generator ever rewrites them.
    private static void PlainSleep() => Green.Sleep(10);

    private static void PlainYield() => Green.Sleep(0);

    private static void PlainRun() => Green.Hub.Run();

    private static void AssertHelpfulMessage(Exception? exception, Greenlet greenlet)
    {
        var e = Assert.IsType<InvalidOperationException>(exception);
        Assert.Contains("[Greenlet]", e.Message);
        Assert.Contains(greenlet.Name, e.Message);
    }

    [Fact]
    public void Blocking_call_from_a_plain_delegate_inside_a_greenlet_throws_with_a_helpful_message() => OnFreshThread(() =>
    {
        CaptureErrors();
        var sleeper = Green.Spawn(PlainSleep);
        var yielder = Green.Spawn(PlainYield);
        var runner = Green.Spawn(PlainRun);
        sleeper.Name = "plain-sleeper";
        Green.JoinAll(sleeper, yielder, runner);
        AssertHelpfulMessage(sleeper.Exception, sleeper);
        AssertHelpfulMessage(yielder.Exception, yielder);
        AssertHelpfulMessage(runner.Exception, runner);
    });

    [Fact]
    public void Every_blocking_api_from_a_plain_delegate_inside_a_greenlet_throws() => OnFreshThread(() =>
    {
        CaptureErrors();
        var ev = new GreenEvent();
        var other = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend));
            return 1;
        });
        var attempts = new (string Name, Action Call)[]
        {
            ("Join", () => other.Join()),
            ("Join(timeout)", () => other.Join(TimeSpan.FromMilliseconds(5))),
            ("Get", () => other.Get()),
            ("JoinAll", () => Green.JoinAll(other)),
            ("GreenEvent.Wait", () => ev.Wait()),
            ("GreenEvent.Wait(timeout)", () => ev.Wait(TimeSpan.FromMilliseconds(5))),
            ("Sleep(TimeSpan)", () => Green.Sleep(TimeSpan.FromMilliseconds(5))),
            ("Offload", () => Green.Offload(() => 1)),
            ("WithTimeout", () => Green.WithTimeout(TimeSpan.FromSeconds(1), () => { Green.Sleep(5); return 1; }, 0)),
        };
        var greenlets = attempts.Select(a => (a.Name, Greenlet: Green.Spawn(a.Call))).ToList();
        Green.JoinAll(greenlets.Select(x => x.Greenlet));
        foreach (var (name, greenlet) in greenlets)
        {
            var e = Assert.IsType<InvalidOperationException>(greenlet.Exception);
            Assert.True(e.Message.Contains("[Greenlet]"), $"{name}: {e.Message}");
        }
        Assert.False(other.Dead);
        ev.Set();
        Assert.Equal(1, other.Get());
    });

    [Fact]
    public void Blocking_call_from_a_plain_helper_inside_a_twin_throws_and_the_twin_carries_on_normally() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            foreach (var misuse in new Action[] { PlainYield, PlainSleep })
            {
                try
                {
                    misuse();
                }
                catch (InvalidOperationException e) when (e.Message.Contains("[Greenlet]"))
                {
                    log.Add("misuse refused");
                }
            }
            // Real suspension points afterwards must behave exactly as usual.
            await Green.Sleep(default(GreenSuspend), 200);
            log.Add("g slept 200");
        });
        var h = Green.Spawn(default(GreenSuspend), async () =>
        {
            for (int i = 0; i < 3; i++)
            {
                log.Add($"h{i}");
                await Green.Sleep(default(GreenSuspend), 0);
            }
            await Green.Sleep(default(GreenSuspend), 20);
            log.Add("h slept 20");
        });
        Green.JoinAll(g, h);
        Assert.Null(g.Exception);
        Assert.Equal(["misuse refused", "misuse refused", "h0", "h1", "h2", "h slept 20", "g slept 200"], log);
    });

    [Fact]
    public void Blocking_call_in_a_link_callback_goes_to_the_ErrorHandler_and_the_blocked_caller_is_unaffected() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var log = new List<string>();
        var quick = Green.Spawn(() => log.Add("quick"));
        quick.Link(_ => Green.Sleep(0));
        quick.Link(_ => Green.Sleep(50));
        var slow = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 10);
            log.Add("slow");
            return "slow done";
        });
        // Ordinary code is blocked in Join while the links run.
        Assert.True(slow.Join());
        Assert.Equal("slow done", slow.Value);
        Assert.Equal(["quick", "slow"], log);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, r =>
        {
            Assert.Same(quick, r.Greenlet);
            Assert.IsType<InvalidOperationException>(r.Exception);
        });
        // The hub is not left with a bogus wait.
        Assert.Equal(7, Green.Spawn(() => 7).Get());
        Green.Sleep(1);
    });

    [Fact]
    public void Blocking_call_in_a_posted_action_goes_to_the_ErrorHandler_and_the_blocked_caller_is_unaffected() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var hub = Green.Hub;
        hub.Post(() => Green.Sleep(0));
        hub.Post(() => new GreenEvent().Wait());
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 10);
            return 3;
        });
        Assert.Equal(3, g.Get());
        Assert.Equal(2, errors.Count);
        Assert.All(errors, r => Assert.IsType<InvalidOperationException>(r.Exception));
        Green.Sleep(1);
    });
}
