using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Killing greenlets (DESIGN §3: Kill throws GreenletExit at the suspension point).</summary>
public class KillTests
{
    [Fact]
    public void Kill_throws_GreenletExit_at_the_suspension_point_and_runs_finally_blocks() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                log.Add("sleeping");
                await Green.Sleep(default(GreenSuspend), Forever);
                log.Add("woke normally");
            }
            catch (Exception e)
            {
                log.Add($"caught {e.GetType().Name}");
                throw;
            }
            finally
            {
                log.Add("finally");
            }
        });
        Green.Sleep(0);
        g.Kill();
        Assert.True(g.Dead);
        Assert.Equal(["sleeping", "caught GreenletExit", "finally"], log);
    });

    [Fact]
    public void Kill_runs_nested_finally_blocks_and_using_disposals_innermost_first() => OnFreshThread(() =>
    {
        var log = new List<string>();
        async GreenTask Inner()
        {
            using var resource = new Disposable(() => log.Add("inner resource disposed"));
            try
            {
                await Green.Sleep(default(GreenSuspend), Forever);
            }
            finally
            {
                log.Add("inner finally");
            }
        }
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await Inner();
            }
            finally
            {
                log.Add("outer finally");
            }
        });
        Green.Sleep(0);
        g.Kill();
        Assert.Equal(["inner finally", "inner resource disposed", "outer finally"], log);
    });

    [Fact]
    public void Kill_before_start_never_runs_body() => OnFreshThread(() =>
    {
        bool ran = false;
        var plain = Green.Spawn(() => { ran = true; });
        var twin = Green.Spawn(default(GreenSuspend), async () =>
        {
            ran = true;
            await Green.Sleep(default(GreenSuspend), 0);
        });
        plain.Kill();
        twin.Kill();
        Assert.True(plain.Dead);
        Assert.True(twin.Dead);
        Green.Hub.Run();
        Green.Sleep(0);
        Assert.False(ran);
        Assert.False(plain.Started);
        Assert.False(twin.Started);
        Assert.True(plain.Successful);
        Assert.Null(plain.Exception);
    });

    [Fact]
    public void Killed_greenlet_counts_as_successful_with_null_exception_and_default_value() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), Forever);
            return 99;
        });
        Green.Sleep(0);
        g.Kill();
        Assert.True(g.Dead);
        Assert.True(g.Successful);
        Assert.Null(g.Exception);
        Assert.Equal(0, g.Value);
        Assert.Equal(0, g.Get());
        Assert.Empty(errors);
    });

    [Fact]
    public void Kill_with_a_custom_exception_fails_the_greenlet_with_it() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var log = new List<string>();
        var custom = new ApplicationException("custom kill");
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await Green.Sleep(default(GreenSuspend), Forever);
            }
            catch (ApplicationException e)
            {
                log.Add($"caught {e.Message}");
                throw;
            }
            return 1;
        });
        Green.Sleep(0);
        g.Kill(custom);
        Assert.True(g.Dead);
        Assert.False(g.Successful);
        Assert.Same(custom, g.Exception);
        Assert.Same(custom, Assert.Throws<ApplicationException>(() => g.Get()));
        Assert.Equal(0, g.Value);
        Assert.Equal(["caught custom kill"], log);
        Assert.Same(custom, Assert.Single(errors).Exception);
    });

    [Fact]
    public void Kill_with_a_custom_exception_before_start_fails_it_without_running_it() => OnFreshThread(() =>
    {
        CaptureErrors();
        bool ran = false;
        var custom = new ApplicationException("custom kill");
        var g = Green.Spawn(() => { ran = true; });
        g.Kill(custom);
        Green.Hub.Run();
        Assert.False(ran);
        Assert.Same(custom, g.Exception);
        Assert.Same(custom, Assert.Throws<ApplicationException>(() => g.Get()));
    });

    [Fact]
    public void Kill_without_blocking_returns_before_the_greenlet_dies() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await Green.Sleep(default(GreenSuspend), Forever);
            }
            finally
            {
                log.Add("finally");
            }
        });
        Green.Sleep(0);
        g.Kill(block: false);
        Assert.False(g.Dead);
        Assert.Empty(log);
        Assert.True(g.Join());
        Assert.True(g.Successful);
        Assert.Equal(["finally"], log);
    });

    [Fact]
    public void Killing_a_sleeping_greenlet_cancels_its_timer() => OnFreshThread(() =>
    {
        var g = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), Forever); });
        Green.Sleep(0);
        var elapsed = Time(() =>
        {
            g.Kill();
            Green.Hub.Run();
        });
        Assert.True(g.Dead);
        Assert.True(elapsed < Prompt, $"Hub.Run took {elapsed} after the 60 s sleeper was killed");
    });

    [Fact]
    public void Killing_a_sleeping_greenlet_without_blocking_cancels_its_timer() => OnFreshThread(() =>
    {
        var g = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), (int)Forever.TotalMilliseconds); });
        Green.Sleep(0);
        g.Kill(block: false);
        var elapsed = Time(Green.Hub.Run);
        Assert.True(g.Dead);
        Assert.True(elapsed < Prompt, $"Hub.Run took {elapsed} after the 60 s sleeper was killed");
    });

    [Fact]
    public void Killing_a_runnable_greenlet_interrupts_it_at_its_next_suspension() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var target = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                for (int i = 0; ; i++)
                {
                    log.Add($"target{i}");
                    await Green.Sleep(default(GreenSuspend), 0);
                }
            }
            finally
            {
                log.Add("target finally");
            }
        });
        var killer = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add("killer");
            // target yielded and is runnable (queued behind us), not parked.
            await target.Kill(default(GreenSuspend), block: false);
            log.Add($"killer after kill: dead={target.Dead}");
        });
        Green.JoinAll(target, killer);
        Assert.Equal(["target0", "killer", "killer after kill: dead=False", "target finally"], log);
        Assert.True(target.Successful);
    });

    [Fact]
    public void Kill_from_a_greenlet_waits_for_the_target_to_die() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        var target = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await ev.Wait(default(GreenSuspend));
            }
            finally
            {
                log.Add("target finally");
            }
        });
        var killer = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            await target.Kill(default(GreenSuspend));
            log.Add($"killer after kill: dead={target.Dead}");
        });
        Assert.True(killer.Join());
        Assert.Null(killer.Exception);
        Assert.Equal(["target finally", "killer after kill: dead=True"], log);
    });

    [Fact]
    public void Kill_of_a_joining_greenlet_interrupts_its_join() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        var slow = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        var joiner = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await slow.Join(default(GreenSuspend));
            }
            catch (GreenletExit)
            {
                log.Add("join interrupted");
                throw;
            }
        });
        Green.Sleep(0);
        joiner.Kill();
        Assert.Equal(["join interrupted"], log);
        Assert.False(slow.Dead);
        ev.Set();
        Assert.True(slow.Join());
    });

    [Fact]
    public void Greenlet_killing_itself_dies_at_once_successfully() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            try
            {
                await Green.Current!.Kill(default(GreenSuspend));
                log.Add("after self-kill");
            }
            finally
            {
                log.Add("finally");
            }
        });
        g.Join();
        Assert.True(g.Successful);
        Assert.Equal(["finally"], log);
    });

    [Fact]
    public void Kill_of_a_finished_greenlet_changes_nothing() => OnFreshThread(() =>
    {
        var g = Green.Spawn(() => 5);
        g.Join();
        g.Kill();
        g.Kill(new ApplicationException("too late"));
        Assert.True(g.Successful);
        Assert.Null(g.Exception);
        Assert.Equal(5, g.Value);
    });

    [Fact]
    public void Kill_with_timeout_returns_even_if_the_greenlet_swallows_the_kill() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var log = new List<string>();
        var stubborn = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await Green.Sleep(default(GreenSuspend), Forever);
            }
            catch (GreenletExit)
            {
                log.Add("ignoring the kill");
            }
            await ev.Wait(default(GreenSuspend));
            return "finished anyway";
        });
        Green.Sleep(0);
        stubborn.Kill(timeout: TimeSpan.FromMilliseconds(20));
        Assert.False(stubborn.Dead);
        Assert.Equal(["ignoring the kill"], log);
        ev.Set();
        Assert.Equal("finished anyway", stubborn.Get());
    });

    [Fact]
    public void Kill_arriving_while_a_timeout_is_pending_is_not_lost() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        TimeoutScope? scope = null;
        var target = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                using (scope = Green.Timeout(TimeSpan.FromMilliseconds(10)))
                    await ev.Wait(default(GreenSuspend));
            }
            catch (GreenTimeoutException)
            {
                log.Add("timeout caught");
            }
            try
            {
                await Green.Sleep(default(GreenSuspend), Forever);
                log.Add("slept on");
            }
            catch (GreenletExit)
            {
                log.Add("killed");
                throw;
            }
        });
        var killer = Green.Spawn(default(GreenSuspend), async () =>
        {
            // Queued ahead of the target in the turn the scope fires, so the kill lands while the timeout is pending.
            while (scope is null || !scope.Expired)
                await Green.Sleep(default(GreenSuspend), 0);
            await target.Kill(default(GreenSuspend), block: false);
        });
        killer.Join();
        bool died = target.Join(TimeSpan.FromMilliseconds(500));
        if (!died)
            target.Kill(); // clean up: a second kill does land
        Assert.True(died, "the kill was lost");
        Assert.Equal(["timeout caught", "killed"], log);
    });

    private sealed class Disposable(Action onDispose) : IDisposable
    {
        public void Dispose() => onDispose();
    }
}
