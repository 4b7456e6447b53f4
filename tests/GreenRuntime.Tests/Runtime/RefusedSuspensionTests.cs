using System.Runtime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

// GRN0029 warns of exactly what these tests are about: a suspension refused through an ordinary frame.
#pragma warning disable GRN0029

/// <summary>An ordinary method between two [Greenlet] methods, as in issue 7's repro.</summary>
internal static partial class Refusals
{
    [Greenlet]
    public static int Inner()
    {
        Thread.Sleep(0);
        return 1;
    }

    // Ordinary frame between two twins; kept a frame of its own so the message can name it in any build.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Plain() => Inner();

    [Greenlet]
    public static int Outer()
    {
        Thread.Sleep(0);
        return Plain();
    }

    [Greenlet]
    public static void Nap(int ms) => Thread.Sleep(ms);

    /// <summary>Parks on a timer (not a yield) inside a try/finally, then is refused through <see cref="PlainParked"/>.</summary>
    [Greenlet]
    public static int InnerParked(List<string> log)
    {
        try
        {
            Thread.Sleep(50);
            log.Add("inner woke");
            return 1;
        }
        finally
        {
            log.Add("inner finally");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int PlainParked(List<string> log) => InnerParked(log);

    [Greenlet]
    public static int OuterParked(List<string> log)
    {
        Thread.Sleep(0);
        try
        {
            return PlainParked(log);
        }
        catch (InvalidOperationException)
        {
            log.Add("outer caught the refusal");
            Thread.Sleep(20);
            log.Add("outer slept after it");
            return -1;
        }
    }
}
#pragma warning restore GRN0029

/// <summary>
/// A [Greenlet] method called through an ordinary frame cannot suspend: the refusal is a clear exception that leaves the
/// hub exactly as it was (DESIGN §2) — no stale wake-up of the refused wait reaches a later one.
/// </summary>
public class RefusedSuspensionTests
{
    private static void AssertNamesTheFrames(Exception? exception, string callee, string ordinary, string caller)
    {
        var e = Assert.IsType<InvalidOperationException>(exception);
        Assert.Contains($"'Refusals.{callee}'", e.Message);
        Assert.Contains($"'Refusals.{ordinary}', an ordinary (non-[Greenlet]) method", e.Message);
        Assert.Contains($"called from [Greenlet] method 'Refusals.{caller}'", e.Message);
        Assert.Contains($"Mark 'Refusals.{ordinary}' [Greenlet]", e.Message);
        Assert.DoesNotContain("callback", e.Message);
    }

    [Fact]
    public void A_refused_call_from_ordinary_code_leaves_no_stale_wake_up_for_the_next_wait() => OnFreshThread(() =>
    {
        var refused = Record.Exception(() => Refusals.Outer());
        AssertNamesTheFrames(refused, "Inner", "Plain", "Outer");
        Assert.Contains("ordinary code's call of a [Greenlet] method", refused!.Message);
        // Returned after ~3 ms before the fix: the refused Sleep(0) had left this thread queued in the hub.
        var slept = Time(() => Refusals.Nap(300));
        Assert.True(slept >= TimeSpan.FromMilliseconds(250), $"Nap(300) returned after {slept.TotalMilliseconds} ms");
        // Threw "GreenTimeoutException: ... did not finish within ." before the fix.
        Assert.Equal(1, Green.Spawn(Refusals.Inner).Get());
    });

    [Fact]
    public void A_refused_call_in_a_greenlet_fails_that_greenlet_and_the_hub_carries_on() => OnFreshThread(() =>
    {
        CaptureErrors();
        var g = Green.Spawn(Refusals.Outer);
        g.Name = "refusing";
        var log = new List<string>();
        var other = Green.Spawn(() => log.Add("other ran"));
        Assert.True(g.Join());
        AssertNamesTheFrames(g.Exception, "Inner", "Plain", "Outer");
        Assert.Contains("greenlet 'refusing'", g.Exception!.Message);
        other.Join();
        Assert.Equal(["other ran"], log);
        var slept = Time(() => Refusals.Nap(200));
        Assert.True(slept >= TimeSpan.FromMilliseconds(150), $"Nap(200) returned after {slept.TotalMilliseconds} ms");
        Assert.Equal(1, Green.Spawn(Refusals.Inner).Get());
    });

    [Fact]
    public void A_refused_timed_wait_is_taken_back_and_unwound_at_once() => OnFreshThread(() =>
    {
        var log = new List<string>();
        Assert.Equal(-1, Refusals.OuterParked(log));
        // The refused sleep never woke; its finally ran at once; the caller's own later wait behaved.
        Assert.Equal(["inner finally", "outer caught the refusal", "outer slept after it"], log);
        var slept = Time(() => Refusals.Nap(200));
        Assert.True(slept >= TimeSpan.FromMilliseconds(150), $"Nap(200) returned after {slept.TotalMilliseconds} ms");
        Green.Sleep(100); // a stale 50 ms timer of the refused wait would have fired in here
        Assert.Equal(["inner finally", "outer caught the refusal", "outer slept after it"], log);
    });

    [Fact]
    public void A_refused_call_in_a_link_callback_does_not_disturb_ordinary_code_blocked_in_Join() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var quick = Green.Spawn(() => 1);
        quick.Link(_ => Refusals.Inner());
        var slow = Green.Spawn(Refusals.Nap, 100);
        // Before the fix the link's twin took over this Join's wait, and the Join ended in LoopExitException.
        Assert.True(slow.Join());
        var (greenlet, exception) = Assert.Single(errors);
        Assert.Same(quick, greenlet);
        var e = Assert.IsType<InvalidOperationException>(exception);
        Assert.Contains("[Greenlet] method 'Refusals.Inner'", e.Message);
        Assert.Contains("callback running inside the hub loop", e.Message);
        Assert.Equal(1, Green.Spawn(Refusals.Inner).Get());
    });
}
