using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Green.SpawnLater (DESIGN §5).</summary>
public class SpawnLaterTests
{
    [Fact]
    public void SpawnLater_runs_after_its_delay_relative_to_other_sleepers() => OnFreshThread(() =>
    {
        var log = new List<string>();
        async GreenTask Sleeper(int ms)
        {
            await Green.Sleep(default(GreenSuspend), ms);
            log.Add($"slept {ms}");
        }
        // The sleepers start (and so arm their timers) before SpawnLater arms its own.
        var shortSleeper = Green.Spawn(default(GreenSuspend), Sleeper, 1);
        var longSleeper = Green.Spawn(default(GreenSuspend), Sleeper, 300);
        Green.Sleep(0);
        var later = Green.SpawnLater(TimeSpan.FromMilliseconds(1), () => log.Add("later"));
        var now = Green.Spawn(() => log.Add("now"));
        Assert.False(later.Started);
        Green.JoinAll(later, shortSleeper, longSleeper, now);
        Assert.Equal(["now", "slept 1", "later", "slept 300"], log);
    });

    [Fact]
    public void SpawnLater_greenlet_is_not_started_until_the_delay_passed() => OnFreshThread(() =>
    {
        bool ran = false;
        var later = Green.SpawnLater(TimeSpan.FromMilliseconds(150), () => { ran = true; });
        Green.Sleep(0);
        Green.Sleep(0);
        Assert.False(ran);
        Assert.False(later.Started);
        Assert.True(later.Join());
        Assert.True(ran);
    });

    [Fact]
    public void SpawnLater_passes_arguments_and_returns_values() => OnFreshThread(() =>
    {
        var delay = TimeSpan.FromMilliseconds(1);
        var log = new List<string>();
        async GreenTask<int> Twin(int a, int b)
        {
            await Green.Sleep(default(GreenSuspend), 0);
            return a * b;
        }
        var f0 = Green.SpawnLater(delay, () => 1);
        var f1 = Green.SpawnLater(delay, (int a) => a + 1, 1);
        var f4 = Green.SpawnLater(delay, (int a, int b, int c, int d) => a + b + c + d, 1, 2, 3, 4);
        var a2 = Green.SpawnLater(delay, (string x, string y) => log.Add(x + y), "x", "y");
        var t0 = Green.SpawnLater(default(GreenSuspend), delay, async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            return "twin";
        });
        var t2 = Green.SpawnLater(default(GreenSuspend), delay, Twin, 6, 7);
        Green.JoinAll(f0, f1, f4, a2, t0, t2);
        Assert.Equal([1, 2, 10, 42], new[] { f0.Value, f1.Value, f4.Value, t2.Value });
        Assert.Equal("twin", t0.Value);
        Assert.Equal(["xy"], log);
    });

    [Fact]
    public void Killing_a_SpawnLater_greenlet_before_it_starts_means_it_never_runs() => OnFreshThread(() =>
    {
        bool ran = false;
        var later = Green.SpawnLater(TimeSpan.FromMilliseconds(10), () => { ran = true; });
        later.Kill();
        Assert.True(later.Dead);
        Assert.True(later.Successful);
        Green.Sleep(50);
        Green.Hub.Run();
        Assert.False(ran);
        Assert.False(later.Started);
    });

    [Fact]
    public void Killing_a_SpawnLater_greenlet_cancels_its_timer() => OnFreshThread(() =>
    {
        bool ran = false;
        var later = Green.SpawnLater(Forever, () => { ran = true; });
        var elapsed = Time(() =>
        {
            later.Kill();
            Green.Hub.Run();
        });
        Assert.False(ran);
        Assert.True(elapsed < Prompt, $"Hub.Run took {elapsed} after the 60 s SpawnLater was killed");
    });

    [Fact]
    public void Killing_a_SpawnLater_greenlet_from_another_greenlet_before_it_starts() => OnFreshThread(() =>
    {
        bool ran = false;
        var later = Green.SpawnLater(default(GreenSuspend), TimeSpan.FromMilliseconds(20), async () =>
        {
            ran = true;
            await Green.Sleep(default(GreenSuspend), 0);
        });
        var killer = Green.Spawn(default(GreenSuspend), async () =>
        {
            await later.Kill(default(GreenSuspend));
            await Green.Sleep(default(GreenSuspend), 60);
        });
        killer.Join();
        Assert.Null(killer.Exception);
        Assert.False(ran);
        Assert.True(later.Dead);
    });
}
