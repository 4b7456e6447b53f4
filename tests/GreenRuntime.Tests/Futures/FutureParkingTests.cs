using GreenRuntime.Futures;
using GreenRuntime.Tests.Monkey;
using static GreenRuntime.Tests.Futures.FutureSources;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Futures;

using Futures = GreenRuntime.Futures.Futures;

/// <summary>
/// Inside <c>[Greenlet]</c> bodies every wait for futures parks the greenlet, not the hub: a second greenlet keeps
/// ticking while a thread finishes the future (the thread finishes it only after seeing ticks, so a blocked hub would
/// show none). Kill and timeout take the waiter off the future.
/// </summary>
public partial class FutureParkingTests
{
    [Greenlet]
    private static int ResultOf(Future<int> future) => future.Result();

    [Greenlet]
    private static Exception? ExceptionOf(Future<int> future) => future.Exception();

    [Greenlet]
    private static int DoneCount(Future[] futures, ReturnWhen returnWhen) => Futures.Wait(futures, returnWhen: returnWhen).Done.Count;

    [Greenlet]
    private static List<Future> CompletionOrder(Future[] futures)
    {
        var order = new List<Future>();
        foreach (var future in Futures.AsCompleted(futures))
            order.Add(future);
        return order;
    }

    [Greenlet]
    private static int ResultWithin(Future<int> future, TimeSpan timeout) => future.Result(timeout);

    [Greenlet]
    private static int ResultInScope(Future<int> future, TimeSpan after)
    {
        using (Green.Timeout(after))
            return future.Result();
    }

    /// <summary>Spawns <paramref name="wait"/>, lets a thread finish the future only once a ticker ticked, and returns the greenlet's value.</summary>
    private static T ParksWhileTheTickerTicks<T>(Func<Greenlet<T>> wait, Action finish)
    {
        var ticker = Ticker.Start();
        var waiter = wait();
        int ticksSeen = 0;
        WhenTicked(() => ticker.Ticks, finish, seen => ticksSeen = seen);
        var value = waiter.Get(timeout: Hang);
        ticker.Stop();
        Assert.True(ticksSeen >= 3, $"The ticker ticked {ticksSeen} times while the greenlet waited: the wait blocked the hub.");
        return value;
    }

    [Fact]
    public void Result_parks_the_greenlet_not_the_hub() => OnFreshThread(() =>
    {
        var future = Pending();
        Assert.Equal(42, ParksWhileTheTickerTicks(() => Green.Spawn(ResultOf, future), () => future.TrySetResult(42)));
    });

    [Fact]
    public void Exception_parks_the_greenlet_not_the_hub() => OnFreshThread(() =>
    {
        var future = Pending();
        var failure = new InvalidOperationException("failed on a worker");
        Assert.Same(failure, ParksWhileTheTickerTicks(() => Green.Spawn(ExceptionOf, future), () => future.TrySetException(failure)));
    });

    [Fact]
    public void Futures_Wait_parks_the_greenlet_not_the_hub() => OnFreshThread(() =>
    {
        var a = Pending();
        var b = Pending();
        Future[] both = [a, b, Successful()];
        Assert.Equal(3, ParksWhileTheTickerTicks(() => Green.Spawn(DoneCount, both, ReturnWhen.AllCompleted), () =>
        {
            a.TrySetResult(1);
            b.TrySetResult(2);
        }));
    });

    [Fact]
    public void A_foreach_over_AsCompleted_parks_the_greenlet_between_futures() => OnFreshThread(() =>
    {
        var done = Successful();
        var later = Pending();
        var order = ParksWhileTheTickerTicks(() => Green.Spawn(CompletionOrder, new Future[] { later, done }), () => later.TrySetResult(1));
        Assert.Equal([done, later], order);
    });

    /// <summary>Queues the calls; a thread of the test's runs them.</summary>
    private sealed class QueuedExecutor : Executor
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<FutureCall> _queued = new();

        public void RunAll()
        {
            while (_queued.TryDequeue(out var call))
                call.Run();
        }

        private protected override void Schedule(FutureCall call) => _queued.Enqueue(call);

        private protected override IReadOnlyCollection<FutureCall> TakeQueued() => [];

        private protected override void ShutdownWorkers(bool wait)
        {
        }
    }

    [Greenlet]
    private static List<int> MapResults(Executor executor, int[] items)
    {
        var results = new List<int>();
        foreach (int result in executor.Map(x => x * 2, items))
            results.Add(result);
        return results;
    }

    [Fact]
    public void A_foreach_over_an_executors_Map_parks_the_greenlet_between_results() => OnFreshThread(() =>
    {
        var executor = new QueuedExecutor();
        var results = ParksWhileTheTickerTicks(() => Green.Spawn(MapResults, (Executor)executor, new[] { 1, 2, 3 }), executor.RunAll);
        Assert.Equal([2, 4, 6], results);
    });

    [Fact]
    public void A_greenlet_killed_in_Result_leaves_no_waiter_and_is_not_resumed_by_the_completion() => OnFreshThread(() =>
    {
        var future = Pending();
        var waiter = Green.Spawn(ResultOf, future);
        Green.Sleep(0);
        Assert.Equal(1, future.WaiterCount);
        waiter.Kill();
        Assert.True(waiter.Dead);
        Assert.True(waiter.Successful);   // a GreenletExit kill counts as successful
        Assert.Equal(0, future.WaiterCount);
        future.TrySetResult(1);
        Green.Sleep(0);
        Assert.Equal(0, waiter.Value);
    });

    [Fact]
    public void A_greenlet_killed_in_Futures_Wait_or_in_a_foreach_over_AsCompleted_leaves_no_waiter() => OnFreshThread(() =>
    {
        var waited = Pending();
        var enumerated = Pending();
        var inWait = Green.Spawn(DoneCount, new Future[] { waited }, ReturnWhen.AllCompleted);
        var inLoop = Green.Spawn(CompletionOrder, new Future[] { enumerated });
        Green.Sleep(0);
        Assert.Equal(1, waited.WaiterCount);
        Assert.Equal(1, enumerated.WaiterCount);
        Green.KillAll([inWait, inLoop]);
        Assert.Equal(0, waited.WaiterCount);
        Assert.Equal(0, enumerated.WaiterCount);
    });

    [Fact]
    public void Result_with_a_timeout_in_a_greenlet_throws_TimeoutException_and_leaves_no_waiter() => OnFreshThread(() =>
    {
        var future = Pending();
        var waiter = Green.Spawn(ResultWithin, future, TimeSpan.FromMilliseconds(30));
        Assert.IsType<TimeoutException>(Assert.ThrowsAny<TimeoutException>(() => waiter.Get()));
        Assert.Equal(0, future.WaiterCount);
    });

    [Fact]
    public void A_Green_Timeout_scope_interrupts_a_greenlet_parked_in_Result() => OnFreshThread(() =>
    {
        var future = Pending();
        var waiter = Green.Spawn(ResultInScope, future, TimeSpan.FromMilliseconds(30));
        Assert.Throws<GreenTimeoutException>(() => waiter.Get());
        Assert.Equal(0, future.WaiterCount);
    });

    [Fact]
    public void A_greenlet_waits_for_a_future_another_greenlet_of_its_hub_finishes() => OnFreshThread(() =>
    {
        var future = Pending();
        future.CompletingHub = Green.Hub;
        var waiter = Green.Spawn(ResultOf, future);
        Green.Spawn(Finish, future, 5);
        Assert.Equal(5, waiter.Get());
    });

    [Greenlet]
    private static void Finish(Future<int> future, int value)
    {
        Thread.Sleep(10);
        future.TrySetResult(value);
    }

    [Fact]
    public void Ordinary_code_on_the_hub_thread_runs_the_hub_until_its_greenlet_finishes_the_future() => OnFreshThread(() =>
    {
        var future = Pending();
        future.CompletingHub = Green.Hub;
        Green.Spawn(Finish, future, 9);
        Assert.Equal(9, future.Result());
    });

    [Fact]
    public void A_wait_for_a_future_only_this_hub_could_finish_raises_LoopExitException_not_a_hang() => OnFreshThread(() =>
    {
        var future = Pending();
        future.CompletingHub = Green.Hub;
        var waiter = Green.Spawn(ResultOf, future);
        Assert.Throws<LoopExitException>(() => future.Result());
        Assert.Throws<LoopExitException>(() => Futures.Wait([future]));
        waiter.Kill();
    });

    [Fact]
    public void A_future_finished_by_another_thread_keeps_an_idle_hub_waiting_instead_of_raising_LoopExit() => OnFreshThread(() =>
    {
        var future = Pending();
        var waiter = Green.Spawn(ResultOf, future);
        Later(50, () => future.TrySetResult(3));
        Assert.True(waiter.Join(Hang));
        Assert.Equal(3, waiter.Value);
    });

    [Fact]
    public void Ordinary_frames_inside_a_greenlet_are_refused_a_wait_only_this_hub_could_end() => OnFreshThread(() =>
    {
        var future = Pending();
        future.CompletingHub = Green.Hub;
        var waiter = Green.Spawn(CallsThroughAnOrdinaryFrame, future);
        Assert.Throws<InvalidOperationException>(() => waiter.Get());
        Assert.Equal(0, future.WaiterCount);
    });

#pragma warning disable GRN0029 // the point of the test: an ordinary frame cannot suspend
    [Greenlet]
    private static int CallsThroughAnOrdinaryFrame(Future<int> future)
    {
        Thread.Sleep(0);
        return OrdinaryHelper(future);
    }

    private static int OrdinaryHelper(Future<int> future) => future.Result();
#pragma warning restore GRN0029
}
