using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Queues;

/// <summary>Queue waits inside real [Greenlet] methods (the generator's twins) and through direct calls from ordinary code.</summary>
public class QueueGreenletTests
{
    [Fact]
    public void A_bounded_queue_between_two_greenlet_methods_alternates_producer_and_consumer() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<int>(1);
        var log = new List<string>();
        var consumer = Green.Spawn(QueueGreenlets.Consume, queue, log);
        var producer = Green.Spawn(QueueGreenlets.Produce, queue, log, 3);
        Assert.Equal(3, consumer.Get());
        producer.Join();
        // With room for one item the producer's Put suspends until the consumer's Get made room: they take turns.
        Assert.Equal(["put 0", "got 0", "put 1", "got 1", "put 2", "got 2"], log);
    });

    [Fact]
    public void A_direct_call_of_a_greenlet_method_waiting_on_a_queue_runs_the_hub() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<int>();
        var log = new List<string>();
        Green.Spawn(QueueGreenlets.Produce, queue, log, 4);
        Assert.Equal(6, QueueGreenlets.Consume(queue, log));
    });

    [Fact]
    public void Channel_and_joinable_queue_waits_suspend_greenlet_methods() => OnFreshThread(() =>
    {
        var channel = new GreenChannel<string>();
        var results = new GreenJoinableQueue<string>();
        var relay = Green.Spawn(QueueGreenlets.Relay, channel, results);
        channel.Put("ping");
        Assert.Equal("PING", results.Get());
        Green.Sleep(0);
        Assert.False(relay.Ready);
        results.TaskDone();
        Assert.Equal("ping", relay.Get());
    });

    [Fact]
    public void Peek_with_a_timeout_inside_a_greenlet_method() => OnFreshThread(() =>
    {
        var queue = new GreenPriorityQueue<int>();
        Assert.Equal(-1, Green.Spawn(QueueGreenlets.FirstOrDefault, queue, TimeSpan.FromMilliseconds(5)).Get());
        var waiting = Green.Spawn(QueueGreenlets.FirstOrDefault, queue, Forever);
        Green.Sleep(0);
        queue.Put(3);
        queue.Put(1);
        // Woken by the first put, it peeks when it runs: the smallest item by then.
        Assert.Equal(1, waiting.Get());
        Assert.Equal(2, queue.Count);
    });

    [Fact]
    public void AsyncResult_waits_suspend_greenlet_methods() => OnFreshThread(() =>
    {
        var result = new AsyncResult<string>();
        var getter = Green.Spawn(QueueGreenlets.Await<string>, result);
        var waiter = Green.Spawn(QueueGreenlets.WaitFor<string>, result, Forever);
        Assert.False(Green.Spawn(QueueGreenlets.WaitFor<string>, result, TimeSpan.FromMilliseconds(5)).Get());
        Assert.False(getter.Ready);
        result.Set("done");
        Assert.Equal("done", getter.Get());
        Assert.True(waiter.Get());
    });
}
