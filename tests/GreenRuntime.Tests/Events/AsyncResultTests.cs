using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Events;

/// <summary>AsyncResult: a value or an exception greenlets wait for (gevent.event.AsyncResult, test__event.py).</summary>
public class AsyncResultTests
{
    [Fact]
    public void Set_wakes_every_waiter_in_the_order_they_started_waiting() => OnFreshThread(() =>
    {
        var result = new AsyncResult<int>();
        var log = new List<string>();
        async GreenTask Waiter(string name) => log.Add($"{name} {await result.Get(default(GreenSuspend))}");
        var a = Green.Spawn(default(GreenSuspend), Waiter, "a");
        var b = Green.Spawn(default(GreenSuspend), Waiter, "b");
        var c = Green.Spawn(default(GreenSuspend), async () => log.Add($"c waited {await result.Wait(default(GreenSuspend))}"));
        Green.Sleep(0);
        Assert.False(result.Ready);
        Assert.Equal(0, result.Value);
        result.Set(42);
        Assert.True(result.Ready);
        Assert.True(result.Successful);
        Assert.Equal(42, result.Value);
        Assert.Null(result.Exception);
        Assert.Empty(log);
        Green.JoinAll(a, b, c);
        Assert.Equal(["a 42", "b 42", "c waited True"], log);
        Assert.Equal(42, result.Get());
        Assert.Equal(42, result.Get(block: false));
    });

    [Fact]
    public void Get_from_ordinary_code_runs_the_hub_until_a_greenlet_sets_the_result() => OnFreshThread(() =>
    {
        var result = new AsyncResult<string>();
        Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 1);
            result.Set("late");
        });
        Assert.Equal("late", result.Get());
    });

    [Fact]
    public void Get_rethrows_the_exception_with_its_original_stack_trace_and_Wait_does_not_throw() => OnFreshThread(() =>
    {
        var result = new AsyncResult<int>();
        var setter = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            try
            {
                ThrowFromOriginalThrower("boom");
            }
            catch (InvalidOperationException e)
            {
                result.SetException(e);
            }
        });
        Assert.True(result.Wait());
        Assert.True(result.Ready);
        Assert.False(result.Successful);
        Assert.Equal(0, result.Value);
        Assert.IsType<InvalidOperationException>(result.Exception);
        var thrown = Assert.Throws<InvalidOperationException>(() => result.Get());
        Assert.Contains(nameof(ThrowFromOriginalThrower), thrown.StackTrace);
        var inGreenlet = Green.Spawn(default(GreenSuspend), async () => await result.Get(default(GreenSuspend)));
        inGreenlet.Join();
        Assert.Same(result.Exception, inGreenlet.Exception);
        setter.Join();
    });

    [Fact]
    public void Get_throws_GreenTimeoutException_when_unset_and_Wait_returns_false() => OnFreshThread(() =>
    {
        var result = new AsyncResult<int>();
        Assert.Contains("block: false", Assert.Throws<GreenTimeoutException>(() => result.Get(block: false)).Message);
        Assert.Throws<GreenTimeoutException>(() => result.Get(timeout: TimeSpan.FromMilliseconds(5)));
        Assert.False(result.Wait(TimeSpan.FromMilliseconds(5)));
        Assert.False(result.Wait(TimeSpan.Zero));
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            bool waited = await result.Wait(default(GreenSuspend), TimeSpan.FromMilliseconds(5));
            try
            {
                await result.Get(default(GreenSuspend), block: false);
                return (waited, "no throw");
            }
            catch (GreenTimeoutException)
            {
                return (waited, "timeout");
            }
        });
        Assert.Equal((false, "timeout"), g.Get());
        Assert.False(result.Ready);
    });

    [Fact]
    public void A_killed_waiter_does_not_disturb_the_others() => OnFreshThread(() =>
    {
        var result = new AsyncResult<string>();
        var log = new List<string>();
        async GreenTask Waiter(string name) => log.Add($"{name} {await result.Get(default(GreenSuspend))}");
        var a = Green.Spawn(default(GreenSuspend), Waiter, "a");
        var b = Green.Spawn(default(GreenSuspend), Waiter, "b");
        Green.Sleep(0);
        a.Kill();
        result.Set("x");
        Green.JoinAll(a, b);
        Assert.Equal(["b x"], log);
    });

    [Fact]
    public void Setting_again_replaces_the_outcome() => OnFreshThread(() =>
    {
        // As gevent's AsyncResult.set: the result stays ready, with the latest outcome.
        var result = new AsyncResult<int>();
        result.Set(1);
        result.SetException(new InvalidOperationException("second"));
        Assert.False(result.Successful);
        Assert.Throws<InvalidOperationException>(() => result.Get());
        result.Set(3);
        Assert.True(result.Successful);
        Assert.Equal(3, result.Get());
        Assert.Throws<ArgumentNullException>(() => result.SetException(null!));
    });

    [Fact]
    public void Set_from_another_thread_posts_to_the_hub_and_wakes_the_waiters_there() => OnFreshThread(() =>
    {
        var result = new AsyncResult<int>();
        int hubThread = Environment.CurrentManagedThreadId;
        var waiter = Green.Spawn(default(GreenSuspend), async () =>
        {
            int value = await result.Get(default(GreenSuspend));
            return (value, Environment.CurrentManagedThreadId);
        });
        result.ExpectsSetFromOtherThread = true;
        var setter = new Thread(() => result.Set(7));
        setter.Start();
        Assert.Equal((7, hubThread), waiter.Get());
        setter.Join();
        Assert.False(result.ExpectsSetFromOtherThread);
    });

    [Fact]
    public void SetException_from_another_thread_reaches_a_blocked_Get_in_ordinary_code() => OnFreshThread(() =>
    {
        var result = new AsyncResult<int>();
        result.ExpectsSetFromOtherThread = true;
        var setter = new Thread(() =>
        {
            Thread.Sleep(20);
            result.SetException(new FormatException("from afar"));
        });
        setter.Start();
        Assert.Equal("from afar", Assert.Throws<FormatException>(() => result.Get()).Message);
        setter.Join();
    });

    [Fact]
    public void Without_an_expected_set_a_hub_with_nothing_to_do_raises_LoopExit_naming_the_result() => OnFreshThread(() =>
    {
        var result = new AsyncResult<int>();
        var e = Assert.Throws<LoopExitException>(() => result.Get());
        Assert.Contains("AsyncResult<Int32> (not set)", e.Message);
    });

    [Fact]
    public void Get_and_Wait_from_another_thread_throw_naming_both_threads() => OnFreshThread(() =>
    {
        var result = new AsyncResult<int>();
        var failures = new List<Exception?>();
        var other = new Thread(() =>
        {
            failures.Add(Record.Exception(() => result.Get(block: false)));
            failures.Add(Record.Exception(() => result.Wait(TimeSpan.Zero)));
        })
        { Name = "intruder" };
        other.Start();
        other.Join();
        Assert.All(failures, failure =>
        {
            var e = Assert.IsType<InvalidOperationException>(failure);
            Assert.Contains("'green-test'", e.Message);
            Assert.Contains("'intruder'", e.Message);
        });
    });

    [Fact]
    public void Green_Wait_and_IWait_wait_on_async_results_among_greenlets_and_events() => OnFreshThread(() =>
    {
        var result = new AsyncResult<string>();
        var never = new GreenEvent();
        // The slow greenlet finishes only after the result is set, whatever the timers do on a loaded machine.
        var afterResult = new GreenEvent();
        var slow = Green.Spawn(default(GreenSuspend), async () => await afterResult.Wait(default(GreenSuspend)));
        Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 1);
            result.Set("first");
            await Green.Sleep(default(GreenSuspend), 10);
            afterResult.Set();
        });
        var ready = Green.Wait([slow, never, result], count: 1);
        Assert.Same(result, Assert.Single(ready));
        Assert.Equal("first", result.Get(block: false));
        Assert.Equal([result, slow], Green.IWait([never, slow, result], count: 2).ToList());
    });
}
