using System.Collections.Concurrent;
using System.Diagnostics;
using GreenRuntime.Futures;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Futures;

/// <summary>
/// <see cref="ThreadPoolExecutor"/> on real threads (CPython's test_thread_pool, test_shutdown, the initializer tests
/// and executor.py's map tests): bounds, naming, reuse, the initializer, shutdown. Work that must overlap is held on
/// gates the test opens, so nothing depends on how fast the machine is.
/// </summary>
public class ThreadPoolExecutorTests
{
    [Fact]
    public void Submit_runs_the_work_on_a_worker_thread()
    {
        using var executor = new ThreadPoolExecutor(2, "submit");
        var future = executor.Submit(Math.Pow, 2.0, 8.0);
        var thread = executor.Submit(() => Thread.CurrentThread);
        Assert.Equal(256.0, future.Result(Hang));
        Assert.NotSame(Thread.CurrentThread, thread.Result(Hang));
        Assert.True(thread.Result().IsBackground);
    }

    [Fact]
    public void The_work_exception_reaches_Result()
    {
        using var executor = new ThreadPoolExecutor(1);
        var future = executor.Submit(new Func<int>(() => throw new FormatException("bad")));
        Assert.Equal("bad", Assert.Throws<FormatException>(() => future.Result(Hang)).Message);
        Assert.IsType<FormatException>(future.Exception());
    }

    [Fact]
    public void Default_max_workers_is_min_32_and_cores_plus_4()
    {
        using var executor = new ThreadPoolExecutor();
        Assert.Equal(Math.Min(32, Environment.ProcessorCount + 4), executor.MaxWorkers);
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_the_parameter()
    {
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadPoolExecutor(0));
        Assert.Equal("maxWorkers", zero.ParamName);
        Assert.Contains("at least one worker", zero.Message, StringComparison.Ordinal);
        Assert.Equal("maxWorkers", Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadPoolExecutor(-1)).ParamName);
        Assert.Equal("threadNamePrefix", Assert.Throws<ArgumentNullException>(() => new ThreadPoolExecutor(1, null!)).ParamName);
    }

    [Fact]
    public void Never_more_threads_run_than_max_workers()
    {
        const int maxWorkers = 3;
        using var executor = new ThreadPoolExecutor(maxWorkers, "saturation");
        using var gate = new ManualResetEventSlim();
        int running = 0, peak = 0;
        var futures = Enumerable.Range(0, 15 * maxWorkers).Select(_ => executor.Submit(() =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            gate.Wait(Hang);
            Interlocked.Decrement(ref running);
        })).ToArray();

        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref running) == maxWorkers, Hang));
        Thread.Sleep(100);                              // room for a fourth thread to show up, if one could
        Assert.Equal(maxWorkers, Volatile.Read(ref running));
        Assert.Equal(maxWorkers, executor.ThreadCount);
        gate.Set();
        Assert.All(futures, future => Assert.Null(future.Exception(Hang)));
        Assert.Equal(maxWorkers, peak);
        Assert.Equal(maxWorkers, executor.ThreadCount);
    }

    [Fact]
    public void An_idle_worker_is_reused_before_a_new_one_starts()
    {
        using var executor = new ThreadPoolExecutor(4, "reuse");
        var threads = new List<Thread>();
        for (int i = 0; i < 3; i++)
        {
            threads.Add(executor.Submit(() => Thread.CurrentThread).Result(Hang));
            // The worker is idle again once it waits for work; only then is reusing it possible.
            Assert.True(SpinWait.SpinUntil(() => executor.IdleCount == 1, Hang));
        }
        Assert.Single(threads.Distinct());
        Assert.Equal(1, executor.ThreadCount);
    }

    [Fact]
    public void Threads_are_named_after_the_prefix()
    {
        var names = NamesOfAllWorkers(new ThreadPoolExecutor(5, "SpecialPool"), 5);
        Assert.Equal(["SpecialPool_0", "SpecialPool_1", "SpecialPool_2", "SpecialPool_3", "SpecialPool_4"], names.Order());
    }

    [Fact]
    public void Threads_without_a_prefix_are_named_after_their_executor()
    {
        var first = NamesOfAllWorkers(new ThreadPoolExecutor(2), 2);
        var second = NamesOfAllWorkers(new ThreadPoolExecutor(2), 2);
        Assert.All(first.Concat(second), name => Assert.Matches(@"^ThreadPoolExecutor-\d+_[01]$", name));
        // Each executor has its own number.
        Assert.NotEqual(first[0].Split('_')[0], second[0].Split('_')[0]);
    }

    [Fact]
    public void The_initializer_runs_once_on_each_worker_before_its_first_task()
    {
        var initialized = new ConcurrentDictionary<Thread, int>();
        var local = new ThreadLocal<bool>();
        using var executor = new ThreadPoolExecutor(2, "init", () =>
        {
            initialized.AddOrUpdate(Thread.CurrentThread, 1, (_, n) => n + 1);
            local.Value = true;
        });
        using var gate = new ManualResetEventSlim();
        int started = 0;
        // Two held tasks make two workers; the rest run on them afterwards.
        var held = Enumerable.Range(0, 2).Select(_ => executor.Submit(() =>
        {
            Interlocked.Increment(ref started);
            gate.Wait(Hang);
            return local.Value;
        })).ToArray();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref started) == 2, Hang));
        var later = Enumerable.Range(0, 20).Select(_ => executor.Submit(() => (local.Value, Thread.CurrentThread))).ToArray();
        gate.Set();

        Assert.All(held, future => Assert.True(future.Result(Hang)));
        Assert.All(later, future => Assert.True(future.Result(Hang).Value));
        Assert.Equal(2, initialized.Count);
        Assert.All(initialized.Values, count => Assert.Equal(1, count));
        Assert.Subset(initialized.Keys.ToHashSet(), later.Select(f => f.Result().CurrentThread).ToHashSet());
        Assert.False(initialized.ContainsKey(Thread.CurrentThread));
    }

    [Fact]
    public void A_failing_initializer_fails_the_futures_and_breaks_the_executor()
    {
        var failure = new ApplicationException("no init");
        using var executor = new ThreadPoolExecutor(2, "broken", () => throw failure);
        var futures = new List<Future<int>>();
        try
        {
            for (int i = 0; i < 10; i++)
                futures.Add(executor.Submit(() => 1));
        }
        catch (BrokenThreadPoolException)
        {
            // The pool broke while these were submitted: the later submits are refused.
        }
        Assert.NotEmpty(futures);
        foreach (var future in futures)
        {
            var broken = Assert.IsType<BrokenThreadPoolException>(future.Exception(Hang));
            Assert.Same(failure, broken.InnerException);
            Assert.Contains("initializer failed", broken.Message, StringComparison.Ordinal);
        }
        // A future failed, so the executor knows it is broken: every submit from now on is refused.
        var refused = Assert.Throws<BrokenThreadPoolException>(() => executor.Submit(() => 2));
        Assert.Same(failure, refused.InnerException);
        Assert.IsAssignableFrom<BrokenExecutorException>(refused);
        Assert.True(SpinWait.SpinUntil(() => executor.ThreadCount == 0, Hang));
    }

    [Fact]
    public void Shutdown_waits_for_the_queued_work_and_the_workers_exit()
    {
        var executor = new ThreadPoolExecutor(1, "drain");
        var threads = new ConcurrentBag<Thread>();
        var futures = Enumerable.Range(0, 5).Select(i => executor.Submit(() =>
        {
            threads.Add(Thread.CurrentThread);
            Thread.Sleep(20);
            return i;
        })).ToArray();

        executor.Shutdown(wait: true);

        Assert.All(futures, future => Assert.True(future.Done));
        Assert.Equal([0, 1, 2, 3, 4], futures.Select(f => f.Result()));
        Assert.Equal(0, executor.ThreadCount);
        Assert.All(threads, thread => Assert.False(thread.IsAlive));
    }

    [Fact]
    public void Shutdown_without_wait_returns_at_once_and_the_work_still_finishes()
    {
        var executor = new ThreadPoolExecutor(2, "nowait");
        using var gate = new ManualResetEventSlim();
        var futures = Enumerable.Range(0, 4).Select(i => executor.Submit(() =>
        {
            gate.Wait(Hang);
            return i * 2;
        })).ToArray();

        executor.Shutdown(wait: false);

        // It returned while every piece of work was still held on the gate.
        Assert.False(gate.IsSet);
        Assert.All(futures, future => Assert.False(future.Done));
        gate.Set();
        Assert.Equal([0, 2, 4, 6], futures.Select(f => f.Result(Hang)));
        Assert.True(SpinWait.SpinUntil(() => executor.ThreadCount == 0, Hang));
    }

    [Fact]
    public void Shutdown_with_cancelFutures_cancels_what_has_not_started()
    {
        var executor = new ThreadPoolExecutor(1, "cancel");
        using var started = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var running = executor.Submit(() =>
        {
            started.Set();
            gate.Wait(Hang);
            return "ran";
        });
        Assert.True(started.Wait(Hang));
        var queued = Enumerable.Range(0, 10).Select(i => executor.Submit(() => i)).ToArray();

        executor.Shutdown(wait: false, cancelFutures: true);

        Assert.All(queued, future => Assert.True(future.Cancelled));
        Assert.False(running.Cancelled);
        gate.Set();
        Assert.Equal("ran", running.Result(Hang));
        executor.Shutdown(wait: true);                   // again: waits for the worker this time
        Assert.Equal(0, executor.ThreadCount);
    }

    [Fact]
    public void A_submit_racing_Shutdown_is_either_refused_or_done_when_Shutdown_returns()
    {
        var executor = new ThreadPoolExecutor(2, "race");
        var accepted = new ConcurrentQueue<Future<int>>();
        int refused = 0;
        using var go = new ManualResetEventSlim();
        var submitters = Enumerable.Range(0, 3).Select(_ => new Thread(() =>
        {
            go.Wait(Hang);
            while (true)
            {
                Future<int> future;
                try
                {
                    future = executor.Submit(() => 1);
                }
                catch (InvalidOperationException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }
                accepted.Enqueue(future);
            }
        })).ToArray();
        foreach (var submitter in submitters)
            submitter.Start();
        go.Set();
        Assert.True(SpinWait.SpinUntil(() => accepted.Count >= 100, Hang));

        executor.Shutdown(wait: true);

        foreach (var submitter in submitters)
            Assert.True(submitter.Join(Hang));
        Assert.Equal(3, refused);
        // Nothing accepted was lost between the submit and the shutdown: it ran before Shutdown returned.
        Assert.All(accepted, future => Assert.True(future.Done));
        Assert.All(accepted, future => Assert.Equal(1, future.Result()));
    }

    [Fact]
    public void Shutdown_from_one_of_its_workers_waits_for_the_others_but_not_for_itself()
    {
        var executor = new ThreadPoolExecutor(2, "self");
        var other = executor.Submit(() =>
        {
            Thread.Sleep(50);
            return 2;
        });
        var shutdown = executor.Submit(() =>
        {
            executor.Shutdown(wait: true);
            return other.Done;
        });
        Assert.True(shutdown.Result(Hang));
        Assert.Throws<InvalidOperationException>(() => executor.Submit(() => 1));
        Assert.True(SpinWait.SpinUntil(() => executor.ThreadCount == 0, Hang));
    }

    [Fact]
    public void Using_waits_for_the_work_like_Shutdown()
    {
        Future<int>[] futures;
        ThreadPoolExecutor disposed;
        using (var executor = new ThreadPoolExecutor(2, "using"))
        {
            disposed = executor;
            futures = [.. Enumerable.Range(0, 6).Select(i => executor.Submit(() =>
            {
                Thread.Sleep(10);
                return i;
            }))];
        }
        Assert.All(futures, future => Assert.True(future.Done));
        Assert.Equal(0, disposed.ThreadCount);
        Assert.Throws<InvalidOperationException>(() => disposed.Submit(() => 1));
    }

    [Fact]
    public void Submit_after_shutdown_throws_InvalidOperationException()
    {
        var executor = new ThreadPoolExecutor(1);
        executor.Submit(() => 1).Result(Hang);
        executor.Shutdown();
        var refused = Assert.Throws<InvalidOperationException>(() => executor.Submit(Math.Pow, 2.0, 3.0));
        Assert.Contains("ThreadPoolExecutor after its Shutdown", refused.Message, StringComparison.Ordinal);
        Assert.IsNotType<BrokenThreadPoolException>(refused);
    }

    [Fact]
    public void Done_callbacks_run_on_the_worker_that_finished_the_future()
    {
        using var executor = new ThreadPoolExecutor(1, "callback");
        using var gate = new ManualResetEventSlim();
        var future = executor.Submit(() =>
        {
            gate.Wait(Hang);
            return Thread.CurrentThread;
        });
        using var called = new ManualResetEventSlim();
        Thread? callbackThread = null;
        future.AddDoneCallback(_ =>
        {
            callbackThread = Thread.CurrentThread;
            called.Set();
        });
        gate.Set();
        Assert.True(called.Wait(Hang));
        Assert.Same(future.Result(), callbackThread);
    }

    [Fact]
    public void Map_submits_without_iteration()
    {
        var finished = new ConcurrentBag<int>();
        var executor = new ThreadPoolExecutor(2, "map-eager");
        _ = executor.Map((int n) => { finished.Add(n); return n; }, Enumerable.Range(0, 10));
        executor.Shutdown(wait: true);
        Assert.Equal(Enumerable.Range(0, 10), finished.Order());
    }

    [Fact]
    public void Map_yields_in_order_however_the_work_finishes()
    {
        using var executor = new ThreadPoolExecutor(4, "map-order");
        // Earlier items take longer, so they finish last.
        var results = executor.Map((int n) => { Thread.Sleep((5 - n) * 10); return n * n; }, Enumerable.Range(0, 6));
        Assert.Equal([0, 1, 4, 9, 16, 25], results);
    }

    [Fact]
    public void Map_rethrows_an_item_exception_at_that_item()
    {
        using var executor = new ThreadPoolExecutor(2, "map-error");
        var seen = new List<int>();
        var failure = Assert.Throws<DivideByZeroException>(() =>
        {
            foreach (int result in executor.Map((int n) => 10 / n, [5, 2, 0, 1]))
                seen.Add(result);
        });
        Assert.Equal([2, 5], seen);
        Assert.NotNull(failure.StackTrace);
    }

    [Fact]
    public void Map_timeout_counts_from_the_call_and_cancels_the_rest()
    {
        using var gate = new ManualResetEventSlim();
        var executor = new ThreadPoolExecutor(1, "map-timeout");
        var results = executor.Map((int n) => { if (n == 1) gate.Wait(Hang); return n; }, [0, 1, 2, 3], timeout: TimeSpan.FromMilliseconds(200));
        var seen = new List<int>();
        var clock = Stopwatch.StartNew();
        Assert.Throws<TimeoutException>(() =>
        {
            foreach (int result in results)
                seen.Add(result);
        });
        Assert.True(clock.Elapsed < Prompt, $"Map waited {clock.Elapsed} for a 200 ms timeout");
        Assert.Equal([0], seen);
        gate.Set();
        executor.Shutdown(wait: true);
    }

    [Fact]
    public void Map_with_chunkSize_runs_the_items_in_pieces_and_keeps_their_order()
    {
        using var executor = new ThreadPoolExecutor(3, "map-chunks");
        var threadsPerPiece = new ConcurrentDictionary<int, Thread>();
        var results = executor.Map((int n) => { threadsPerPiece[n] = Thread.CurrentThread; return n + 100; }, Enumerable.Range(0, 10), chunkSize: 4).ToList();
        Assert.Equal(Enumerable.Range(100, 10), results);
        // Items of one piece run on one thread, one after another.
        Assert.Same(threadsPerPiece[0], threadsPerPiece[3]);
        Assert.Same(threadsPerPiece[8], threadsPerPiece[9]);
        Assert.Throws<ArgumentOutOfRangeException>(() => executor.Map((int n) => n, [1], chunkSize: 0));
    }

    /// <summary>Starts <paramref name="count"/> workers (each held until all have started), then shuts down and returns their names.</summary>
    private static List<string> NamesOfAllWorkers(ThreadPoolExecutor executor, int count)
    {
        using var all = new CountdownEvent(count);
        var names = Enumerable.Range(0, count).Select(_ => executor.Submit(() =>
        {
            all.Signal();
            all.Wait(Hang);
            return Thread.CurrentThread.Name!;
        })).ToArray();
        var result = names.Select(f => f.Result(Hang)).ToList();
        executor.Shutdown(wait: true);
        return result;
    }

    private static void InterlockedMax(ref int location, int value)
    {
        int seen = Volatile.Read(ref location);
        while (value > seen)
        {
            int previous = Interlocked.CompareExchange(ref location, value, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }
}
