using System.Diagnostics;
using GreenRuntime.Futures;

namespace GreenRuntime.Tests.Futures;

/// <summary>
/// What every executor gets from the <see cref="Executor"/> base (CPython's executor.ExecutorTest map cases and
/// test_shutdown's bookkeeping), on an executor whose calls run only when the test runs them: deterministic order,
/// no threads.
/// </summary>
public class ExecutorTests
{
    /// <summary>Queues the calls; the test plays the worker.</summary>
    private sealed class ManualExecutor : Executor
    {
        private readonly Queue<FutureCall> _queued = new();

        public List<bool> ShutdownWaits { get; } = [];

        public int QueuedCount => _queued.Count;

        public FutureCall Take() => _queued.Dequeue();

        public void RunAll()
        {
            while (_queued.TryDequeue(out var call))
                call.Run();
        }

        public void MarkBroken() => Break(() => new BrokenThreadPoolException("A worker's initializer failed."));

        private protected override void Schedule(FutureCall call) => _queued.Enqueue(call);

        private protected override IReadOnlyCollection<FutureCall> TakeQueued()
        {
            var queued = _queued.ToArray();
            _queued.Clear();
            return queued;
        }

        private protected override void ShutdownWorkers(bool wait) => ShutdownWaits.Add(wait);
    }

    [Fact]
    public void Submit_calls_the_function_with_its_arguments_for_every_arity()
    {
        var executor = new ManualExecutor();
        var seen = new List<string>();
        var actions = new[]
        {
            executor.Submit(() => seen.Add("0")),
            executor.Submit((int a) => seen.Add($"{a}"), 1),
            executor.Submit((int a, int b) => seen.Add($"{a}{b}"), 1, 2),
            executor.Submit((int a, int b, int c) => seen.Add($"{a}{b}{c}"), 1, 2, 3),
            executor.Submit((int a, int b, int c, int d) => seen.Add($"{a}{b}{c}{d}"), 1, 2, 3, 4),
        };
        Future<string> f0 = executor.Submit(() => "r");
        Future<string> f1 = executor.Submit((string a) => a + "!", "a");
        Future<int> f2 = executor.Submit((int a, int b) => a * b, 6, 7);
        Future<string> f3 = executor.Submit((int a, string b, char c) => $"{a}{b}{c}", 1, "b", 'c');
        Future<int> f4 = executor.Submit((int a, int b, int c, int d) => a + b + c + d, 1, 2, 3, 4);
        Assert.Equal(10, executor.QueuedCount);
        Assert.All(actions, future => Assert.False(future.Done));

        executor.RunAll();

        Assert.Equal(["0", "1", "12", "123", "1234"], seen);
        Assert.All(actions, future => Assert.Null(future.Exception()));
        Assert.Equal("r", f0.Result());
        Assert.Equal("a!", f1.Result());
        Assert.Equal(42, f2.Result());
        Assert.Equal("1bc", f3.Result());
        Assert.Equal(10, f4.Result());
    }

    [Fact]
    public void A_call_describes_its_function_arguments_and_result_type()
    {
        var executor = new ManualExecutor();
        Func<int, string, string> fn = (a, b) => b + a;
        executor.Submit(fn, 5, "x");
        executor.Submit((int _) => { }, 1);
        var func = executor.Take();
        var action = executor.Take();

        Assert.Same(fn, func.Function);
        Assert.Equal([5, "x"], func.Arguments);
        Assert.Equal(typeof(string), func.ResultType);
        Assert.Equal(typeof(void), action.ResultType);
    }

    [Fact]
    public void The_work_exception_fails_its_future()
    {
        var executor = new ManualExecutor();
        var failure = new InvalidOperationException("boom");
        var future = executor.Submit(new Func<int>(() => throw failure));
        executor.RunAll();
        Assert.Same(failure, future.Exception());
        Assert.Same(failure, Assert.Throws<InvalidOperationException>(() => future.Result()));
    }

    [Fact]
    public void A_future_cancelled_before_its_turn_never_runs()
    {
        var executor = new ManualExecutor();
        bool ran = false;
        var future = executor.Submit(() => ran = true);
        Assert.True(future.Cancel());
        executor.RunAll();
        Assert.False(ran);
        Assert.True(future.Cancelled);
    }

    [Fact]
    public void Submit_of_null_throws_ArgumentNullException()
    {
        var executor = new ManualExecutor();
        Assert.Equal("fn", Assert.Throws<ArgumentNullException>(() => executor.Submit((Action)null!)).ParamName);
        Assert.Equal("fn", Assert.Throws<ArgumentNullException>(() => executor.Submit((Func<int, int>)null!, 1)).ParamName);
        Assert.Equal(0, executor.QueuedCount);
    }

    [Fact]
    public void Submit_after_Shutdown_throws_InvalidOperationException()
    {
        var executor = new ManualExecutor();
        executor.Shutdown(wait: false);
        var refused = Assert.Throws<InvalidOperationException>(() => executor.Submit(() => 1));
        Assert.Contains("after its Shutdown", refused.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => executor.Map((int x) => x, [1]));
        Assert.Equal(0, executor.QueuedCount);
    }

    [Fact]
    public void Submit_to_a_broken_executor_throws_its_broken_exception_each_time_anew()
    {
        var executor = new ManualExecutor();
        executor.MarkBroken();
        var first = Assert.Throws<BrokenThreadPoolException>(() => executor.Submit(() => 1));
        var second = Assert.Throws<BrokenThreadPoolException>(() => executor.Submit(() => { }));
        Assert.NotSame(first, second);
        Assert.IsAssignableFrom<InvalidOperationException>(first);
        // Broken wins over shut down: the reason the work cannot run is the breakage.
        executor.Shutdown(wait: false);
        Assert.Throws<BrokenThreadPoolException>(() => executor.Submit(() => 1));
    }

    [Fact]
    public void Shutdown_with_cancelFutures_cancels_the_queued_work_only()
    {
        var executor = new ManualExecutor();
        var started = executor.Submit(() => 1);
        var queued = new[] { executor.Submit(() => 2), executor.Submit(() => 3) };
        executor.Take();                                 // a worker took the first call and started it
        Assert.True(started.SetRunningOrNotifyCancel());

        executor.Shutdown(wait: false, cancelFutures: true);

        Assert.All(queued, future => Assert.True(future.Cancelled));
        Assert.True(started.Running);
        Assert.False(started.Cancelled);
        Assert.Equal(0, executor.QueuedCount);
    }

    [Fact]
    public void Shutdown_without_cancelFutures_leaves_the_queued_work_to_run()
    {
        var executor = new ManualExecutor();
        var future = executor.Submit(() => 7);
        executor.Shutdown(wait: false);
        Assert.False(future.Cancelled);
        executor.RunAll();
        Assert.Equal(7, future.Result());
    }

    [Fact]
    public void Every_Shutdown_asks_the_workers_to_stop_and_Dispose_waits()
    {
        var executor = new ManualExecutor();
        executor.Shutdown(wait: false);
        executor.Shutdown(wait: true);
        executor.Dispose();
        Assert.Equal([false, true, true], executor.ShutdownWaits);

        var disposed = new ManualExecutor();
        using (disposed)
        {
        }
        Assert.Equal([true], disposed.ShutdownWaits);
    }

    [Fact]
    public void Map_submits_everything_before_it_returns()
    {
        var executor = new ManualExecutor();
        var results = executor.Map((int x) => x * 2, Enumerable.Range(0, 5));
        Assert.Equal(5, executor.QueuedCount);
        executor.RunAll();
        Assert.Equal([0, 2, 4, 6, 8], results);
    }

    [Fact]
    public void Map_yields_in_the_items_order_whatever_order_the_work_finishes_in()
    {
        var executor = new ManualExecutor();
        var results = executor.Map((int x) => x * x, [1, 2, 3, 4]);
        var calls = new List<FutureCall>();
        while (executor.QueuedCount > 0)
            calls.Add(executor.Take());
        calls.Reverse();
        foreach (var call in calls)
            call.Run();
        Assert.Equal([1, 4, 9, 16], results);
    }

    [Fact]
    public void Map_rethrows_an_item_exception_when_it_is_reached_and_cancels_the_rest()
    {
        var executor = new ManualExecutor();
        var results = executor.Map((int x) => x == 2 ? throw new ArgumentException($"item {x}") : x, [0, 1, 2, 3, 4]);
        var calls = Enumerable.Range(0, 5).Select(_ => executor.Take()).ToArray();
        foreach (var call in calls[..3])
            call.Run();

        var seen = new List<int>();
        var failure = Assert.Throws<ArgumentException>(() =>
        {
            foreach (int result in results)
                seen.Add(result);
        });

        Assert.Equal("item 2", failure.Message);
        Assert.Equal([0, 1], seen);
        Assert.True(calls[3].Future.Cancelled);
        Assert.True(calls[4].Future.Cancelled);
    }

    [Fact]
    public void Map_timeout_counts_from_the_call()
    {
        var executor = new ManualExecutor();
        var results = executor.Map((int x) => x, [1, 2, 3], timeout: TimeSpan.FromMilliseconds(100));
        executor.Take().Run();                         // the first result is ready; the others never will be
        Thread.Sleep(300);                             // past the deadline before the enumeration starts

        using var enumerator = results.GetEnumerator();
        Assert.True(enumerator.MoveNext());            // a ready result is yielded even after the deadline
        Assert.Equal(1, enumerator.Current);
        var clock = Stopwatch.StartNew();
        Assert.Throws<TimeoutException>(() => enumerator.MoveNext());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The deadline had passed, yet MoveNext waited {clock.Elapsed}.");
        // The timed-out future and the one after it are cancelled, and the enumeration is over.
        Assert.True(executor.Take().Future.Cancelled);
        Assert.True(executor.Take().Future.Cancelled);
        Assert.False(enumerator.MoveNext());
    }

    [Fact]
    public void Map_waits_within_the_timeout()
    {
        var executor = new ManualExecutor();
        var results = executor.Map((int x) => x + 1, [1], timeout: TimeSpan.FromSeconds(30));
        var call = executor.Take();
        var worker = new Thread(() =>
        {
            Thread.Sleep(100);
            call.Run();
        });
        worker.Start();
        Assert.Equal([2], results);
        worker.Join();
    }

    [Fact]
    public void Leaving_a_Map_early_cancels_the_results_not_yielded()
    {
        var executor = new ManualExecutor();
        var results = executor.Map((int x) => x, [10, 20, 30, 40]);
        var calls = Enumerable.Range(0, 4).Select(_ => executor.Take()).ToArray();
        calls[0].Run();
        calls[1].Run();

        foreach (int result in results)
        {
            Assert.Equal(10, result);
            break;
        }

        Assert.False(calls[1].Future.Cancelled);        // finished already: cannot be cancelled
        Assert.True(calls[2].Future.Cancelled);
        Assert.True(calls[3].Future.Cancelled);
    }

    [Fact]
    public void Map_with_chunkSize_batches_the_items_and_keeps_their_order()
    {
        var executor = new ManualExecutor();
        var results = executor.Map((int x) => x * 10, Enumerable.Range(1, 7), chunkSize: 3);
        Assert.Equal(3, executor.QueuedCount);          // [1 2 3] [4 5 6] [7]
        var chunks = Enumerable.Range(0, 3).Select(_ => executor.Take()).ToArray();
        Assert.Equal([1, 2, 3], chunks[0].Arguments);
        Assert.Equal([7], chunks[2].Arguments);
        foreach (var chunk in chunks.Reverse())
            chunk.Run();
        Assert.Equal([10, 20, 30, 40, 50, 60, 70], results);
    }

    [Fact]
    public void Map_with_chunkSize_rethrows_at_the_failing_chunk()
    {
        var executor = new ManualExecutor();
        var results = executor.Map((int x) => x == 5 ? throw new ArgumentException("five") : x, Enumerable.Range(1, 6), chunkSize: 2);
        executor.RunAll();
        var seen = new List<int>();
        Assert.Throws<ArgumentException>(() =>
        {
            foreach (int result in results)
                seen.Add(result);
        });
        Assert.Equal([1, 2, 3, 4], seen);
    }

    [Fact]
    public void Map_of_no_items_yields_nothing()
    {
        var executor = new ManualExecutor();
        Assert.Empty(executor.Map((int x) => x, []));
        Assert.Empty(executor.Map((int x) => x, [], chunkSize: 5));
        Assert.Equal(0, executor.QueuedCount);
    }

    [Fact]
    public void Map_argument_errors_name_the_parameter()
    {
        var executor = new ManualExecutor();
        var chunk = Assert.Throws<ArgumentOutOfRangeException>(() => executor.Map((int x) => x, [1], chunkSize: 0));
        Assert.Equal("chunkSize", chunk.ParamName);
        Assert.Equal("chunkSize", Assert.Throws<ArgumentOutOfRangeException>(() => executor.Map((int x) => x, [1], chunkSize: -1)).ParamName);
        Assert.Equal("timeout", Assert.Throws<ArgumentOutOfRangeException>(() => executor.Map((int x) => x, [1], TimeSpan.FromSeconds(-1))).ParamName);
        Assert.Equal("fn", Assert.Throws<ArgumentNullException>(() => executor.Map((Func<int, int>)null!, [1])).ParamName);
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => executor.Map((int x) => x, null!)).ParamName);
        Assert.Equal(0, executor.QueuedCount);
    }

    [Fact]
    public void Map_results_can_be_enumerated_once()
    {
        var executor = new ManualExecutor();
        var results = executor.Map((int x) => x, [1]);
        executor.RunAll();
        Assert.Equal([1], results.ToList());
        Assert.Throws<InvalidOperationException>(() => results.ToList());
    }
}
