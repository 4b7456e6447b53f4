using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Locks;

/// <summary>GreenLock: a mutex owned by one greenlet, optionally reentrant (gevent.lock.RLock; test__lock.py).</summary>
public class GreenLockTests
{
    private static Greenlet Waiter(GreenLock gate, List<string> log, string name, TimeSpan? timeout = null) =>
        Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                bool acquired = await gate.Acquire(default(GreenSuspend), true, timeout);
                log.Add($"{name} {acquired}");
                if (acquired)
                    gate.Release();
            }
            catch (GreenletExit)
            {
                log.Add($"{name} killed");
            }
        });

    [Fact]
    public void A_lock_keeps_a_read_modify_write_whole_across_suspension_points_with_a_using_statement() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        int[] counter = [0];
        var greenlets = Enumerable.Range(0, 10).Select(_ => Green.Spawn(LockGreenlets.IncrementWithUsingStatement, gate, counter, 5)).ToArray();
        Green.JoinAll(greenlets);
        Assert.All(greenlets, g => Assert.True(g.Successful, g.Exception?.ToString()));
        Assert.Equal(50, counter[0]);
        Assert.False(gate.Locked);

        // The same interleaving with no lock loses updates: the test can tell.
        int[] unlocked = [0];
        Green.JoinAll(Enumerable.Range(0, 10).Select(_ => Green.Spawn(LockGreenlets.IncrementUnlocked, unlocked, 5)).ToArray());
        Assert.True(unlocked[0] < 50, $"{unlocked[0]} updates kept without a lock");
    });

    [Fact]
    public void A_lock_keeps_a_read_modify_write_whole_across_suspension_points_with_a_using_declaration() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        int[] counter = [0];
        var greenlets = Enumerable.Range(0, 10).Select(_ => Green.Spawn(LockGreenlets.IncrementWithUsingDeclaration, gate, counter, 5)).ToArray();
        Green.JoinAll(greenlets);
        Assert.All(greenlets, g => Assert.True(g.Successful, g.Exception?.ToString()));
        Assert.Equal(50, counter[0]);
        Assert.False(gate.Locked);
    });

    [Fact]
    public void Waiters_get_the_lock_in_the_order_they_started_waiting() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        var log = new List<string>();
        Assert.True(gate.Acquire());
        var waiters = new[] { Waiter(gate, log, "a"), Waiter(gate, log, "b"), Waiter(gate, log, "c") };
        Green.Sleep(0);
        Assert.Empty(log);
        gate.Release();
        Green.JoinAll(waiters);
        Assert.Equal(["a True", "b True", "c True"], log);
        Assert.False(gate.Locked);
    });

    [Fact]
    public void A_lock_passed_to_a_waiter_that_has_not_run_cannot_be_taken_by_a_newcomer() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        var log = new List<string>();
        Assert.True(gate.Acquire());
        var waiter = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add($"waiter {await gate.Acquire(default(GreenSuspend))}");
            log.Add($"waiter owns it {gate.IsHeldByCurrentGreenlet}");
            gate.Release();
        });
        Green.Sleep(0);
        gate.Release();
        Assert.True(gate.Locked);
        Assert.False(gate.IsHeldByCurrentGreenlet);
        Assert.False(gate.Acquire(blocking: false));
        waiter.Join();
        Assert.Equal(["waiter True", "waiter owns it True"], log);
        Assert.True(gate.Acquire(blocking: false));
    });

    [Fact]
    public void A_timed_out_or_killed_waiter_steals_no_wake_up() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        var log = new List<string>();
        var holder = Green.Spawn(LockGreenlets.AcquireAndHold, gate, log, new LockGreenlets.Hold("holder", Milliseconds: 50));
        Green.Sleep(0);
        var timedOut = Green.Spawn(LockGreenlets.AcquireAndHold, gate, log, new LockGreenlets.Hold("timed", TimeSpan.FromMilliseconds(5)));
        var killed = Waiter(gate, log, "killed");
        var kept = Waiter(gate, log, "kept");
        Green.Sleep(0);
        killed.Kill();
        Green.JoinAll(holder, timedOut, killed, kept);
        Assert.Equal(["holder acquired", "killed killed", "timed timed out", "holder releases", "kept True"], log);
        Assert.False(gate.Locked);
    });

    [Fact]
    public void A_waiter_handed_the_lock_and_killed_before_it_ran_passes_it_on() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        var log = new List<string>();
        Assert.True(gate.Acquire());
        var first = Waiter(gate, log, "first");
        var second = Waiter(gate, log, "second");
        Green.Sleep(0);
        gate.Release();
        first.Kill(block: false);
        Green.JoinAll(first, second);
        Assert.Equal(["first killed", "second True"], log);
        Assert.False(gate.Locked);
    });

    [Fact]
    public void Release_by_a_greenlet_that_does_not_own_the_lock_throws_SynchronizationLockException() => OnFreshThread(() =>
    {
        CaptureErrors();
        var gate = new GreenLock();
        var notHeld = Assert.Throws<SynchronizationLockException>(gate.Release);
        Assert.Contains("not held", notHeld.Message);

        Assert.True(gate.Acquire());
        var other = Green.Spawn(gate.Release);
        other.Join();
        var byOther = Assert.IsType<SynchronizationLockException>(other.Exception);
        Assert.Contains("held by ordinary code (the main greenlet), not by greenlet", byOther.Message);
        Assert.True(gate.IsHeldByCurrentGreenlet);
        gate.Release();

        var owner = Green.Spawn(default(GreenSuspend), async () =>
        {
            await gate.Acquire(default(GreenSuspend));
            await Green.Sleep(default(GreenSuspend), Forever);
        });
        Green.Sleep(0);
        var fromMain = Assert.Throws<SynchronizationLockException>(gate.Release);
        Assert.Contains($"held by greenlet '{owner.Name}', not by ordinary code", fromMain.Message);
        owner.Kill();
    });

    [Fact]
    public void A_release_from_a_link_callback_names_the_callback_not_ordinary_code() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        Assert.True(gate.Acquire());
        SynchronizationLockException? failure = null;
        var finished = Green.Spawn(() => { });
        finished.Link(_ => failure = Assert.Throws<SynchronizationLockException>(gate.Release));
        finished.Join();
        Green.Sleep(0);
        Assert.NotNull(failure);
        Assert.Contains("held by ordinary code (the main greenlet), not by a link callback or posted action", failure.Message);
        gate.Release();
    });

    [Fact]
    public void A_reentrant_lock_is_acquired_again_by_its_owner_and_freed_after_as_many_releases() => OnFreshThread(() =>
    {
        var gate = new GreenLock(reentrant: true);
        Assert.True(gate.Reentrant);
        var log = new List<string>();
        var owner = Green.Spawn(LockGreenlets.Recurse, gate, 2, log);
        var other = Waiter(gate, log, "other");
        Assert.Equal(3, owner.Get());
        other.Join();
        Assert.Equal(["enter 2", "enter 1", "enter 0", "other True"], log);
        Assert.False(gate.Locked);

        // From ordinary code: three acquires, three releases; the lock is held until the last one.
        Assert.True(gate.Acquire());
        Assert.True(gate.Acquire(blocking: false));
        Assert.True(gate.Acquire(timeout: TimeSpan.Zero));
        gate.Release();
        gate.Release();
        Assert.True(gate.Locked);
        Assert.True(gate.IsHeldByCurrentGreenlet);
        gate.Release();
        Assert.False(gate.Locked);
        Assert.Throws<SynchronizationLockException>(gate.Release);
    });

    [Fact]
    public void A_lock_that_is_not_reentrant_refuses_its_owner_a_second_acquire() => OnFreshThread(() =>
    {
        CaptureErrors();
        var gate = new GreenLock();
        Assert.False(gate.Reentrant);
        Assert.True(gate.Acquire());
        Assert.False(gate.Acquire(blocking: false));
        Assert.False(gate.Acquire(timeout: TimeSpan.FromMilliseconds(5)));
        var e = Assert.Throws<LockRecursionException>(() => gate.Acquire());
        Assert.Contains("reentrant: true", e.Message);
        Assert.Throws<LockRecursionException>(() => gate.EnterScope());
        gate.Release();
        Assert.False(gate.Locked);

        var twin = Green.Spawn(default(GreenSuspend), async () =>
        {
            await gate.Acquire(default(GreenSuspend));
            try
            {
                await gate.Acquire(default(GreenSuspend));
            }
            finally
            {
                gate.Release();
            }
        });
        twin.Join();
        Assert.IsType<LockRecursionException>(twin.Exception);
        Assert.False(gate.Locked);
    });

    [Fact]
    public void Ordinary_code_is_one_owner_and_waits_for_the_lock_by_running_the_hub() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        var log = new List<string>();
        var holder = Green.Spawn(LockGreenlets.AcquireAndHold, gate, log, new LockGreenlets.Hold("holder", Milliseconds: 5));
        Green.Sleep(0);
        Assert.True(gate.Locked);
        Assert.False(gate.IsHeldByCurrentGreenlet);
        using (gate.EnterScope())
        {
            log.Add("main inside");
            Assert.True(gate.IsHeldByCurrentGreenlet);
        }
        Assert.True(holder.Join(Prompt));
        Assert.Equal(["holder acquired", "holder releases", "main inside"], log);
        Assert.False(gate.Locked);
    });

    [Fact]
    public void A_deadlock_on_a_lock_is_reported_with_its_owner() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        var owner = Green.Spawn(default(GreenSuspend), async () => await gate.Acquire(default(GreenSuspend)));
        owner.Join();
        var e = Assert.Throws<LoopExitException>(() => gate.Acquire());
        Assert.Contains($"GreenLock (held by greenlet '{owner.Name}')", e.Message);
    });

    [Fact]
    public void An_uncontended_acquire_and_release_in_a_greenlet_allocates_nothing() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            for (int i = 0; i < 100; i++)
            {
                await gate.Acquire(default(GreenSuspend));
                gate.Release();
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                await gate.Acquire(default(GreenSuspend));
                gate.Release();
                using (await gate.EnterScope(default(GreenSuspend)))
                {
                }
            }
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
        Assert.Equal(0, g.Get());
    });

    [Fact]
    public void Using_a_lock_from_another_thread_throws_InvalidOperationException() => OnFreshThread(() =>
    {
        var gate = new GreenLock();
        Exception? failure = null;
        var other = new Thread(() => failure = Record.Exception(() => gate.Acquire())) { Name = "other" };
        other.Start();
        other.Join();
        var e = Assert.IsType<InvalidOperationException>(failure);
        Assert.Contains("GreenLock", e.Message);
        Assert.False(gate.Locked);
    });
}
