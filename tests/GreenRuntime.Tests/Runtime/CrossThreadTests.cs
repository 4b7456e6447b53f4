using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Hubs are per thread; only the documented entry points are thread-safe (DESIGN §3).</summary>
public class CrossThreadTests
{
    private const string Owner = "hub-owner-thread";
    private const string Intruder = "intruder-thread";

    private static void AssertNamesBothThreads(Action misuse)
    {
        var e = Assert.Throws<InvalidOperationException>(misuse);
        Assert.Contains(Owner, e.Message);
        Assert.Contains(Intruder, e.Message);
    }

    [Fact]
    public void Greenlet_used_from_another_thread_throws_naming_both_threads()
    {
        Greenlet<int>? parked = null;
        Greenlet? finished = null;
        OnFreshThread(() =>
        {
            var ev = new GreenEvent();
            parked = Green.Spawn(default(GreenSuspend), async () =>
            {
                await ev.Wait(default(GreenSuspend));
                return 1;
            });
            finished = Green.Spawn(() => { });
            finished.Join();
            Green.Hub.Run();
        }, Owner);
        OnFreshThread(() =>
        {
            AssertNamesBothThreads(() => parked!.Join());
            AssertNamesBothThreads(() => parked!.Join(TimeSpan.Zero));
            AssertNamesBothThreads(() => parked!.Get());
            AssertNamesBothThreads(() => parked!.Get(block: false));
            AssertNamesBothThreads(() => parked!.Kill());
            AssertNamesBothThreads(() => parked!.Kill(block: false));
            AssertNamesBothThreads(() => parked!.Link(_ => { }));
            AssertNamesBothThreads(() => parked!.LinkValue(_ => { }));
            AssertNamesBothThreads(() => parked!.LinkException(_ => { }));
            AssertNamesBothThreads(() => parked!.Unlink(_ => { }));
            AssertNamesBothThreads(() => Green.JoinAll(parked!));
            AssertNamesBothThreads(() => Green.KillAll([parked!]));
            // Even a finished greenlet belongs to its hub.
            AssertNamesBothThreads(() => finished!.Link(_ => { }));
        }, Intruder);
        Assert.False(parked!.Dead);
    }

    [Fact]
    public void GreenEvent_used_from_another_thread_throws_naming_both_threads()
    {
        GreenEvent? ev = null;
        OnFreshThread(() => ev = new GreenEvent(), Owner);
        OnFreshThread(() =>
        {
            AssertNamesBothThreads(() => ev!.Set());
            AssertNamesBothThreads(() => ev!.Clear());
            AssertNamesBothThreads(() => ev!.Wait());
            AssertNamesBothThreads(() => ev!.Wait(TimeSpan.Zero));
        }, Intruder);
        Assert.False(ev!.IsSet);
    }

    [Fact]
    public void Hub_blocking_call_from_another_thread_throws_naming_both_threads()
    {
        Hub? hub = null;
        TimeoutScope? scope = null;
        OnFreshThread(() =>
        {
            hub = Green.Hub;
            scope = Green.Timeout(Forever);
        }, Owner);
        OnFreshThread(() =>
        {
            AssertNamesBothThreads(hub!.Run);
            AssertNamesBothThreads(scope!.Dispose);
            // The intruder's own hub is a different one, and works.
            Assert.NotSame(hub, Green.Hub);
            Assert.Equal(Environment.CurrentManagedThreadId, Green.Hub.ThreadId);
            Assert.Equal(1, Green.Spawn(() => 1).Get());
        }, Intruder);
    }

    [Fact]
    public void Each_thread_has_its_own_hub_created_on_first_use()
    {
        Hub? first = null;
        Hub? second = null;
        int firstThread = 0;
        OnFreshThread(() =>
        {
            first = Green.Hub;
            firstThread = Environment.CurrentManagedThreadId;
            Assert.Same(first, Green.Hub);
            Assert.Same(first, Hub.Current);
        });
        OnFreshThread(() => second = Green.Hub);
        Assert.NotSame(first, second);
        Assert.Equal(firstThread, first!.ThreadId);
    }

    [Fact]
    public async Task Awaiting_a_greenlet_from_async_code_on_another_thread_gives_its_value()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var spawned = new TaskCompletionSource<(Greenlet<int> Valued, Greenlet Plain)>(TaskCreationOptions.RunContinuationsAsynchronously);
        int hubThread = 0;
        var thread = StartThread(() =>
        {
            hubThread = Environment.CurrentManagedThreadId;
            var valued = Green.Spawn(default(GreenSuspend), async () =>
            {
                await release.Task;
                return 42;
            });
            var plain = Green.Spawn(default(GreenSuspend), async () => { await release.Task; });
            // Keeps the hub running (it waits for cross-thread work) until the test has its results.
            var keeper = Green.Spawn(default(GreenSuspend), async () => { await done.Task; });
            spawned.SetResult((valued, plain));
            Green.JoinAll(valued, plain, keeper);
        }, "awaited-hub", out var failure);

        var (valued, plain) = await spawned.Task.WaitAsync(Hang);
        var awaitingValue = Task.Run(async () => await valued);
        var awaitingPlain = Task.Run(async () =>
        {
            await plain;
            return Environment.CurrentManagedThreadId;
        });
        release.SetResult();
        Assert.Equal(42, await awaitingValue.WaitAsync(Hang));
        int continuedOn = await awaitingPlain.WaitAsync(Hang);
        Assert.NotEqual(hubThread, continuedOn);
        done.SetResult();
        JoinThread(thread, failure);
        Assert.True(valued.Dead);
    }

    [Fact]
    public async Task Awaiting_a_failed_greenlet_from_another_thread_rethrows_its_exception()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var spawned = new TaskCompletionSource<(Greenlet<int> Valued, Greenlet Plain)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = StartThread(() =>
        {
            CaptureErrors();
            var valued = Green.Spawn(default(GreenSuspend), async () =>
            {
                await release.Task;
                ThrowFromOriginalThrower("valued failed");
                return 0;
            });
            var plain = Green.Spawn(default(GreenSuspend), async () =>
            {
                await release.Task;
                throw new ApplicationException("plain failed");
            });
            var keeper = Green.Spawn(default(GreenSuspend), async () => { await done.Task; });
            spawned.SetResult((valued, plain));
            Green.JoinAll(valued, plain, keeper);
        }, "failing-hub", out var failure);

        var (valued, plain) = await spawned.Task.WaitAsync(Hang);
        var awaitingValue = Task.Run(async () => await valued);
        var awaitingPlain = Task.Run(async () => await plain);
        release.SetResult();
        var valuedError = await Assert.ThrowsAsync<InvalidOperationException>(() => awaitingValue.WaitAsync(Hang));
        Assert.Equal("valued failed", valuedError.Message);
        Assert.Contains(nameof(ThrowFromOriginalThrower), valuedError.StackTrace);
        var plainError = await Assert.ThrowsAsync<ApplicationException>(() => awaitingPlain.WaitAsync(Hang));
        Assert.Equal("plain failed", plainError.Message);
        done.SetResult();
        JoinThread(thread, failure);
    }

    [Fact]
    public async Task Awaiting_a_finished_greenlet_completes_at_once()
    {
        Greenlet<string>? finished = null;
        Greenlet? killed = null;
        OnFreshThread(() =>
        {
            finished = Green.Spawn(() => "ready");
            finished.Join();
            killed = Green.Spawn(() => { });
            killed.Kill();
        });
        // The owning thread is gone, so only an already-finished greenlet can complete this await.
        Assert.Equal("ready", await finished!);
        await killed!;
    }

    [Fact]
    public async Task Hub_Post_from_another_thread_runs_on_the_hub_thread()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hubReady = new TaskCompletionSource<Hub>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new List<string>();
        int hubThread = 0;
        int postedOn = 0;
        Greenlet? currentInPost = null;
        var thread = StartThread(() =>
        {
            hubThread = Environment.CurrentManagedThreadId;
            var g = Green.Spawn(default(GreenSuspend), async () =>
            {
                log.Add("greenlet waiting");
                await release.Task;
                log.Add("greenlet released");
            });
            hubReady.SetResult(Green.Hub);
            g.Join();
        }, "posted-hub", out var failure);

        var hub = await hubReady.Task.WaitAsync(Hang);
        hub.Post(() =>
        {
            postedOn = Environment.CurrentManagedThreadId;
            currentInPost = Green.Current;
            log.Add("posted action");
            release.SetResult();
        });
        JoinThread(thread, failure);
        Assert.Equal(hubThread, postedOn);
        Assert.Null(currentInPost);
        Assert.Equal(["greenlet waiting", "posted action", "greenlet released"], log);
    }

    [Fact]
    public async Task Hub_Post_action_that_throws_goes_to_the_ErrorHandler()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hubReady = new TaskCompletionSource<Hub>(TaskCreationOptions.RunContinuationsAsynchronously);
        List<(Greenlet Greenlet, Exception Exception)>? errors = null;
        var thread = StartThread(() =>
        {
            errors = CaptureErrors();
            var g = Green.Spawn(default(GreenSuspend), async () => { await release.Task; });
            hubReady.SetResult(Green.Hub);
            g.Join();
        }, "posted-hub", out var failure);

        var hub = await hubReady.Task.WaitAsync(Hang);
        var broken = new InvalidOperationException("posted action broke");
        hub.Post(() => throw broken);
        hub.Post(release.SetResult);
        JoinThread(thread, failure);
        Assert.Same(broken, Assert.Single(errors!).Exception);
    }

    [Fact]
    public void Hub_Post_rejects_null() => OnFreshThread(() =>
        Assert.Throws<ArgumentNullException>(() => Green.Hub.Post(null!)));
}
