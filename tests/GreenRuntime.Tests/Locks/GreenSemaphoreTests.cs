using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Locks;

/// <summary>GreenSemaphore and GreenBoundedSemaphore (gevent.lock.Semaphore, BoundedSemaphore; test__semaphore.py).</summary>
public class GreenSemaphoreTests
{
    /// <summary>A twin-style waiter that logs whether it got a permit (or was killed), and keeps it.</summary>
    private static Greenlet Waiter(GreenSemaphore semaphore, List<string> log, string name, TimeSpan? timeout = null) =>
        Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                log.Add($"{name} {await semaphore.Acquire(default(GreenSuspend), true, timeout)}");
            }
            catch (GreenletExit)
            {
                log.Add($"{name} killed");
            }
        });

    [Fact]
    public void A_negative_initial_value_is_refused_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GreenSemaphore(-1));
        Assert.Equal("value", e.ParamName);
        Assert.Contains("zero or more", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GreenBoundedSemaphore(-1));
    }

    [Fact]
    public void Acquire_takes_free_permits_at_once_and_Release_gives_them_back() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(2);
        Assert.Equal(2, semaphore.Count);
        Assert.False(semaphore.Locked);
        Assert.True(semaphore.Acquire());
        Assert.True(semaphore.Acquire(blocking: false));
        Assert.Equal(0, semaphore.Count);
        Assert.True(semaphore.Locked);
        Assert.False(semaphore.Acquire(blocking: false));
        semaphore.Release();
        semaphore.Release();
        semaphore.Release(); // an unbounded semaphore counts past its initial value
        Assert.Equal(3, semaphore.Count);
        Assert.Equal(1, new GreenSemaphore().Count);
    });

    [Fact]
    public void Acquire_returns_false_after_its_timeout_from_ordinary_code_and_inside_a_greenlet() => OnFreshThread(() =>
    {
        // gevent issue 39: test_acquire_returns_false_after_timeout.
        var semaphore = new GreenSemaphore(0);
        Assert.False(semaphore.Acquire(timeout: TimeSpan.FromMilliseconds(10)));
        Assert.False(semaphore.Acquire(timeout: TimeSpan.Zero));
        var log = new List<string>();
        var g = Green.Spawn(LockGreenlets.TryAcquire, semaphore, (TimeSpan?)TimeSpan.FromMilliseconds(10), log, "g");
        Assert.False(g.Get());
        var twin = Green.Spawn(default(GreenSuspend), async () =>
            await semaphore.Acquire(default(GreenSuspend), true, TimeSpan.Zero));
        Assert.False(twin.Get());
        Assert.Equal(0, semaphore.Count);
    });

    [Fact]
    public void A_negative_timeout_is_refused() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => semaphore.Acquire(timeout: TimeSpan.FromSeconds(-1)));
        Assert.Equal("timeout", e.ParamName);
        Assert.Equal(1, semaphore.Count);
        Assert.True(semaphore.Acquire(timeout: Timeout.InfiniteTimeSpan));
    });

    [Fact]
    public void Waiters_get_permits_in_the_order_they_started_waiting() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(0);
        var log = new List<string>();
        var waiters = new[] { Waiter(semaphore, log, "a"), Waiter(semaphore, log, "b"), Waiter(semaphore, log, "c") };
        Green.Sleep(0);
        Assert.Empty(log);
        semaphore.Release();
        Green.Sleep(0);
        Assert.Equal(["a True"], log);
        semaphore.Release();
        semaphore.Release();
        Green.JoinAll(waiters);
        Assert.Equal(["a True", "b True", "c True"], log);
        Assert.Equal(0, semaphore.Count);
    });

    [Fact]
    public void A_newcomer_cannot_take_a_permit_released_to_a_waiter_that_has_not_run_yet() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(0);
        var log = new List<string>();
        var waiter = Waiter(semaphore, log, "waiter");
        Green.Sleep(0);
        semaphore.Release();
        // The permit went to the waiter, which has not run: neither ordinary code nor a greenlet can overtake it.
        Assert.Equal(0, semaphore.Count);
        Assert.True(semaphore.Locked);
        Assert.False(semaphore.Acquire(blocking: false));
        var newcomer = Waiter(semaphore, log, "newcomer", TimeSpan.Zero);
        Green.JoinAll(waiter, newcomer);
        Assert.Equal(["waiter True", "newcomer False"], log);
    });

    [Fact]
    public void Two_greenlets_trading_a_permit_cannot_starve_a_third_waiter() => OnFreshThread(() =>
    {
        // gevent's test_fair_or_hangs: without FIFO hand-off the two busy greenlets keep the permit between them.
        var semaphore = new GreenSemaphore(1);
        var log = new List<string>();
        async GreenTask Busy(string name)
        {
            for (int i = 0; i < 50; i++)
            {
                await semaphore.Acquire(default(GreenSuspend));
                log.Add(name);
                await Green.Sleep(default(GreenSuspend), 0);
                semaphore.Release();
            }
        }
        var busy1 = Green.Spawn(default(GreenSuspend), Busy, "busy1");
        var busy2 = Green.Spawn(default(GreenSuspend), Busy, "busy2");
        var once = Green.Spawn(default(GreenSuspend), async () =>
        {
            await semaphore.Acquire(default(GreenSuspend));
            log.Add("once");
            semaphore.Release();
        });
        Green.JoinAll(busy1, busy2, once);
        Assert.InRange(log.IndexOf("once"), 0, 3);
        Assert.Equal(101, log.Count);
        Assert.Equal(1, semaphore.Count);
    });

    [Fact]
    public void A_timed_out_waiter_takes_no_permit_and_the_next_waiter_gets_it() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(0);
        var log = new List<string>();
        var early = Waiter(semaphore, log, "early", TimeSpan.FromMilliseconds(10));
        var late = Waiter(semaphore, log, "late");
        Assert.True(early.Join(Prompt));
        Assert.Equal(["early False"], log);
        semaphore.Release();
        Assert.True(late.Join(Prompt));
        Assert.Equal(["early False", "late True"], log);
        Assert.Equal(0, semaphore.Count);
    });

    [Fact]
    public void A_killed_waiter_takes_no_permit_and_the_next_waiter_gets_it() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(0);
        var log = new List<string>();
        var killed = Waiter(semaphore, log, "killed");
        var kept = Waiter(semaphore, log, "kept");
        Green.Sleep(0);
        killed.Kill();
        semaphore.Release();
        Assert.True(kept.Join(Prompt));
        Assert.Equal(["killed killed", "kept True"], log);
        Assert.Equal(0, semaphore.Count);
    });

    [Fact]
    public void A_waiter_handed_a_permit_and_killed_before_it_ran_passes_the_permit_on() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(0);
        var log = new List<string>();
        var first = Waiter(semaphore, log, "first");
        var second = Waiter(semaphore, log, "second");
        Green.Sleep(0);
        semaphore.Release();
        first.Kill(block: false);
        Green.JoinAll(first, second);
        Assert.Equal(["first killed", "second True"], log);
        Assert.Equal(0, semaphore.Count);

        // With nobody else waiting, the permit goes back to the count.
        var alone = Waiter(semaphore, log, "alone");
        Green.Sleep(0);
        semaphore.Release();
        alone.Kill(block: false);
        alone.Join();
        Assert.Equal("alone killed", log[^1]);
        Assert.Equal(1, semaphore.Count);
    });

    [Fact]
    public void A_timeout_scope_that_ends_a_wait_loses_no_permit() => OnFreshThread(() =>
    {
        CaptureErrors();
        var semaphore = new GreenSemaphore(0);
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            using (Green.Timeout(TimeSpan.FromMilliseconds(10)))
                await semaphore.Acquire(default(GreenSuspend));
        });
        Assert.True(g.Join(Prompt));
        Assert.IsType<GreenTimeoutException>(g.Exception);
        semaphore.Release();
        Assert.Equal(1, semaphore.Count);
    });

    [Fact]
    public void Acquire_from_ordinary_code_runs_the_hub_until_a_greenlet_releases() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(0);
        var log = new List<string>();
        Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add("releaser runs");
            await Green.Sleep(default(GreenSuspend), 1);
            semaphore.Release();
        });
        Assert.True(semaphore.Acquire(timeout: Forever));
        Assert.Equal(["releaser runs"], log);
        Assert.Equal(0, semaphore.Count);
    });

    [Fact]
    public void Ordinary_code_waiting_for_a_permit_nobody_can_release_gets_LoopExitException_naming_the_semaphore() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(0);
        var e = Assert.Throws<LoopExitException>(() => semaphore.Acquire());
        Assert.Contains("GreenSemaphore (count 0", e.Message);
        // The abandoned wait took no place: a later release is counted.
        semaphore.Release();
        Assert.Equal(1, semaphore.Count);
    });

    [Fact]
    public void A_semaphore_bounds_how_many_greenlets_are_inside_at_once() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(3);
        int[] inside = [0], most = [0];
        var greenlets = Enumerable.Range(0, 10).Select(_ => Green.Spawn(LockGreenlets.Bounded, semaphore, inside, most)).ToArray();
        Green.JoinAll(greenlets);
        Assert.All(greenlets, g => Assert.True(g.Successful));
        Assert.Equal(3, most[0]);
        Assert.Equal(3, semaphore.Count);
    });

    [Fact]
    public void EnterScope_releases_when_the_scope_ends_from_ordinary_code_and_in_a_twin() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(1);
        using (semaphore.EnterScope())
            Assert.Equal(0, semaphore.Count);
        Assert.Equal(1, semaphore.Count);
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            using (await semaphore.EnterScope(default(GreenSuspend)))
            {
                await Green.Sleep(default(GreenSuspend), 0);
                return semaphore.Count;
            }
        });
        Assert.Equal(0, g.Get());
        Assert.Equal(1, semaphore.Count);
        Action throwInside = () =>
        {
            using (semaphore.EnterScope())
                throw new InvalidOperationException("inside");
        };
        Assert.Throws<InvalidOperationException>(throwInside);
        Assert.Equal(1, semaphore.Count);
    });

    [Fact]
    public void A_bounded_semaphore_released_more_times_than_acquired_throws_SemaphoreFullException() => OnFreshThread(() =>
    {
        var bounded = new GreenBoundedSemaphore(2);
        var e = Assert.Throws<SemaphoreFullException>(bounded.Release);
        Assert.Contains("released more times than it was acquired", e.Message);
        Assert.Equal(2, bounded.Count);
        Assert.True(bounded.Acquire());
        bounded.Release();
        Assert.Throws<SemaphoreFullException>(bounded.Release);
        Assert.Throws<SemaphoreFullException>(new GreenBoundedSemaphore(0).Release);
    });

    [Fact]
    public void A_bounded_semaphore_counts_a_permit_handed_to_a_waiter_as_taken() => OnFreshThread(() =>
    {
        var bounded = new GreenBoundedSemaphore(1);
        Assert.True(bounded.Acquire());
        var log = new List<string>();
        var waiter = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add($"acquired {await bounded.Acquire(default(GreenSuspend))}");
            bounded.Release();
        });
        Green.Sleep(0);
        bounded.Release(); // handed to the waiter
        Assert.Throws<SemaphoreFullException>(bounded.Release); // it holds the permit now: nothing to give back
        waiter.Join();
        Assert.Equal(["acquired True"], log);
        Assert.Equal(1, bounded.Count);
    });

    [Fact]
    public void Using_a_semaphore_from_another_thread_throws_InvalidOperationException() => OnFreshThread(() =>
    {
        var semaphore = new GreenSemaphore(1);
        Exception? failure = null;
        var other = new Thread(() => failure = Record.Exception(() => semaphore.Acquire())) { Name = "other" };
        other.Start();
        other.Join();
        var e = Assert.IsType<InvalidOperationException>(failure);
        Assert.Contains("GreenSemaphore", e.Message);
        Assert.Contains("'other'", e.Message);
        Assert.Equal(1, semaphore.Count);
    });
}
