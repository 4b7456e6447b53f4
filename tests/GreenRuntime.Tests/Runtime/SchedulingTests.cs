using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Spawning and the hub's FIFO scheduling (DESIGN §3).</summary>
public class SchedulingTests
{
    [Fact]
    public void Spawn_never_runs_the_body_synchronously() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(() => log.Add("body"));
        Assert.Empty(log);
        Assert.False(g.Started);
        Assert.False(g.Dead);
        Assert.True(g.Join());
        Assert.Equal(["body"], log);
        Assert.True(g.Started);
        Assert.True(g.Dead);
        Assert.True(g.Ready);
    });

    [Fact]
    public void Spawn_of_a_twin_never_runs_the_twin_synchronously() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add("before");
            await Green.Sleep(default(GreenSuspend), 0);
            log.Add("after");
        });
        Assert.Empty(log);
        Assert.False(g.Started);
        g.Join();
        Assert.Equal(["before", "after"], log);
    });

    [Fact]
    public void First_runs_are_fifo_in_spawn_order() => OnFreshThread(() =>
    {
        var log = new List<int>();
        var greenlets = new List<Greenlet>();
        for (int i = 0; i < 10; i++)
        {
            int n = i;
            greenlets.Add(i % 2 == 0
                ? Green.Spawn(() => log.Add(n))
                : Green.Spawn(default(GreenSuspend), async () =>
                {
                    log.Add(n);
                    await Green.Sleep(default(GreenSuspend), 0);
                }));
        }
        Green.JoinAll(greenlets);
        Assert.Equal(Enumerable.Range(0, 10), log);
    });

    [Fact]
    public void Sleep_zero_interleaves_greenlets_round_robin() => OnFreshThread(() =>
    {
        var log = new List<string>();
        async GreenTask Worker(string name)
        {
            for (int i = 0; i < 3; i++)
            {
                log.Add($"{name}{i}");
                await Green.Sleep(default(GreenSuspend), 0);
            }
        }
        var a = Green.Spawn(default(GreenSuspend), Worker, "a");
        var b = Green.Spawn(default(GreenSuspend), Worker, "b");
        var c = Green.Spawn(default(GreenSuspend), Worker, "c");
        Green.JoinAll(a, b, c);
        Assert.Equal(["a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2"], log);
    });

    [Fact]
    public void Sleep_timespan_zero_yields_like_sleep_zero() => OnFreshThread(() =>
    {
        var log = new List<string>();
        async GreenTask Worker(string name)
        {
            for (int i = 0; i < 2; i++)
            {
                log.Add($"{name}{i}");
                await Green.Sleep(default(GreenSuspend), TimeSpan.Zero);
            }
        }
        Green.JoinAll(Green.Spawn(default(GreenSuspend), Worker, "a"), Green.Spawn(default(GreenSuspend), Worker, "b"));
        Assert.Equal(["a0", "b0", "a1", "b1"], log);
    });

    [Fact]
    public void Sleep_zero_from_ordinary_code_lets_every_runnable_greenlet_run_once() => OnFreshThread(() =>
    {
        var log = new List<string>();
        async GreenTask Worker(string name)
        {
            for (int i = 0; i < 3; i++)
            {
                log.Add($"{name}{i}");
                await Green.Sleep(default(GreenSuspend), 0);
            }
        }
        var greenlets = new[]
        {
            Green.Spawn(default(GreenSuspend), Worker, "a"),
            Green.Spawn(default(GreenSuspend), Worker, "b"),
            Green.Spawn(default(GreenSuspend), Worker, "c"),
        };

        Green.Sleep(0);
        Assert.Equal(["a0", "b0", "c0"], log);
        Green.Sleep(TimeSpan.Zero);
        Assert.Equal(["a0", "b0", "c0", "a1", "b1", "c1"], log);
        Green.JoinAll(greenlets);
        Assert.Equal(9, log.Count);
    });

    [Fact]
    public void Greenlet_spawned_by_a_greenlet_runs_after_the_already_runnable_ones() => OnFreshThread(() =>
    {
        var log = new List<string>();
        Greenlet? child = null;
        var parent = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add("parent");
            child = Green.Spawn(() => log.Add("child"));
            Assert.DoesNotContain("child", log);
            await Green.Sleep(default(GreenSuspend), 0);
            log.Add("parent resumed");
        });
        var sibling = Green.Spawn(() => log.Add("sibling"));
        Green.JoinAll(parent, sibling);
        child!.Join();
        Assert.Equal(["parent", "sibling", "child", "parent resumed"], log);
    });

    [Fact]
    public void Timed_sleeps_wake_in_deadline_order() => OnFreshThread(() =>
    {
        var log = new List<int>();
        async GreenTask Sleeper(int ms)
        {
            await Green.Sleep(default(GreenSuspend), ms);
            log.Add(ms);
        }
        Green.JoinAll(
            Green.Spawn(default(GreenSuspend), Sleeper, 100),
            Green.Spawn(default(GreenSuspend), Sleeper, 1),
            Green.Spawn(default(GreenSuspend), Sleeper, 50));
        Assert.Equal([1, 50, 100], log);
    });

    [Fact]
    public void Sleep_from_ordinary_code_runs_the_hub_until_it_returns() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 5);
            log.Add("greenlet woke");
        });
        Green.Sleep(100);
        log.Add("main woke");
        Assert.True(g.Dead);
        Assert.Equal(["greenlet woke", "main woke"], log);
    });

    [Fact]
    public void Spawn_passes_arguments_to_plain_functions() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var a1 = Green.Spawn((int a) => log.Add($"{a}"), 1);
        var a2 = Green.Spawn((int a, string b) => log.Add($"{a}{b}"), 1, "b");
        var a3 = Green.Spawn((int a, string b, char c) => log.Add($"{a}{b}{c}"), 1, "b", 'c');
        var a4 = Green.Spawn((int a, string b, char c, double d) => log.Add($"{a}{b}{c}{d}"), 1, "b", 'c', 4.5);
        var f0 = Green.Spawn(() => 10);
        var f1 = Green.Spawn((int a) => a + 1, 10);
        var f2 = Green.Spawn((int a, int b) => a + b, 10, 2);
        var f3 = Green.Spawn((int a, int b, int c) => a + b + c, 10, 2, 3);
        var f4 = Green.Spawn((int a, int b, int c, int d) => a + b + c + d, 10, 2, 3, 4);
        Green.JoinAll(a1, a2, a3, a4, f0, f1, f2, f3, f4);
        Assert.Equal(["1", "1b", "1bc", "1bc4.5"], log);
        Assert.Equal([10, 11, 12, 15, 19], new[] { f0.Value, f1.Value, f2.Value, f3.Value, f4.Value });
    });

    [Fact]
    public void Spawn_passes_arguments_to_twins() => OnFreshThread(() =>
    {
        var log = new List<string>();
        async GreenTask V1(int a) { await Green.Sleep(default(GreenSuspend), 0); log.Add($"{a}"); }
        async GreenTask V2(int a, int b) { await Green.Sleep(default(GreenSuspend), 0); log.Add($"{a}{b}"); }
        async GreenTask V3(int a, int b, int c) { await Green.Sleep(default(GreenSuspend), 0); log.Add($"{a}{b}{c}"); }
        async GreenTask V4(int a, int b, int c, int d) { await Green.Sleep(default(GreenSuspend), 0); log.Add($"{a}{b}{c}{d}"); }
        async GreenTask<int> R0() { await Green.Sleep(default(GreenSuspend), 0); return 100; }
        async GreenTask<int> R1(int a) { await Green.Sleep(default(GreenSuspend), 0); return a; }
        async GreenTask<int> R2(int a, int b) { await Green.Sleep(default(GreenSuspend), 0); return a * b; }
        async GreenTask<int> R3(int a, int b, int c) { await Green.Sleep(default(GreenSuspend), 0); return a * b * c; }
        async GreenTask<int> R4(int a, int b, int c, int d) { await Green.Sleep(default(GreenSuspend), 0); return a * b * c * d; }
        var s = default(GreenSuspend);
        var vs = new Greenlet[]
        {
            Green.Spawn(s, V1, 1), Green.Spawn(s, V2, 1, 2), Green.Spawn(s, V3, 1, 2, 3), Green.Spawn(s, V4, 1, 2, 3, 4),
        };
        var rs = new[]
        {
            Green.Spawn(s, R0), Green.Spawn(s, R1, 2), Green.Spawn(s, R2, 2, 3), Green.Spawn(s, R3, 2, 3, 4), Green.Spawn(s, R4, 2, 3, 4, 5),
        };
        Green.JoinAll(vs.Concat(rs));
        Assert.Equal(["1", "12", "123", "1234"], log);
        Assert.Equal([100, 2, 6, 24, 120], rs.Select(g => g.Value));
    });

    [Fact]
    public void Twin_that_finishes_without_suspending_still_reports_its_value() => OnFreshThread(() =>
    {
        static GreenTask<int> Immediate(int x) => Synchronous(x);
#pragma warning disable CS1998 // deliberately an async twin with no suspension point
        static async GreenTask<int> Synchronous(int x) => x * 3;
#pragma warning restore CS1998
        var g = Green.Spawn(default(GreenSuspend), Immediate, 14);
        Assert.False(g.Started);
        Assert.Equal(42, g.Get());
    });

    [Fact]
    public void Hub_Run_runs_until_nothing_is_left() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 5);
            log.Add("slept");
            _ = Green.Spawn(() => log.Add("grandchild"));
        });
        Green.Hub.Run();
        Assert.True(g.Dead);
        Assert.Equal(["slept", "grandchild"], log);
        Assert.Equal(0, Green.Hub.LiveGreenletCount);
    });

    [Fact]
    public void Hub_Run_returns_leaving_forever_parked_greenlets_parked() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var g = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        Green.Hub.Run();
        Assert.True(g.Started);
        Assert.False(g.Dead);
        Assert.Equal(1, Green.Hub.LiveGreenletCount);
        ev.Set();
        Green.Hub.Run();
        Assert.True(g.Dead);
        Assert.Equal(0, Green.Hub.LiveGreenletCount);
    });
    [Fact]
    public void Timers_fire_while_a_greenlet_spins_on_sleep_zero() => OnFreshThread(() =>
    {
        bool stop = false;
        int spins = 0;
        var spinner = Green.Spawn(default(GreenSuspend), async () =>
        {
            while (!stop)
            {
                spins++;
                await Green.Sleep(default(GreenSuspend), 0);
            }
        });
        var sleeper = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 10);
            stop = true;
        });
        var elapsed = Time(() => Green.JoinAll(spinner, sleeper));
        Assert.True(spins > 0);
        Assert.True(elapsed < Prompt, $"the sleeper's 10 ms timer took {elapsed} to fire under a spinning greenlet");
    });

    [Fact]
    public void Sleep_rejects_negative_delays_except_infinite() => OnFreshThread(() =>
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Green.Sleep(-2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Green.Sleep(TimeSpan.FromMilliseconds(-2)));
        // Infinite is allowed: with nothing else to run, that is a LoopExitException, not a hang.
        Assert.Throws<LoopExitException>(() => Green.Sleep(System.Threading.Timeout.Infinite));
    });
}
