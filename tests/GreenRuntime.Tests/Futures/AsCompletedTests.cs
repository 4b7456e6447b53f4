using System.Diagnostics;
using GreenRuntime.Futures;
using static GreenRuntime.Tests.Futures.FutureSources;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Futures;

using Futures = GreenRuntime.Futures.Futures;

/// <summary><c>Futures.AsCompleted</c> from ordinary code, with futures other threads finish (CPython's test_as_completed.py).</summary>
public class AsCompletedTests
{
    [Fact]
    public void Yields_every_future_the_finished_ones_first_in_the_order_given_then_in_completion_order() => OnFreshThread(() =>
    {
        var cancelled = Cancelled();
        var failed = Failed();
        var successful = Successful();
        var finishesLast = Pending();
        var finishesFirst = Pending();
        var order = new List<Future>();
        foreach (var future in Futures.AsCompleted([cancelled, finishesLast, failed, finishesFirst, successful]))
        {
            order.Add(future);
            // Once the finished ones are out, another thread finishes the other two, in the opposite of the order given.
            if (order.Count == 3)
            {
                Later(0, () =>
                {
                    finishesFirst.TrySetResult(2);
                    finishesLast.TrySetResult(1);
                });
            }
        }
        Assert.Equal([cancelled, failed, successful, finishesFirst, finishesLast], order);
    });

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void A_timeout_throws_TimeoutException_after_yielding_the_finished_ones(int timeoutMs) => OnFreshThread(() =>
    {
        Future[] finished = [Cancelled(), Failed(), Successful()];
        var slow = Pending();
        var seen = new List<Future>();
        var timeout = Assert.Throws<TimeoutException>(() =>
        {
            foreach (var future in Futures.AsCompleted([.. finished, slow], TimeSpan.FromMilliseconds(timeoutMs)))
                seen.Add(future);
        });
        Assert.Equal(finished, seen);
        Assert.Equal("1 (of 4) futures unfinished", timeout.Message);
        Assert.Equal(0, slow.WaiterCount);
    });

    [Fact]
    public void The_timeout_message_counts_the_unfinished_futures() => OnFreshThread(() =>
    {
        Future[] futures = [Cancelled(), Pending(), Running(), Successful()];
        var timeout = Assert.Throws<TimeoutException>(() => Futures.AsCompleted(futures, TimeSpan.Zero).ToList());
        Assert.Equal("2 (of 4) futures unfinished", timeout.Message);
    });

    [Fact]
    public void A_future_given_three_times_is_yielded_once() => OnFreshThread(() =>
    {
        var future = Pending();
        Later(20, () => future.TrySetResult(1));
        var completed = new List<Future>();
        foreach (var f in Futures.AsCompleted(Enumerable.Repeat(future, 3)))
            completed.Add(f);
        Assert.Equal([future], completed);
    });

    [Fact]
    public void The_timeout_counts_from_the_call_not_from_the_enumeration() => OnFreshThread(() =>
    {
        var pending = Pending();
        var sequence = Futures.AsCompleted([Successful(), pending], TimeSpan.FromMilliseconds(1000));
        Thread.Sleep(1100);
        var watch = Stopwatch.StartNew();
        var seen = new List<Future>();
        Assert.Throws<TimeoutException>(() =>
        {
            foreach (var future in sequence)
                seen.Add(future);
        });
        Assert.Single(seen);
        // Had the second started with the enumeration, it would have waited it all again.
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(800), $"The enumeration waited {watch.Elapsed} after the deadline had passed.");
    });

    [Fact]
    public void Leaving_the_loop_early_stops_watching_the_rest() => OnFreshThread(() =>
    {
        var pending = Pending();
        foreach (var future in Futures.AsCompleted([Successful(), pending]))
        {
            Assert.True(future.Done);
            break;
        }
        Assert.Equal(0, pending.WaiterCount);
    });

    [Fact]
    public void Futures_finished_by_many_threads_are_each_yielded_once() => OnFreshThread(() =>
    {
        var futures = Enumerable.Range(0, 64).Select(_ => Pending()).ToArray();
        for (int i = 0; i < futures.Length; i++)
        {
            var future = futures[i];
            int value = i;
            Later(i % 8, () => future.TrySetResult(value));
        }
        var seen = new HashSet<Future>();
        foreach (var future in Futures.AsCompleted(futures))
            Assert.True(seen.Add(future));
        Assert.Equal(64, seen.Count);
    });

    [Fact]
    public void Bad_arguments_are_refused_naming_the_parameter()
    {
        Assert.Equal("fs", Assert.Throws<ArgumentNullException>(() => Futures.AsCompleted(null!)).ParamName);
        Assert.Equal("fs", Assert.Throws<ArgumentException>(() => Futures.AsCompleted([null!])).ParamName);
        Assert.Equal("timeout", Assert.Throws<ArgumentOutOfRangeException>(() => Futures.AsCompleted([], TimeSpan.FromSeconds(-1))).ParamName);
    }
}
