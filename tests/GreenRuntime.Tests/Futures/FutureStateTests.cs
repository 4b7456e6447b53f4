using GreenRuntime.Futures;

namespace GreenRuntime.Tests.Futures;

/// <summary>
/// A future's life on its own, without an executor (CPython's test_future.FutureTests): cancelling, finishing,
/// callbacks, and the thread-blocking waits.
/// </summary>
public class FutureStateTests
{
    [Fact]
    public void Cancel_succeeds_only_before_the_work_runs()
    {
        var pending = new Future<int>();
        Assert.True(pending.Cancel());
        Assert.True(pending.Cancel());                      // already cancelled: still true
        Assert.True(pending.Cancelled);
        Assert.True(pending.Done);
        Assert.False(pending.SetRunningOrNotifyCancel());   // the executor must not run it

        var running = new Future<int>();
        Assert.True(running.SetRunningOrNotifyCancel());
        Assert.True(running.Running);
        Assert.False(running.Cancel());
        Assert.False(running.Cancelled);

        var finished = new Future<int>();
        Assert.True(finished.TrySetResult(1));
        Assert.False(finished.Cancel());
        Assert.Equal(1, finished.Result());
    }

    [Fact]
    public void The_first_outcome_wins()
    {
        var future = new Future<string>();
        Assert.True(future.TrySetResult("first"));
        Assert.False(future.TrySetResult("second"));
        Assert.False(future.TrySetException(new InvalidOperationException()));
        Assert.Equal("first", future.Result());
        Assert.Null(future.Exception());
    }

    [Fact]
    public void Result_rethrows_the_work_exception_and_Exception_returns_it()
    {
        var future = new Future<int>();
        var failure = new ArgumentException("bad input");
        future.TrySetException(failure);
        Assert.Same(failure, Assert.Throws<ArgumentException>(() => future.Result()));
        Assert.Same(failure, future.Exception());
    }

    [Fact]
    public void A_cancelled_future_throws_OperationCanceledException_from_both_waits()
    {
        var future = new Future<int>();
        future.Cancel();
        Assert.Throws<OperationCanceledException>(() => future.Result());
        Assert.Throws<OperationCanceledException>(() => future.Exception());
    }

    [Fact]
    public void Waits_time_out_with_TimeoutException()
    {
        var future = new Future<int>();
        Assert.Throws<TimeoutException>(() => future.Result(TimeSpan.Zero));
        Assert.Throws<TimeoutException>(() => future.Exception(TimeSpan.FromMilliseconds(10)));
        Assert.False(future.Done);
    }

    [Fact]
    public void Result_blocks_until_another_thread_finishes_the_future()
    {
        var future = new Future<int>();
        var setter = new Thread(() =>
        {
            Thread.Sleep(50);
            future.SetRunningOrNotifyCancel();
            future.TrySetResult(42);
        });
        setter.Start();
        Assert.Equal(42, future.Result(TimeSpan.FromSeconds(30)));
        setter.Join();
    }

    [Fact]
    public void Callbacks_run_in_the_order_added_and_at_once_on_a_done_future()
    {
        var future = new Future<int>();
        var order = new List<string>();
        future.AddDoneCallback(_ => order.Add("first"));
        future.AddDoneCallback(f => order.Add($"second saw {((Future<int>)f).Result()}"));
        Assert.Empty(order);
        future.TrySetResult(7);
        Assert.Equal(["first", "second saw 7"], order);
        future.AddDoneCallback(_ => order.Add("late"));
        Assert.Equal(["first", "second saw 7", "late"], order);
    }

    [Fact]
    public void A_typed_callback_reads_the_result_without_a_cast_in_order_with_untyped_ones()
    {
        var future = new Future<string>();
        var order = new List<string>();
        future.AddDoneCallback(f => order.Add($"typed {f.Result()}"));   // f is a Future<string>
        future.AddDoneCallback((Future f) => order.Add($"untyped {f.Done}"));
        future.AddDoneCallback(ParsePage);
        future.TrySetResult("page");
        Assert.Equal(["typed page", "untyped True", "parsed page"], order);
        future.AddDoneCallback(f => order.Add($"late {f.Result()}"));
        Assert.Equal("late page", order[^1]);

        void ParsePage(Future<string> done) => order.Add($"parsed {done.Result()}");
    }

    [Fact]
    public void Cancelling_runs_the_callbacks()
    {
        var future = new Future<int>();
        Future? seen = null;
        future.AddDoneCallback(f => seen = f);
        future.Cancel();
        Assert.Same(future, seen);
    }

    [Fact]
    public void A_throwing_callback_is_reported_and_the_next_one_still_runs()
    {
        var future = new Future<int>();
        bool secondRan = false;
        future.AddDoneCallback(_ => throw new InvalidOperationException("callback failure"));
        future.AddDoneCallback(_ => secondRan = true);
        var errors = new StringWriter();
        var before = Console.Error;
        Console.SetError(errors);
        try
        {
            Assert.True(future.TrySetResult(1));
        }
        finally
        {
            Console.SetError(before);
        }
        Assert.True(secondRan);
        Assert.Contains("exception calling callback for Future (finished)", errors.ToString());
        Assert.Contains("callback failure", errors.ToString());
        Assert.Equal(1, future.Result());
    }

    [Fact]
    public void ToString_says_the_state()
    {
        var future = new Future<int>();
        Assert.Equal("Future (pending)", future.ToString());
        future.SetRunningOrNotifyCancel();
        Assert.Equal("Future (running)", future.ToString());
        future.TrySetException(new FormatException());
        Assert.Equal("Future (finished: FormatException)", future.ToString());
    }
}
