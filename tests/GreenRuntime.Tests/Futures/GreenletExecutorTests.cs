using GreenRuntime.CompilerServices;
using GreenRuntime.Futures;
using GreenRuntime.Tests.Monkey;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Futures;

using Futures = GreenRuntime.Futures.Futures;

/// <summary>
/// <c>GreenletExecutor</c>: the executor interface over greenlets of one hub — bounded like a pool, a [Greenlet]
/// method's twin run for its Submit (however it is submitted), Map over greenlets, Shutdown running the hub.
/// </summary>
public partial class GreenletExecutorTests
{
    /// <summary>Counts how many calls run at once.</summary>
    private sealed partial class Probe
    {
        public int Running;
        public int MostRunning;
        public readonly GreenEvent Release = new();

        [Greenlet]
        public int Hold(int value)
        {
            Running++;
            MostRunning = Math.Max(MostRunning, Running);
            Release.Wait();
            Running--;
            return value;
        }
    }

    [Greenlet]
    private static string WaitFor(GreenEvent ready, string value)
    {
        // A GreenRuntime wait: in a plain body (not the twin) it would be refused inside the hub's loop.
        ready.Wait();
        return value;
    }

    [Greenlet]
    private static int Sleepy(int ms)
    {
        Thread.Sleep(ms);
        return ms;
    }

    [Greenlet]
    private static int Twice(int x)
    {
        Green.Sleep(0);
        return 2 * x;
    }

    [Fact]
    public void Submitted_work_runs_in_greenlets_of_the_creating_threads_hub() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor();
        var future = executor.Submit(static () => (Green.Current is not null, Environment.CurrentManagedThreadId));
        var (inGreenlet, thread) = future.Result();
        Assert.True(inGreenlet);
        Assert.Equal(Environment.CurrentManagedThreadId, thread);
        Assert.Same(Green.Hub, executor.Hub);
    });

    [Fact]
    public void Submit_of_a_greenlet_method_runs_its_twin_from_ordinary_code_and_through_IExecutor() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor();
        var ready = new GreenEvent();
        var routed = executor.Submit(WaitFor, ready, "routed");          // the generator's interceptor: the twin overload
        var plain = ((IExecutor)executor).Submit(WaitFor, ready, "plain"); // a plain delegate: its twin found at run time
        Green.Spawn(ready.Set);
        Assert.Equal("routed", routed.Result(Hang));
        Assert.Equal("plain", plain.Result(Hang));
    });

    private sealed partial class Named(string name)
    {
        [Greenlet]
        public string WaitFor(GreenEvent ready)
        {
            ready.Wait(); // refused in a plain body inside the hub's loop: only the twin gets past it
            return name;
        }
    }

    [Fact]
    public void Submits_of_instance_greenlet_methods_through_IExecutor_run_each_targets_own_twin() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor(maxWorkers: 1);
        IExecutor plain = executor;
        var ready = new GreenEvent();
        Named a = new("a"), b = new("b");
        // The same method group twice in a row, then another target, then the first again: each finds its twin.
        var futures = new[] { plain.Submit(a.WaitFor, ready), plain.Submit(a.WaitFor, ready), plain.Submit(b.WaitFor, ready), plain.Submit(a.WaitFor, ready) };
        Green.Spawn(ready.Set);
        Assert.Equal(["a", "a", "b", "a"], futures.Select(f => f.Result(Hang)));
    });

    /// <summary>Sleeps in 10 ms steps until the ticker ticked 3 times (at most 200 steps): a blocked hub sees no tick.</summary>
    [Greenlet]
    private static int SleepsWhileTicking(Ticker ticker)
    {
        for (int i = 0; i < 200 && ticker.Ticks < 3; i++)
            Thread.Sleep(10);
        return ticker.Ticks;
    }

    [Fact]
    public void A_submitted_greenlet_method_parks_its_worker_not_the_hub() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor();
        var ticker = Ticker.Start();
        var futures = Enumerable.Range(0, 3).Select(_ => executor.Submit(SleepsWhileTicking, ticker)).ToArray();
        Assert.Equal(3, Futures.Wait(futures).Done.Count);
        ticker.Stop();
        Assert.All(futures, f => Assert.True(f.Result() >= 3, $"The ticker ticked {f.Result()} times: Thread.Sleep in the submitted method blocked the hub."));
    });

    [Fact]
    public void A_submitted_lambda_with_blocking_calls_becomes_green() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor();
        var ticker = Ticker.Start();
        var future = executor.Submit(static (Ticker t) =>
        {
            for (int i = 0; i < 200 && t.Ticks < 3; i++)
                Thread.Sleep(10);
            return t.Ticks;
        }, ticker);
        int ticks = future.Result(Hang);
        ticker.Stop();
        Assert.True(ticks >= 3, $"The ticker ticked {ticks} times: the lambda's Thread.Sleep blocked the hub.");
    });

    [Greenlet]
    private static string SubmitsAndWaits(GreenletExecutor executor, GreenEvent ready) =>
        executor.Submit(WaitFor, ready, "inside").Result();

    [Fact]
    public void Inside_a_greenlet_Submit_runs_the_twin_and_Result_parks() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor();
        var ready = new GreenEvent();
        var caller = Green.Spawn(SubmitsAndWaits, executor, ready);
        Green.Sleep(0);
        ready.Set();
        Assert.Equal("inside", caller.Get(timeout: Hang));
    });

    [Fact]
    public void At_most_maxWorkers_calls_run_at_once_and_the_rest_wait_their_turn_in_order() => OnFreshThread(() =>
    {
        var probe = new Probe();
        using var executor = new GreenletExecutor(maxWorkers: 2);
        var futures = Enumerable.Range(0, 5).Select(i => executor.Submit(probe.Hold, i)).ToArray();
        Green.Sleep(10);
        Assert.Equal(2, probe.Running);
        Assert.Equal(2, futures.Count(f => f.Running));
        Assert.True(futures[2].Cancel());       // still queued: cancellable, and never runs
        probe.Release.Set();
        Assert.Equal([0, 1, 3, 4], futures.Where(f => !f.Cancelled).Select(f => ((Future<int>)f).Result(Hang)));
        Assert.Equal(2, probe.MostRunning);
    });

    [Fact]
    public void Without_a_bound_every_call_runs_at_once() => OnFreshThread(() =>
    {
        var probe = new Probe();
        using var executor = new GreenletExecutor();
        var futures = Enumerable.Range(0, 50).Select(i => executor.Submit(probe.Hold, i)).ToArray();
        Green.Sleep(10);
        Assert.Equal(50, probe.Running);
        probe.Release.Set();
        Futures.Wait(futures);
        Assert.Equal(int.MaxValue, executor.MaxWorkers);
    });

    [Fact]
    public void Map_runs_a_greenlet_method_over_the_items_in_greenlets_and_yields_in_order() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor(maxWorkers: 3);
        Assert.Equal(Enumerable.Range(0, 20).Select(x => 2 * x), executor.Map(Twice, Enumerable.Range(0, 20)));
        Assert.Equal([0, 2, 4, 6, 8], executor.Map(Twice, Enumerable.Range(0, 5), chunkSize: 2));
    });

    [Fact]
    public void Map_rethrows_an_items_exception_at_that_item() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor(maxWorkers: 2);
        var seen = new List<int>();
        var failure = Assert.Throws<ArgumentException>(() =>
        {
            foreach (int value in executor.Map(x => x == 3 ? throw new ArgumentException($"item {x}") : x, Enumerable.Range(0, 6)))
                seen.Add(value);
        });
        Assert.Equal("item 3", failure.Message);
        Assert.Equal([0, 1, 2], seen);
    });

    /// <summary>Records each item it starts; item <c>fail</c> throws, item <c>park</c> waits for <c>release</c>, the others yield once.</summary>
    private sealed partial class Recorder(int fail, int park)
    {
        public readonly List<int> Started = [];
        public readonly GreenEvent Release = new();

        [Greenlet]
        public int Run(int item)
        {
            Started.Add(item);
            if (item == fail)
                throw new ArgumentException($"item {item}");
            if (item == park)
                Release.Wait();
            else
                Green.Sleep(0);
            return item * 10;
        }
    }

    [Fact]
    public void Map_of_a_greenlet_method_rethrows_at_the_failing_item_and_never_starts_the_items_not_taken() => OnFreshThread(() =>
    {
        var recorder = new Recorder(fail: 2, park: 3);
        var executor = new GreenletExecutor(maxWorkers: 1);
        var seen = new List<int>();
        var failure = Assert.Throws<ArgumentException>(() =>
        {
            foreach (int value in executor.Map(recorder.Run, Enumerable.Range(0, 6)))
                seen.Add(value);
        });
        Assert.Equal("item 2", failure.Message);
        Assert.Equal([0, 10], seen);
        recorder.Release.Set();
        executor.Shutdown(wait: true);
        // Item 3 may have started before the enumeration reached item 2 (it then runs to its end, unread); 4 and 5 were cancelled.
        Assert.Equal([0, 1, 2], recorder.Started.Take(3));
        Assert.DoesNotContain(4, recorder.Started);
        Assert.DoesNotContain(5, recorder.Started);
        Assert.Equal(0, Green.Hub.LiveGreenletCount);
    });

    [Fact]
    public void A_chunked_Map_runs_each_chunk_in_order_and_rethrows_at_the_failing_chunks_first_result() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor(maxWorkers: 2);
        Assert.Equal(Enumerable.Range(0, 11).Select(x => 2 * x), executor.Map(Twice, Enumerable.Range(0, 11), chunkSize: 4));
        var recorder = new Recorder(fail: 5, park: -1);
        var seen = new List<int>();
        var failure = Assert.Throws<ArgumentException>(() =>
        {
            foreach (int value in executor.Map(recorder.Run, Enumerable.Range(0, 9), chunkSize: 2))
                seen.Add(value);
        });
        Assert.Equal("item 5", failure.Message);
        Assert.Equal([0, 10, 20, 30], seen);           // the chunk [4, 5] fails as a whole: 40 is never yielded
    });

    [Fact]
    public void Shutdown_with_cancelFutures_cancels_a_Maps_items_no_worker_took() => OnFreshThread(() =>
    {
        var probe = new Probe();
        var executor = new GreenletExecutor(maxWorkers: 1);
        var results = executor.Map(probe.Hold, [7, 8, 9]);
        var after = executor.Submit(probe.Hold, 10);   // queued behind the map's items
        Green.Sleep(0);
        Assert.Equal(1, probe.Running);                 // 7 runs; 8, 9 and the submit wait their turn
        executor.Shutdown(wait: false, cancelFutures: true);
        Assert.True(after.Cancelled);
        probe.Release.Set();
        using var enumerator = results.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal(7, enumerator.Current);
        Assert.Throws<OperationCanceledException>(() => enumerator.MoveNext());
        Assert.False(enumerator.MoveNext());
        executor.Shutdown(wait: true);
        Assert.Equal(1, probe.MostRunning);
        Assert.Equal(0, Green.Hub.LiveGreenletCount);
    });

    [Fact]
    public void A_Maps_timeout_counts_from_the_call_and_cancels_the_items_not_started() => OnFreshThread(() =>
    {
        var recorder = new Recorder(fail: -1, park: 1);
        var executor = new GreenletExecutor(maxWorkers: 1);
        var results = executor.Map(recorder.Run, [0, 1, 2], timeout: TimeSpan.FromMilliseconds(100));
        using var enumerator = results.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal(0, enumerator.Current);
        Assert.Throws<TimeoutException>(() => enumerator.MoveNext());   // item 1 waits for ever
        Assert.False(enumerator.MoveNext());
        recorder.Release.Set();
        executor.Shutdown(wait: true);
        Assert.Equal([0, 1], recorder.Started);          // item 2 was cancelled by the timeout
    });

    [Fact]
    public void Map_reads_the_items_once_and_an_items_failure_comes_after_the_items_before_it_were_submitted() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor(maxWorkers: 2);
        int enumerations = 0;
        IEnumerable<int> Items(bool fail)
        {
            enumerations++;
            yield return 1;
            yield return 2;
            if (fail)
                throw new FormatException("bad item");
        }
        IEnumerable<int> None()
        {
            enumerations++;
            yield break;
        }
        Assert.Equal([2, 4], executor.Map(Twice, Items(fail: false)));
        Assert.Empty(executor.Map(Twice, None()));
        Assert.Equal(2, enumerations);
        var recorder = new Recorder(fail: -1, park: -1);
        Assert.Equal("bad item", Assert.Throws<FormatException>(() => executor.Map(recorder.Run, Items(fail: true))).Message);
        executor.Shutdown(wait: true);
        Assert.Equal([1, 2], recorder.Started);        // submitted before the failure, as a submit per item would have
    });

    [Greenlet]
    private static int SumOfMap(GreenletExecutor executor, int count)
    {
        int sum = 0;
        foreach (int value in executor.Map(Twice, Enumerable.Range(0, count)))
            sum += value;
        return sum;
    }

    [Fact]
    public void Inside_a_greenlet_a_foreach_over_Map_parks_the_greenlet_while_the_workers_run() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor(maxWorkers: 4);
        // In a greenlet an ordinary wait is refused: the sum is there only if the foreach parked between results.
        var reader = Green.Spawn(SumOfMap, executor, 100);
        Assert.Equal(Enumerable.Range(0, 100).Sum(x => 2 * x), reader.Get(timeout: Hang));
    });

    [Fact]
    public void A_Map_read_on_another_thread_gets_its_results_from_the_executors_hub() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor(maxWorkers: 3);
        var hubThread = Environment.CurrentManagedThreadId;
        List<int>? results = null;
        Exception? failure = null;
        var other = new Thread(() =>
        {
            try
            {
                results = [.. executor.Map(static (int x) => Environment.CurrentManagedThreadId + x - x, Enumerable.Range(0, 50))];
                results.AddRange(executor.Map(Twice, Enumerable.Range(0, 50), chunkSize: 7));
            }
            catch (Exception error)
            {
                failure = error;
            }
        });
        other.Start();
        for (int i = 0; i < 1500 && other.IsAlive; i++)
            Green.Sleep(10);                                // runs this hub, where the workers are
        Assert.True(other.Join(Hang));
        Assert.Null(failure);
        Assert.Equal(Enumerable.Repeat(hubThread, 50).Concat(Enumerable.Range(0, 50).Select(x => 2 * x)), results);
    });

    [Fact]
    public void Shutdown_with_wait_runs_the_hub_until_the_work_is_done_and_later_submits_throw() => OnFreshThread(() =>
    {
        var executor = new GreenletExecutor(maxWorkers: 2);
        var futures = Enumerable.Range(1, 4).Select(ms => executor.Submit(Sleepy, ms * 10)).ToArray();
        executor.Shutdown(wait: true);
        Assert.All(futures, f => Assert.True(f.Done));
        Assert.Throws<InvalidOperationException>(() => executor.Submit(Sleepy, 1));
        Assert.Equal(0, Green.Hub.LiveGreenletCount);
    });

    [Fact]
    public void Shutdown_without_wait_returns_at_once_and_the_work_still_finishes() => OnFreshThread(() =>
    {
        var executor = new GreenletExecutor();
        var future = executor.Submit(Sleepy, 20);
        executor.Shutdown(wait: false);
        Assert.False(future.Done);
        Assert.Equal(20, future.Result(Hang));
    });

    [Fact]
    public void Shutdown_with_cancelFutures_cancels_the_queued_calls_and_waits_for_the_running_ones() => OnFreshThread(() =>
    {
        var probe = new Probe();
        var executor = new GreenletExecutor(maxWorkers: 1);
        var running = executor.Submit(probe.Hold, 1);
        var queued = executor.Submit(probe.Hold, 2);
        Green.Sleep(0);
        Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 10);
            probe.Release.Set();
        });
        executor.Shutdown(wait: true, cancelFutures: true);
        Assert.Equal(1, running.Result());
        Assert.True(queued.Cancelled);
    });

    [Fact]
    public void Dispose_is_Shutdown_with_wait() => OnFreshThread(() =>
    {
        Future<int> future;
        using (var executor = new GreenletExecutor())
            future = executor.Submit(Sleepy, 10);
        Assert.True(future.Done);
    });

    [Fact]
    public void A_future_of_the_executor_waited_with_nothing_left_to_run_it_is_a_LoopExitException() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor();
        var never = new GreenEvent();
        var future = executor.Submit(WaitFor, never, "never");
        Assert.Throws<LoopExitException>(() => future.Result());
        never.Set();
        Assert.Equal("never", future.Result(Hang));
    });

    [Fact]
    public void Work_submitted_from_another_thread_runs_on_the_executors_hub() => OnFreshThread(() =>
    {
        using var executor = new GreenletExecutor();
        Future<int>? submitted = null;
        var other = new Thread(() => submitted = executor.Submit(static () => Environment.CurrentManagedThreadId));
        other.Start();
        other.Join();
        Assert.Equal(Environment.CurrentManagedThreadId, submitted!.Result(Hang));
    });

    [Fact]
    public void maxWorkers_of_zero_or_less_is_refused_naming_the_parameter()
    {
        Assert.Equal("maxWorkers", Assert.Throws<ArgumentOutOfRangeException>(() => new GreenletExecutor(0)).ParamName);
        Assert.Equal("maxWorkers", Assert.Throws<ArgumentOutOfRangeException>(() => new GreenletExecutor(-3)).ParamName);
    }
}
