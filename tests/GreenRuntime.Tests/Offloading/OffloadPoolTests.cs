using GreenRuntime.CompilerServices;
using GreenRuntime.Offloading;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Offloading;

/// <summary>
/// The offload tier's own thread pool (gevent's hub threadpool): dedicated background threads started on demand,
/// idle ones reused before a new one starts and retired after their idle timeout, at most <c>maxWorkers</c> of them.
/// Each test has a pool of its own, so tests running in parallel cannot share its threads.
/// </summary>
public class OffloadPoolTests
{
    [Fact]
    public void An_idle_thread_takes_the_next_work_before_a_new_thread_starts()
    {
        var pool = new OffloadPool(4, "reuse", initializer: null, Timeout.InfiniteTimeSpan);
        var first = Work.Post(pool);
        first.WaitDone();
        Assert.True(SpinWait.SpinUntil(() => pool.IdleCount == 1, Hang));
        var second = Work.Post(pool);
        second.WaitDone();
        Assert.Same(first.Thread, second.Thread);
        Assert.Equal(1, pool.ThreadCount);
    }

    [Fact]
    public void Work_that_finds_no_idle_thread_starts_one_up_to_max_workers_and_then_waits_its_turn()
    {
        var pool = new OffloadPool(2, "bounded", initializer: null, Timeout.InfiniteTimeSpan);
        using var release = new ManualResetEventSlim();
        var blocked = new[] { Work.Post(pool, release), Work.Post(pool, release) };
        foreach (var work in blocked)
            Assert.True(work.Started.Wait(Hang));
        var third = Work.Post(pool);
        Assert.False(third.Done.Wait(100));
        Assert.Equal(2, pool.ThreadCount);
        release.Set();
        third.WaitDone();
        Assert.Contains(third.Thread, blocked.Select(w => w.Thread));
        Assert.NotSame(blocked[0].Thread, blocked[1].Thread);
        Assert.All(blocked.Append(third), w => Assert.StartsWith("bounded ", w.Thread!.Name));
    }

    [Fact]
    public void A_burst_of_blocking_work_gets_a_thread_each_while_threads_are_awake_looking_for_work()
    {
        // Posts that find a thread still looking for work wake nobody; each piece must still get its own thread (the
        // thread that takes one wakes the next), or these pieces, which all wait for each other, would never finish.
        const int pieces = 6;
        var pool = new OffloadPool(pieces, "burst", initializer: null, Timeout.InfiniteTimeSpan);
        for (int round = 0; round < 50; round++)
        {
            using var all = new Barrier(pieces);
            var posted = Enumerable.Range(0, pieces).Select(_ => Work.Post(pool, barrier: all)).ToArray();
            foreach (var work in posted)
                work.WaitDone();
            Assert.All(posted, work => Assert.True(work.MetTheOthers));
            Assert.Equal(pieces, posted.Select(work => work.Thread).Distinct().Count());
        }
        Assert.Equal(pieces, pool.ThreadCount);
    }

    [Fact]
    public void Idle_threads_exit_after_the_idle_timeout_and_later_work_starts_a_new_one()
    {
        var pool = new OffloadPool(4, "retiring", initializer: null, TimeSpan.FromMilliseconds(50));
        var first = Work.Post(pool);
        first.WaitDone();
        Assert.True(SpinWait.SpinUntil(() => pool.ThreadCount == 0, Hang));
        Assert.True(first.Thread!.Join(Hang));
        var second = Work.Post(pool);
        second.WaitDone();
        Assert.NotSame(first.Thread, second.Thread);
        Assert.Equal("retiring 2", second.Thread!.Name);
    }

    [Fact]
    public void Pool_threads_are_background_threads_of_its_own_not_thread_pool_threads()
    {
        var pool = new OffloadPool(1, "own", initializer: null, Timeout.InfiniteTimeSpan);
        var work = Work.Post(pool);
        work.WaitDone();
        Assert.True(work.Thread!.IsBackground);
        Assert.False(work.WasThreadPoolThread);
        Assert.Equal("own 1", work.Thread.Name);
    }

    [Fact]
    public void The_initializer_runs_once_on_each_new_thread_before_its_first_work()
    {
        var initialized = new System.Collections.Concurrent.ConcurrentBag<Thread>();
        var pool = new OffloadPool(2, "init", () => initialized.Add(Thread.CurrentThread), Timeout.InfiniteTimeSpan);
        using var release = new ManualResetEventSlim();
        var works = new[] { Work.Post(pool, release), Work.Post(pool, release) };
        foreach (var work in works)
            Assert.True(work.Started.Wait(Hang));
        release.Set();
        foreach (var work in works)
            work.WaitDone();
        Assert.True(SpinWait.SpinUntil(() => pool.IdleCount == 2, Hang));
        var again = Work.Post(pool);
        again.WaitDone();
        Assert.Equal(works.Select(w => w.Thread).OrderBy(t => t!.ManagedThreadId), initialized.OrderBy(t => t.ManagedThreadId));
    }

    [Fact]
    public void An_initializer_that_throws_breaks_the_pool_and_fails_its_work_and_every_later_post()
    {
        var pool = new OffloadPool(1, "broken", () => throw new ApplicationException("no init"), Timeout.InfiniteTimeSpan);
        var work = Work.Post(pool);
        work.WaitDone();
        var broken = Assert.IsType<BrokenPoolException>(work.Failure);
        Assert.Equal("no init", Assert.IsType<ApplicationException>(broken.InnerException).Message);
        Assert.False(work.Ran);
        Assert.Same(broken.InnerException, pool.InitializerFailure);

        var later = Work.Post(pool);
        Assert.True(later.Done.IsSet);
        Assert.IsType<BrokenPoolException>(later.Failure);
        Assert.True(SpinWait.SpinUntil(() => pool.ThreadCount == 0, Hang));
    }

    [Fact]
    public void Bad_settings_are_refused_naming_the_parameter()
    {
        Assert.Equal("maxWorkers", Assert.Throws<ArgumentOutOfRangeException>(() => new OffloadPool(0, "p", null, TimeSpan.Zero)).ParamName);
        Assert.Equal("threadNamePrefix", Assert.Throws<ArgumentNullException>(() => new OffloadPool(1, null!, null, TimeSpan.Zero)).ParamName);
        Assert.Equal("idleTimeout", Assert.Throws<ArgumentOutOfRangeException>(() => new OffloadPool(1, "p", null, TimeSpan.FromSeconds(-2))).ParamName);
    }

    [Fact]
    public void Offloaded_work_killed_before_a_thread_took_it_never_runs() => OnFreshThread(() =>
    {
        var pool = new OffloadPool(1, "queued", initializer: null, Timeout.InfiniteTimeSpan);
        using var release = new ManualResetEventSlim();
        var occupying = Work.Post(pool, release);
        Assert.True(occupying.Started.Wait(Hang));
        bool ran = false;
        var parked = Green.Spawn(default(GreenSuspend), async () =>
            await OffloadCall.Start(0, (_, _) => ran = true, "queued work", pool: pool));
        Green.Sleep(0);
        parked.Kill();
        Assert.True(parked.Dead);
        release.Set();
        occupying.WaitDone();
        var after = Work.Post(pool);
        after.WaitDone();
        Assert.False(ran);
    });

    /// <summary>Work that records where it ran and can be held until released.</summary>
    private sealed class Work : OffloadWork
    {
        private readonly ManualResetEventSlim? _release;
        private readonly Barrier? _barrier;

        private Work(ManualResetEventSlim? release, Barrier? barrier)
        {
            _release = release;
            _barrier = barrier;
        }

        public ManualResetEventSlim Started { get; } = new();

        public ManualResetEventSlim Done { get; } = new();

        public Thread? Thread { get; private set; }

        public bool WasThreadPoolThread { get; private set; }

        public bool Ran { get; private set; }

        public Exception? Failure { get; private set; }

        /// <summary>With a barrier: whether every other piece reached it too (each holds its thread until they do).</summary>
        public bool MetTheOthers { get; private set; }

        public static Work Post(OffloadPool pool, ManualResetEventSlim? release = null, Barrier? barrier = null)
        {
            var work = new Work(release, barrier);
            pool.Post(work);
            return work;
        }

        public void WaitDone() => Assert.True(Done.Wait(Hang), "the work did not finish");

        protected override void Perform()
        {
            Thread = Thread.CurrentThread;
            WasThreadPoolThread = Thread.IsThreadPoolThread;
            Ran = true;
            Started.Set();
            _release?.Wait(Hang);
            if (_barrier is not null)
                MetTheOthers = _barrier.SignalAndWait(Hang);
            Done.Set();
        }

        internal override void Fail(Exception failure)
        {
            Failure = failure;
            Done.Set();
        }
    }
}
