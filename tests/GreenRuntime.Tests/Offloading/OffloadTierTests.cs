using System.Collections.Concurrent;
using System.IO.Pipes;
using GreenRuntime.Tests.Monkey;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Offloading;

/// <summary>
/// Tier 3, offload: inside [Greenlet] methods, known blocking calls with no async twin run on the offload pool while
/// the greenlet parks, so a second greenlet ticking every 10 ms keeps ticking (where the blocked hub would stall it for
/// the 300 ms the call waits); kills and timeouts leave at once, and a call with a cancellable overload is cancelled
/// (a killed Take consumes nothing, a killed WaitOne takes no signal).
/// </summary>
public class OffloadTierTests
{
    // Typically under 30 ms; a loaded machine has been seen to delay a free hub thread by 118 ms, and a blocked hub
    // stalls the ticker for the whole 300 ms.
    private static readonly TimeSpan LargestGap = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void Console_ReadLine_from_a_pipe_written_300_ms_later_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        var original = Console.In;
        Console.SetIn(new StreamReader(client));
        try
        {
            var line = WhileTicking(() => Green.Spawn(OffloadGreenlets.ReadConsoleLine), () =>
            {
                pipe.Write("hello from the pipe\n"u8);
                pipe.Flush();
            });
            Assert.Equal("hello from the pipe", line);
        }
        finally
        {
            Console.SetIn(original);
        }
    });

    [Fact]
    public void BlockingCollection_Take_fed_300_ms_later_from_another_thread_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        using var items = new BlockingCollection<int>();
        Assert.Equal(42, WhileTicking(() => Green.Spawn(OffloadGreenlets.Take, items), () => items.Add(42)));
    });

    [Fact]
    public void BlockingCollection_TryTake_with_a_timeout_hands_back_the_item_through_its_out_argument() => OnFreshThread(() =>
    {
        using var items = new BlockingCollection<int>();
        Assert.Equal((true, 7), WhileTicking(() => Green.Spawn(OffloadGreenlets.TryTake, items, 10_000), () => items.Add(7)));
        Assert.Equal((false, 0), Green.Spawn(OffloadGreenlets.TryTake, items, 50).Get());
    });

    [Fact]
    public void BlockingCollection_Add_to_a_full_bounded_collection_parks_until_there_is_room() => OnFreshThread(() =>
    {
        using var items = new BlockingCollection<int>(boundedCapacity: 1) { 1 };
        WhileTicking(() => Green.Spawn(OffloadGreenlets.Add, items, 2), () => items.Take());
        Assert.Equal([2], items.ToArray());
    });

    [Fact]
    public void ManualResetEventSlim_Wait_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        using var signal = new ManualResetEventSlim();
        WhileTicking(() => Green.Spawn(OffloadGreenlets.Wait, signal), signal.Set);
        Assert.True(Green.Spawn(OffloadGreenlets.WaitFor, signal, TimeSpan.Zero).Get());
    });

    [Fact]
    public void WaitHandle_WaitOne_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        using var signal = new AutoResetEvent(false);
        Assert.True(WhileTicking(() => Green.Spawn(OffloadGreenlets.WaitOne, (WaitHandle)signal), () => signal.Set()));
        // The auto-reset event's signal was taken by the greenlet's wait.
        Assert.False(signal.WaitOne(0));
    });

    [Fact]
    public void WaitHandle_WaitAny_and_WaitAll_park_only_their_greenlet() => OnFreshThread(() =>
    {
        using var first = new ManualResetEvent(false);
        using var second = new ManualResetEvent(false);
        Assert.Equal(1, WhileTicking(() => Green.Spawn(OffloadGreenlets.WaitAny, new WaitHandle[] { first, second }), () => second.Set()));
        Assert.True(WhileTicking(() => Green.Spawn(OffloadGreenlets.WaitAll, new WaitHandle[] { first, second }, 10_000), () => first.Set()));
    });

    [Fact]
    public void Thread_Join_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        using var release = new ManualResetEventSlim();
        var worker = new Thread(() => release.Wait(Hang)) { IsBackground = true };
        worker.Start();
        WhileTicking(() => Green.Spawn(OffloadGreenlets.Join, worker), release.Set);
        Assert.False(worker.IsAlive);
    });

    [Fact]
    public void CountdownEvent_Wait_and_Barrier_SignalAndWait_park_only_their_greenlet() => OnFreshThread(() =>
    {
        using var countdown = new CountdownEvent(1);
        WhileTicking(() => Green.Spawn(OffloadGreenlets.WaitCountdown, countdown), () => countdown.Signal());
        using var barrier = new Barrier(2);
        Assert.True(WhileTicking(() => Green.Spawn(OffloadGreenlets.SignalAndWait, barrier, 10_000), () => barrier.SignalAndWait(Hang)));
    });

    [Fact]
    public void Killing_a_greenlet_parked_on_Take_cancels_the_take_so_a_later_item_is_not_consumed() => OnFreshThread(() =>
    {
        using var items = new BlockingCollection<int>();
        using var user = new CancellationTokenSource();
        foreach (var parked in new[] { Green.Spawn(OffloadGreenlets.Take, items), Green.Spawn(OffloadGreenlets.TakeWithToken, items, user.Token) })
        {
            Green.Sleep(50);
            Assert.False(parked.Ready);
            parked.Kill(timeout: Prompt);
            Assert.True(parked.Dead);
            Assert.True(parked.Successful);
        }
        // The cancelled takes have gone; an item put now stays for the next taker.
        Thread.Sleep(100);
        items.Add(5);
        Thread.Sleep(300);
        Assert.Single(items);
        Assert.Equal(5, Green.Spawn(OffloadGreenlets.Take, items).Get());
    });

    [Fact]
    public void A_timeout_scope_around_Take_leaves_at_once_and_consumes_nothing() => OnFreshThread(() =>
    {
        using var items = new BlockingCollection<int>();
        Assert.Equal("timed out", Green.Spawn(OffloadGreenlets.TimesOut, TimeSpan.FromMilliseconds(50), items).Get());
        Thread.Sleep(100);
        items.Add(9);
        Thread.Sleep(300);
        Assert.Equal("took 9", Green.Spawn(OffloadGreenlets.TimesOut, Prompt, items).Get());
    });

    [Fact]
    public void Killing_or_timing_out_a_greenlet_parked_on_WaitOne_takes_no_signal() => OnFreshThread(() =>
    {
        using var signal = new AutoResetEvent(false);
        var parked = Green.Spawn(OffloadGreenlets.WaitOne, (WaitHandle)signal);
        Green.Sleep(50);
        parked.Kill(timeout: Prompt);
        Assert.True(parked.Dead);
        Assert.Equal("timed out", Green.Spawn(OffloadGreenlets.TimesOutWaiting, TimeSpan.FromMilliseconds(50), (WaitHandle)signal).Get());
        signal.Set();
        Thread.Sleep(200);
        Assert.True(signal.WaitOne(0), "an abandoned offloaded WaitOne took the signal");
    });

    [Fact]
    public void Killing_a_greenlet_parked_on_an_uncancellable_call_leaves_at_once() => OnFreshThread(() =>
    {
        using var signal = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var worker = new Thread(() => release.Wait(Hang)) { IsBackground = true };
        worker.Start();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        var original = Console.In;
        Console.SetIn(new StreamReader(client));
        try
        {
            var parked = new Greenlet[]
            {
                Green.Spawn(OffloadGreenlets.Wait, signal),
                Green.Spawn(OffloadGreenlets.Join, worker),
                Green.Spawn(OffloadGreenlets.ReadConsoleCharacter),
            };
            Green.Sleep(50);
            Green.KillAll(parked, timeout: Prompt);
            Assert.All(parked, g => Assert.True(g.Dead));
        }
        finally
        {
            Console.SetIn(original);
            release.Set();
            pipe.Write("x"u8);
        }
    });

    /// <summary>
    /// Spawns the greenlet <paramref name="start"/> makes next to a ticker, runs <paramref name="feed"/> on another thread
    /// 300 ms later, and returns the greenlet's result; asserts that the ticker kept ticking meanwhile.
    /// </summary>
    private static T WhileTicking<T>(Func<Greenlet<T>> start, Action feed)
    {
        var ticker = Ticker.Start();
        var waiter = start();
        var feeder = StartThread(() =>
        {
            Thread.Sleep(300);
            feed();
        }, "feeder", out var failure);
        Assert.True(waiter.Join(Hang), "the greenlet never got what it waited for");
        var largestGap = ticker.Stop();
        JoinThread(feeder, failure);
        Assert.True(largestGap < LargestGap, $"the ticker stalled for {largestGap.TotalMilliseconds} ms: the call blocked the hub");
        return waiter.Get();
    }
}
