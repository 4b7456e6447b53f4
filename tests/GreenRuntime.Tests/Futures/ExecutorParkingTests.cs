using GreenRuntime.Futures;
using GreenRuntime.Tests.Monkey;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Futures;

/// <summary>
/// The executors' own waits inside <c>[Greenlet]</c> bodies park the greenlet, not the hub: <c>Shutdown(wait: true)</c>
/// of each executor (through its marker overload), while a second greenlet keeps ticking. The process pool's are in
/// <c>Processes/ProcessPoolParkingTests</c>.
/// </summary>
public partial class ExecutorParkingTests
{
    [Greenlet]
    private static void ShutDown(IExecutor executor) => executor.Shutdown(wait: true);

    [Greenlet]
    private static void ShutDownThroughTheClass(ThreadPoolExecutor executor) => executor.Shutdown(wait: true);

    /// <summary>A thread pool task that returns only once the ticker has ticked three times (or after 10 s).</summary>
    private static int AfterTicks(Ticker ticker)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (ticker.Ticks < 3 && DateTime.UtcNow < until)
            Thread.Sleep(5);
        return ticker.Ticks;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThreadPoolExecutor_Shutdown_in_a_greenlet_parks_it_until_the_work_is_done(bool throughTheInterface) => OnFreshThread(() =>
    {
        var ticker = Ticker.Start();
        var pool = new ThreadPoolExecutor(maxWorkers: 1);
        var work = pool.Submit(AfterTicks, ticker);
        var shutdown = throughTheInterface ? Green.Spawn(ShutDown, (IExecutor)pool) : Green.Spawn(ShutDownThroughTheClass, pool);
        Assert.True(shutdown.Join(Hang));
        Assert.True(shutdown.Successful, shutdown.Exception?.ToString());
        // Shutdown returned after the work: its future is done, and the work saw the ticker tick meanwhile.
        Assert.True(work.Done);
        ticker.Stop();
        Assert.True(work.Result() >= 3, $"The ticker ticked {work.Result()} times while Shutdown waited: the wait blocked the hub.");
        Assert.Throws<InvalidOperationException>(() => pool.Submit(AfterTicks, ticker));
    });

    [Greenlet]
    private static int SlowSquare(int x)
    {
        Thread.Sleep(30);
        return x * x;
    }

    [Greenlet]
    private static bool ShutDownAndSeeItDone(GreenletExecutor executor, Future<int> future)
    {
        executor.Shutdown(wait: true);
        return future.Done;
    }

    [Fact]
    public void GreenletExecutor_Shutdown_in_a_greenlet_of_its_hub_waits_for_work_that_runs_on_that_hub() => OnFreshThread(() =>
    {
        var executor = new GreenletExecutor();
        var future = executor.Submit(SlowSquare, 7);
        var shutdown = Green.Spawn(ShutDownAndSeeItDone, executor, future);
        Assert.True(shutdown.Get(timeout: Hang));
        Assert.Equal(49, future.Result());
    });

    [Greenlet]
    private static int ShutDownFromInside(GreenletExecutor executor)
    {
        executor.Shutdown(wait: true);
        return 0;
    }

    [Fact]
    public void GreenletExecutor_Shutdown_waiting_from_its_own_task_is_refused_with_what_to_do_instead() => OnFreshThread(() =>
    {
        var executor = new GreenletExecutor();
        var future = executor.Submit(ShutDownFromInside, executor);
        var failure = Assert.IsType<InvalidOperationException>(future.Exception(Hang));
        Assert.Contains("Shutdown(wait: false)", failure.Message);
        executor.Shutdown(wait: true);
    });
}
