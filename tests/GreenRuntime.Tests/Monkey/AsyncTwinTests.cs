using System.IO.Pipes;
using System.Text;
using static GreenRuntime.Tests.Monkey.AsyncTwinGreenlets;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Monkey;

/// <summary>
/// Tier 2, the async-twin bridge, with real calls: a blocking call with an <c>XxxAsync</c> twin, and a synchronous wait
/// for a task, park only their greenlet (a second one keeps ticking every 10 ms); kills and timeouts end the wait at
/// once and cancel the twin's token; failures surface as the synchronous call throws them.
/// </summary>
public class AsyncTwinTests
{
    // A call that blocked the hub would hold it for the whole 300 ms; on this shared machine (2 cores, load 30-70) the
    // scheduler alone leaves the hub thread off a core for up to ~150 ms, so the bound sits between the two.
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(250);
    private const int Later = 300;

    /// <summary>Runs <paramref name="action"/> on another thread after <paramref name="milliseconds"/>.</summary>
    private static void After(int milliseconds, Action action) => _ = Task.Run(async () =>
    {
        await Task.Delay(milliseconds);
        action();
    });

    [Fact]
    public void Stream_typed_read_of_a_pipe_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using Stream client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var ticker = Ticker.Start();
        var reader = Green.Spawn(ReadFrom, client, 5);
        After(Later, () => server.Write(Encoding.ASCII.GetBytes("hello")));

        Assert.Equal("hello", reader.Get(timeout: Prompt));
        Assert.True(ticker.Stop() < Gap, $"largest gap between ticks: {ticker.LargestGap}");
    });

    [Fact]
    public void StreamReader_ReadLine_over_a_pipe_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        using var lines = new StreamReader(client);
        var ticker = Ticker.Start();
        var reader = Green.Spawn(ReadLineFrom, (TextReader)lines);
        After(Later, () => server.Write(Encoding.ASCII.GetBytes("first line\nsecond")));

        Assert.Equal("first line", reader.Get(timeout: Prompt));
        Assert.True(ticker.Stop() < Gap, $"largest gap between ticks: {ticker.LargestGap}");
    });

    [Fact]
    public void A_read_that_completes_at_once_does_not_turn_the_hub() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var reader = Green.Spawn(ReadManyLogged, (Stream)new MemoryStream(new byte[100]), 100, log);
        var other = Green.Spawn(() => log.Add("other"));
        Green.JoinAll(reader, other);

        // Had any read waited, the other greenlet would have run between them.
        Assert.Equal(["read 100", "other"], log);
    });

    [Fact]
    public void Task_Result_Wait_and_GetResult_wait_for_a_task_completed_elsewhere() => OnFreshThread(() =>
    {
        var ticker = Ticker.Start();
        var sources = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var result = Green.Spawn(ResultOf, sources[0].Task);
        var wait = Green.Spawn(WaitFor, (Task)sources[1].Task);
        var getResult = Green.Spawn(GetResultOf, sources[2].Task);
        var configured = Green.Spawn(ConfiguredGetResultOf, sources[3].Task);
        var valueResult = Green.Spawn(ValueResultOf, new ValueTask<int>(sources[4].Task));
        After(Later, () =>
        {
            for (int i = 0; i < sources.Length; i++)
                sources[i].SetResult(i + 10);
        });

        Assert.Equal(10, result.Get(timeout: Prompt));
        Assert.True(wait.Join(Prompt) && wait.Successful);
        Assert.Equal(12, getResult.Get(timeout: Prompt));
        Assert.Equal(13, configured.Get(timeout: Prompt));
        Assert.Equal(14, valueResult.Get(timeout: Prompt));
        Assert.True(ticker.Stop() < Gap, $"largest gap between ticks: {ticker.LargestGap}");
    });

    [Fact]
    public void Wait_and_Result_wrap_a_failure_in_AggregateException_as_in_synchronous_code_and_GetResult_does_not() => OnFreshThread(() =>
    {
        var failure = new InvalidDataException("broken");
        Task<int> Failing() => Task.Run<int>(async () =>
        {
            await Task.Delay(50);
            throw failure;
        });

        var result = Green.Spawn(ResultOf, Failing());
        var wait = Green.Spawn(WaitFor, (Task)Failing());
        var getResult = Green.Spawn(GetResultOf, Failing());
        var valueResult = Green.Spawn(ValueResultOf, new ValueTask<int>(Failing()));
        CaptureErrors();
        Green.JoinAll(result, wait, getResult, valueResult);

        Assert.Same(failure, Assert.IsType<AggregateException>(result.Exception).InnerException);
        Assert.Same(failure, Assert.IsType<AggregateException>(wait.Exception).InnerException);
        Assert.Same(failure, getResult.Exception);
        Assert.Same(failure, valueResult.Exception);
    });

    [Fact]
    public void SemaphoreSlim_Wait_released_from_another_thread_parks_only_its_greenlet() => OnFreshThread(() =>
    {
        using var semaphore = new SemaphoreSlim(0);
        var ticker = Ticker.Start();
        var acquirer = Green.Spawn(Acquire, semaphore);
        var timed = Green.Spawn(TryAcquire, semaphore, 50);
        Assert.False(timed.Get(timeout: Prompt));
        After(Later, () => semaphore.Release());

        Assert.True(acquirer.Join(Prompt) && acquirer.Successful);
        Assert.Equal(0, semaphore.CurrentCount);
        Assert.True(ticker.Stop() < Gap, $"largest gap between ticks: {ticker.LargestGap}");
    });

    [Fact]
    public void Kill_of_a_greenlet_parked_on_a_read_cancels_its_token_and_the_late_completion_is_ignored() => OnFreshThread(() =>
    {
        var stream = new TokenWatchingStream();
        var log = new List<string>();
        var reader = Green.Spawn(ReadLogged, (Stream)stream, log);
        Green.Sleep(0);
        Assert.True(stream.Reading.IsSet);

        reader.Kill();

        Assert.True(reader.Dead && reader.Successful);
        Assert.Equal(["finally"], log);
        Assert.True(stream.Cancelled.Wait(Prompt), "the kill cancels the read's token");
        Assert.False(stream.Feed(1), "the read ended with its cancellation");
        Green.Sleep(50);
        Assert.Equal(["finally"], log);
    });

    [Fact]
    public void Timeout_of_a_greenlet_parked_on_a_read_cancels_its_token() => OnFreshThread(() =>
    {
        var stream = new TokenWatchingStream();
        var reader = Green.Spawn(ReadWithin, (Stream)stream, 100);

        Assert.Throws<GreenTimeoutException>(() => reader.Get(timeout: Prompt));
        Assert.True(stream.Cancelled.Wait(Prompt), "the timeout cancels the read's token");
    });

    [Fact]
    public void Kill_of_a_greenlet_parked_on_Task_Result_never_resumes_it_when_the_task_completes_later() => OnFreshThread(() =>
    {
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new List<string>();
        var waiter = Green.Spawn(ResultLogged, source.Task, log);
        Green.Sleep(0);
        waiter.Kill();
        source.SetResult(1);
        Green.Sleep(50);

        Assert.True(waiter.Dead && waiter.Successful);
        Assert.Empty(log);
    });

    [Fact]
    public void A_token_whose_read_completed_is_lent_again_and_a_cancelled_one_is_not() => OnFreshThread(() =>
    {
        var first = new TokenWatchingStream();
        var reader = Green.Spawn(ReadFrom, (Stream)first, 1);
        Green.Sleep(0);
        first.Feed((byte)'a');
        Assert.Equal("a", reader.Get(timeout: Prompt));

        var second = new TokenWatchingStream();
        var killed = Green.Spawn(ReadFrom, (Stream)second, 1);
        Green.Sleep(0);
        Assert.Equal(first.LastToken, second.LastToken);
        killed.Kill();

        var third = new TokenWatchingStream();
        var next = Green.Spawn(ReadFrom, (Stream)third, 1);
        Green.Sleep(0);
        Assert.NotEqual(second.LastToken, third.LastToken);
        Assert.False(third.LastToken.IsCancellationRequested);
        third.Feed((byte)'c');
        Assert.Equal("c", next.Get(timeout: Prompt));
    });
}
