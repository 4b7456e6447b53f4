using GreenRuntime.CompilerServices;
using GreenRuntime.Futures;
using static GreenRuntime.Tests.Futures.FutureSources;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Futures;

using Futures = GreenRuntime.Futures.Futures;

/// <summary>
/// <c>Futures.Wait</c> from ordinary code, with futures other threads finish (CPython's test_wait.py). A cancelled
/// future is done at once here (CPython's CANCELLED and CANCELLED_AND_NOTIFIED are one state).
/// </summary>
public class WaitTests
{
    [Fact]
    public void A_future_given_twice_counts_once() => OnFreshThread(() =>
    {
        var future = Pending();
        Later(20, () => future.TrySetResult(2));
        var (done, notDone) = Futures.Wait([future, future], returnWhen: ReturnWhen.AllCompleted);
        Assert.Equal([future], done);
        Assert.Empty(notDone);
    });

    [Fact]
    public void FirstCompleted_returns_when_the_first_future_finishes() => OnFreshThread(() =>
    {
        var first = Pending();
        var never = Pending();
        var running = Running();
        Later(20, () => first.TrySetResult(42));
        var (done, notDone) = Futures.Wait([never, first, running], returnWhen: ReturnWhen.FirstCompleted);
        Assert.Equal([first], done);
        Assert.Equal(new HashSet<Future>([never, running]), notDone.ToHashSet());
    });

    [Fact]
    public void FirstCompleted_returns_at_once_with_the_futures_already_done() => OnFreshThread(() =>
    {
        var cancelled = Cancelled();
        var successful = Successful();
        var pending = Pending();
        var result = Futures.Wait([cancelled, successful, pending], returnWhen: ReturnWhen.FirstCompleted);
        Assert.Equal(new HashSet<Future>([cancelled, successful]), result.Done.ToHashSet());
        Assert.Equal([pending], result.NotDone);
    });

    [Fact]
    public void FirstException_returns_when_a_future_fails_with_the_ones_done_before() => OnFreshThread(() =>
    {
        var succeeds = Pending();
        var fails = Pending();
        var never = Pending();
        // The success comes first, then the failure: the wait must not return on the success.
        Later(10, () =>
        {
            succeeds.TrySetResult(42);
            Thread.Sleep(20);
            fails.TrySetException(new InvalidOperationException("this is an exception"));
        });
        var (done, notDone) = Futures.Wait([succeeds, fails, never], returnWhen: ReturnWhen.FirstException);
        Assert.Equal(new HashSet<Future>([succeeds, fails]), done.ToHashSet());
        Assert.Equal([never], notDone);
    });

    [Fact]
    public void FirstException_returns_at_once_when_one_already_failed() => OnFreshThread(() =>
    {
        var successful = Successful();
        var cancelled = Cancelled();
        var failed = Failed();
        var pending = Pending();
        var (done, notDone) = Futures.Wait([successful, cancelled, failed, pending], returnWhen: ReturnWhen.FirstException);
        Assert.Equal(new HashSet<Future>([successful, cancelled, failed]), done.ToHashSet());
        Assert.Equal([pending], notDone);
    });

    [Fact]
    public void FirstException_without_a_failure_waits_for_all() => OnFreshThread(() =>
    {
        var a = Pending();
        var b = Pending();
        var cancelled = Cancelled();
        Later(10, () => a.TrySetResult(1));
        Later(40, () => b.TrySetResult(2));
        var (done, notDone) = Futures.Wait([a, b, cancelled], returnWhen: ReturnWhen.FirstException);
        Assert.Equal(3, done.Count);
        Assert.Empty(notDone);
    });

    [Fact]
    public void AllCompleted_waits_for_every_future() => OnFreshThread(() =>
    {
        var fails = Pending();
        var succeeds = Pending();
        Later(10, () => fails.TrySetException(new DivideByZeroException()));
        Later(30, () => succeeds.TrySetResult(42));
        Future[] all = [Successful(), Cancelled(), Failed(), fails, succeeds];
        var (done, notDone) = Futures.Wait(all);
        Assert.Equal(all.ToHashSet(), done.ToHashSet());
        Assert.Empty(notDone);
    });

    [Fact]
    public void A_timeout_returns_the_partial_sets() => OnFreshThread(() =>
    {
        var pending = Pending();
        Future[] finished = [Cancelled(), Failed(), Successful()];
        var (done, notDone) = Futures.Wait([.. finished, pending], TimeSpan.FromMilliseconds(50), ReturnWhen.AllCompleted);
        Assert.Equal(finished.ToHashSet(), done.ToHashSet());
        Assert.Equal([pending], notDone);
        Assert.Equal(0, pending.WaiterCount);
    });

    [Fact]
    public void A_zero_timeout_and_an_empty_set_return_at_once() => OnFreshThread(() =>
    {
        var pending = Pending();
        var (done, notDone) = Futures.Wait([pending], TimeSpan.Zero);
        Assert.Empty(done);
        Assert.Equal([pending], notDone);
        var empty = Futures.Wait([]);
        Assert.Empty(empty.Done);
        Assert.Empty(empty.NotDone);
    });

    [Fact]
    public void Many_futures_finished_at_once_by_many_threads_are_all_seen() => OnFreshThread(() =>
    {
        // CPython's test_pending_calls_race: completions racing the wait's registration lose nothing.
        var futures = Enumerable.Range(0, 100).Select(_ => Pending()).ToArray();
        using var go = new ManualResetEventSlim();
        var threads = futures.Select(f => Later(0, () => { go.Wait(); f.TrySetResult(1); })).ToArray();
        go.Set();
        var (done, notDone) = Futures.Wait(futures);
        Assert.Equal(100, done.Count);
        Assert.Empty(notDone);
        foreach (var thread in threads)
            thread.Join();
    });

    [Fact]
    public void Bad_arguments_are_refused_naming_the_parameter()
    {
        Assert.Equal("fs", Assert.Throws<ArgumentNullException>(() => Futures.Wait(null!)).ParamName);
        Assert.Equal("fs", Assert.Throws<ArgumentException>(() => Futures.Wait([Pending(), null!])).ParamName);
        Assert.Equal("timeout", Assert.Throws<ArgumentOutOfRangeException>(() => Futures.Wait([Pending()], TimeSpan.FromSeconds(-1))).ParamName);
        Assert.Equal("returnWhen", Assert.Throws<ArgumentOutOfRangeException>(() => Futures.Wait([Pending()], returnWhen: (ReturnWhen)7)).ParamName);
    }

    [Fact]
    public void On_a_thread_without_a_hub_the_wait_blocks_the_thread_and_creates_no_hub() => OnFreshThread(() =>
    {
        var future = Pending();
        Later(20, () => future.TrySetResult(1));
        Assert.Single(Futures.Wait([future]).Done);
        Assert.Null(Hub.CurrentOrNull);
    });

    [Fact]
    public void On_a_hub_thread_the_wait_runs_the_hub_so_a_greenlet_can_finish_the_future() => OnFreshThread(() =>
    {
        var future = Pending();
        Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 10);
            future.TrySetResult(7);
        });
        Assert.Single(Futures.Wait([future]).Done);
        Assert.Equal(7, future.Result());
    });
}
