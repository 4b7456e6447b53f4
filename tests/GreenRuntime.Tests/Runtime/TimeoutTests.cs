using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Green.Timeout scopes and Green.WithTimeout (DESIGN §5).</summary>
public class TimeoutTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void Timeout_scope_around_a_long_wait_in_a_greenlet_throws_for_that_scope() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        TimeoutScope? scope = null;
        GreenTimeoutException? caught = null;
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                using (scope = Green.Timeout(Short))
                    await ev.Wait(default(GreenSuspend));
            }
            catch (GreenTimeoutException e)
            {
                caught = e;
            }
        });
        g.Join();
        Assert.Null(g.Exception);
        Assert.NotNull(caught);
        Assert.Same(scope, caught.Scope);
        Assert.True(scope!.Expired);
        Assert.Equal(Short, scope.After);
        Assert.IsAssignableFrom<TimeoutException>(caught);
    });

    [Fact]
    public void Timeout_scope_that_escapes_a_greenlet_fails_it_with_GreenTimeoutException() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            using (Green.Timeout(Short))
                await Green.Sleep(default(GreenSuspend), Forever);
        });
        var elapsed = Time(() => g.Join());
        Assert.IsType<GreenTimeoutException>(g.Exception);
        Assert.Single(errors);
        Assert.True(elapsed < Prompt);
    });

    [Fact]
    public void Timeout_scope_in_ordinary_code_interrupts_a_blocking_sleep() => OnFreshThread(() =>
    {
        using var scope = Green.Timeout(Short);
        var elapsed = Time(() =>
        {
            var e = Assert.Throws<GreenTimeoutException>(() => Green.Sleep(Forever));
            Assert.Same(scope, e.Scope);
        });
        Assert.True(scope.Expired);
        Assert.True(elapsed < Prompt);
    });

    [Fact]
    public void Timeout_scope_in_ordinary_code_interrupts_a_join_and_an_event_wait() => OnFreshThread(() =>
    {
        var ev = new GreenEvent();
        var stuck = Green.Spawn(default(GreenSuspend), async () => { await ev.Wait(default(GreenSuspend)); });
        using (var scope = Green.Timeout(Short))
        {
            var e = Assert.Throws<GreenTimeoutException>(() => stuck.Join());
            Assert.Same(scope, e.Scope);
        }
        using (var scope = Green.Timeout(Short))
        {
            var e = Assert.Throws<GreenTimeoutException>(() => ev.Wait());
            Assert.Same(scope, e.Scope);
        }
        Assert.False(stuck.Dead);

        // Nothing is left pending: later blocking calls are not interrupted.
        Green.Sleep(2 * (int)Short.TotalMilliseconds);
        ev.Set();
        Assert.True(stuck.Join());
    });

    [Fact]
    public void Nested_scopes_identify_the_inner_one_when_it_fires() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            using var outer = Green.Timeout(Forever);
            try
            {
                using var inner = Green.Timeout(Short);
                try
                {
                    await Green.Sleep(default(GreenSuspend), Forever);
                }
                catch (GreenTimeoutException e) when (e.Scope == inner)
                {
                    log.Add("inner caught its own timeout");
                }
            }
            catch (GreenTimeoutException)
            {
                log.Add("outer caught");
            }
            // The outer scope is still armed but has not fired.
            await Green.Sleep(default(GreenSuspend), 1);
            log.Add($"outer expired={outer.Expired}");
        });
        g.Join();
        Assert.Null(g.Exception);
        Assert.Equal(["inner caught its own timeout", "outer expired=False"], log);
    });

    [Fact]
    public void Nested_scopes_identify_the_outer_one_when_it_fires() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            using var outer = Green.Timeout(Short);
            try
            {
                using var inner = Green.Timeout(Forever);
                try
                {
                    await Green.Sleep(default(GreenSuspend), Forever);
                }
                catch (GreenTimeoutException e) when (e.Scope == inner)
                {
                    log.Add("inner caught");
                }
                log.Add($"inner expired={inner.Expired}");
            }
            catch (GreenTimeoutException e) when (e.Scope == outer)
            {
                log.Add($"outer caught, expired={outer.Expired}");
            }
        });
        g.Join();
        Assert.Null(g.Exception);
        Assert.Equal(["outer caught, expired=True"], log);
    });

    [Fact]
    public void Nested_scopes_in_ordinary_code_identify_which_fired() => OnFreshThread(() =>
    {
        using (var outer = Green.Timeout(Forever))
        using (var inner = Green.Timeout(Short))
        {
            var e = Assert.Throws<GreenTimeoutException>(() => Green.Sleep(Forever));
            Assert.Same(inner, e.Scope);
            Assert.False(outer.Expired);
        }
        using (var outer = Green.Timeout(Short))
        using (var inner = Green.Timeout(Forever))
        {
            var e = Assert.Throws<GreenTimeoutException>(() => Green.Sleep(Forever));
            Assert.Same(outer, e.Scope);
            Assert.False(inner.Expired);
        }
    });

    [Fact]
    public void Scope_disposed_before_it_fires_does_nothing() => OnFreshThread(() =>
    {
        var log = new List<string>();
        TimeoutScope? scope = null;
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            using (scope = Green.Timeout(TimeSpan.FromMilliseconds(100)))
                await Green.Sleep(default(GreenSuspend), 0);
            await Green.Sleep(default(GreenSuspend), 150);
            log.Add("slept past the deadline");
        });
        g.Join();
        Assert.Null(g.Exception);
        Assert.False(scope!.Expired);
        Assert.Equal(["slept past the deadline"], log);
    });

    [Fact]
    public void Scope_disposed_before_it_fires_does_nothing_in_ordinary_code() => OnFreshThread(() =>
    {
        TimeoutScope scope;
        using (scope = Green.Timeout(TimeSpan.FromMilliseconds(100)))
            Green.Sleep(0);
        Green.Sleep(150);
        Assert.False(scope.Expired);
    });

    [Fact]
    public void Infinite_scope_never_fires() => OnFreshThread(() =>
    {
        using var scope = Green.Timeout(System.Threading.Timeout.InfiniteTimeSpan);
        var g = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 5); });
        Assert.True(g.Join());
        Assert.False(scope.Expired);
    });

    [Fact]
    public void Scope_belongs_to_the_greenlet_that_opened_it() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var ev = new GreenEvent();
        var owner = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                using (Green.Timeout(Short))
                    await ev.Wait(default(GreenSuspend));
            }
            catch (GreenTimeoutException)
            {
                log.Add("owner timed out");
            }
        });
        var bystander = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend), TimeSpan.FromMilliseconds(80));
            log.Add("bystander unaffected");
        });
        Green.JoinAll(owner, bystander);
        Assert.Null(bystander.Exception);
        Assert.Equal(["owner timed out", "bystander unaffected"], log);
    });

    [Fact]
    public void WithTimeout_returns_the_timeout_value_when_time_runs_out() => OnFreshThread(() =>
    {
        int result = Green.WithTimeout(Short, () =>
        {
            Green.Sleep(Forever);
            return 1;
        }, -1);
        Assert.Equal(-1, result);
    });

    [Fact]
    public void WithTimeout_returns_the_functions_value_when_in_time() => OnFreshThread(() =>
    {
        int result = Green.WithTimeout(Forever, () =>
        {
            Green.Sleep(1);
            return 1;
        }, -1);
        Assert.Equal(1, result);
        // The scope was disposed: nothing fires later.
        Green.Sleep(5);
    });

    [Fact]
    public void WithTimeout_twin_inside_a_greenlet() => OnFreshThread(() =>
    {
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            string slow = await Green.WithTimeout(default(GreenSuspend), Short, async () =>
            {
                await Green.Sleep(default(GreenSuspend), Forever);
                return "slow";
            }, "timed out");
            string fast = await Green.WithTimeout(default(GreenSuspend), Forever, async () =>
            {
                await Green.Sleep(default(GreenSuspend), 0);
                return "fast";
            }, "timed out");
            return $"{slow}, {fast}";
        });
        Assert.Equal("timed out, fast", g.Get());
    });

    [Fact]
    public void WithTimeout_does_not_swallow_another_scopes_timeout() => OnFreshThread(() =>
    {
        using var outer = Green.Timeout(Short);
        var e = Assert.Throws<GreenTimeoutException>(() => Green.WithTimeout(Forever, () =>
        {
            Green.Sleep(Forever);
            return 1;
        }, -1));
        Assert.Same(outer, e.Scope);
    });
    [Fact]
    public void Timeout_scope_in_ordinary_code_interrupts_Hub_Run() => OnFreshThread(() =>
    {
        var sleeper = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 3000); });
        using (var scope = Green.Timeout(Short))
        {
            var elapsed = Time(() =>
            {
                var e = Assert.Throws<GreenTimeoutException>(Green.Hub.Run);
                Assert.Same(scope, e.Scope);
            });
            Assert.True(elapsed < TimeSpan.FromSeconds(2.5), $"Hub.Run ran {elapsed} past a {Short} timeout");
        }
        Assert.False(sleeper.Dead);
        sleeper.Kill();
    });

    [Fact]
    public void Both_nested_scopes_deliver_their_timeouts_when_they_expire_together() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            using var outer = Green.Timeout(TimeSpan.FromMilliseconds(30));
            TimeoutScope? inner = null;
            try
            {
                try
                {
                    using (inner = Green.Timeout(TimeSpan.FromMilliseconds(10)))
                    {
                        Thread.Sleep(60); // really blocks: both deadlines pass before the hub runs again
                        await Green.Sleep(default(GreenSuspend), 0);
                    }
                }
                catch (GreenTimeoutException e) when (e.Scope == inner)
                {
                    log.Add("inner timed out");
                }
                // Still inside the outer scope, which has expired: the next suspension point must throw it.
                await Green.Sleep(default(GreenSuspend), 300);
                log.Add("slept past the outer deadline");
            }
            catch (GreenTimeoutException e) when (e.Scope == outer)
            {
                log.Add("outer timed out");
            }
        });
        g.Join();
        Assert.Null(g.Exception);
        Assert.Equal(["inner timed out", "outer timed out"], log);
    });

    [Fact]
    public void Timeout_firing_while_the_greenlet_is_runnable_is_thrown_at_its_next_suspension() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            using var scope = Green.Timeout(TimeSpan.FromMilliseconds(10));
            try
            {
                Thread.Sleep(30); // really blocks: the deadline passes while this greenlet holds the hub
                log.Add("still running after the deadline");
                await Green.Sleep(default(GreenSuspend), 0);
                log.Add("not reached");
            }
            catch (GreenTimeoutException e) when (e.Scope == scope)
            {
                log.Add("timed out at the next suspension");
            }
        });
        g.Join();
        Assert.Equal(["still running after the deadline", "timed out at the next suspension"], log);
    });
}
