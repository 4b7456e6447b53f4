using GreenRuntime.Futures;
using GreenRuntime.Tests.Monkey;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Futures.Processes;

/// <summary>
/// A process pool's waits inside <c>[Greenlet]</c> bodies park the greenlet, not the hub: <c>Result()</c> of its future
/// and its <c>Shutdown(wait: true)</c>, while a second greenlet keeps ticking (the others' in <c>ExecutorParkingTests</c>).
/// </summary>
public partial class ProcessPoolParkingTests
{
    [Greenlet]
    private static (int Result, int Ticks) SleepInAWorker(ProcessPoolExecutor pool, Ticker ticker, int milliseconds)
    {
        int before = ticker.Ticks;
        var future = pool.Submit(WorkerTasks.Sleep, milliseconds);
        int result = future.Result();
        return (result, ticker.Ticks - before);
    }

    [Fact]
    public void A_process_pool_futures_Result_in_a_greenlet_parks_it_while_the_worker_runs() => OnFreshThread(() =>
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1);
        var ticker = Ticker.Start();
        var waiter = Green.Spawn(SleepInAWorker, pool, ticker, 300);
        var (result, ticks) = waiter.Get(timeout: Hang);
        ticker.Stop();
        Assert.Equal(300, result);
        // The worker takes 300 ms (plus its start): a ticker every 10 ms ticks many times unless the wait blocked the hub.
        Assert.True(ticks >= 3, $"The ticker ticked {ticks} times while Result() waited for the worker: the wait blocked the hub.");
    });

    [Greenlet]
    private static int ShutDownProcessPool(ProcessPoolExecutor pool, Ticker ticker)
    {
        int before = ticker.Ticks;
        pool.Shutdown(wait: true);
        return ticker.Ticks - before;
    }

    [Fact]
    public void ProcessPoolExecutor_Shutdown_in_a_greenlet_parks_it_until_the_work_is_done() => OnFreshThread(() =>
    {
        var pool = new ProcessPoolExecutor(maxWorkers: 1);
        var ticker = Ticker.Start();
        var work = pool.Submit(WorkerTasks.Sleep, 300);
        var ticks = Green.Spawn(ShutDownProcessPool, pool, ticker).Get(timeout: Hang);
        ticker.Stop();
        Assert.True(work.Done);
        Assert.Equal(300, work.Result());
        Assert.True(ticks >= 3, $"The ticker ticked {ticks} times while Shutdown waited for the worker: the wait blocked the hub.");
    });
}
