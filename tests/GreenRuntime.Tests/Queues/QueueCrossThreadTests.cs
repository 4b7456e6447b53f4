using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Queues;

/// <summary>
/// Put from another thread (DESIGN §3's thread-safe entry points): posted to the hub; a bounded queue's put blocks the
/// calling OS thread until the hub stored the item; every item arrives exactly once.
/// </summary>
public class QueueCrossThreadTests
{
    [Fact]
    public void Put_from_another_thread_wakes_a_greenlet_waiting_on_the_hub() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var getter = Green.Spawn(default(GreenSuspend), async () =>
        {
            string item = await queue.Get(default(GreenSuspend));
            return (item, Environment.CurrentManagedThreadId);
        });
        queue.ExpectsPutsFromOtherThreads = true;
        var producer = new Thread(() => queue.Put("from afar"));
        producer.Start();
        var (got, ranOn) = getter.Get();
        producer.Join();
        Assert.Equal("from afar", got);
        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
        queue.ExpectsPutsFromOtherThreads = false;
    });

    [Fact]
    public void A_hub_expecting_puts_from_other_threads_waits_for_them_instead_of_raising_LoopExit() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<int>();
        queue.ExpectsPutsFromOtherThreads = true;
        var producer = new Thread(() =>
        {
            Thread.Sleep(20);
            for (int i = 0; i < 100; i++)
                queue.Put(i);
        });
        producer.Start();
        var got = Enumerable.Range(0, 100).Select(_ => queue.Get()).ToArray();
        producer.Join();
        Assert.Equal(Enumerable.Range(0, 100), got);
        queue.ExpectsPutsFromOtherThreads = false;
        Assert.Throws<LoopExitException>(() => queue.Get());
    });

    [Fact]
    public void Put_from_another_thread_into_a_full_queue_blocks_that_thread_until_the_hub_makes_room() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>(1);
        queue.Put("first");
        var returned = new ManualResetEventSlim();
        var producer = new Thread(() =>
        {
            queue.Put("second");
            returned.Set();
        });
        producer.Start();
        // The hub runs (and takes the posted put into the putters) while the producer stays blocked.
        Green.Sleep(50);
        Assert.False(returned.IsSet);
        Assert.Equal(1, queue.Count);
        queue.ExpectsPutsFromOtherThreads = true;
        Assert.Equal("first", queue.Get());
        Assert.Equal("second", queue.Get());
        Assert.True(returned.Wait(Prompt));
        producer.Join();
        queue.ExpectsPutsFromOtherThreads = false;
    });

    [Fact]
    public void A_foreign_Put_that_times_out_throws_QueueFullException_and_never_stores_its_item() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>(1);
        queue.Put("kept");
        Exception? failure = null;
        var producer = new Thread(() => failure = Record.Exception(() => queue.Put("late", timeout: TimeSpan.FromMilliseconds(20))));
        producer.Start();
        // Keep the hub turning until the producer gave up, then make room: the abandoned put must not come in.
        while (producer.IsAlive)
            Green.Sleep(5);
        Assert.IsType<QueueFullException>(failure);
        Assert.Equal("kept", queue.Get());
        Green.Sleep(10);
        Assert.True(queue.IsEmpty);
    });

    [Fact]
    public void A_foreign_Put_without_blocking_is_refused_by_a_full_queue() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<int>(1);
        queue.Put(1);
        Exception? failure = null;
        var producer = new Thread(() => failure = Record.Exception(() => queue.Put(2, block: false)));
        producer.Start();
        while (producer.IsAlive)
            Green.Sleep(1);
        var e = Assert.IsType<QueueFullException>(failure);
        Assert.Contains("block: false", e.Message);
        Assert.Equal(1, queue.Count);
    });

    [Fact]
    public void Many_threads_putting_into_a_bounded_queue_deliver_every_item_exactly_once() => OnFreshThread(() =>
    {
        const int threads = 4, each = 500;
        var queue = new GreenQueue<int>(2);
        queue.ExpectsPutsFromOtherThreads = true;
        var producers = Enumerable.Range(0, threads)
            .Select(t => new Thread(() =>
            {
                for (int i = 0; i < each; i++)
                    queue.Put(t * each + i);
            }))
            .ToArray();
        foreach (var producer in producers)
            producer.Start();
        var seen = new List<int>();
        // A greenlet consumer and ordinary code take turns, so items go through parked getters and the fast path.
        var consumer = Green.Spawn(default(GreenSuspend), async () =>
        {
            for (int i = 0; i < threads * each / 2; i++)
                seen.Add(await queue.Get(default(GreenSuspend)));
        });
        for (int i = 0; i < threads * each / 2; i++)
            seen.Add(queue.Get());
        consumer.Join();
        foreach (var producer in producers)
            producer.Join();
        queue.ExpectsPutsFromOtherThreads = false;
        Assert.Equal(Enumerable.Range(0, threads * each), seen.Order());
        Assert.True(queue.IsEmpty);
    });

    [Fact]
    public void Put_from_another_thread_into_a_channel_waits_for_a_getter() => OnFreshThread(() =>
    {
        var channel = new GreenChannel<string>();
        var returned = new ManualResetEventSlim();
        var producer = new Thread(() =>
        {
            channel.Put("hello");
            returned.Set();
        });
        producer.Start();
        Green.Sleep(30);
        Assert.False(returned.IsSet);
        Assert.Equal("hello", channel.Get(timeout: Prompt));
        Assert.True(returned.Wait(Prompt));
        producer.Join();
    });

    [Fact]
    public void Everything_but_Put_used_from_another_thread_throws_naming_both_threads() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<int>();
        var channel = new GreenChannel<int>();
        var joinable = new GreenJoinableQueue<int>();
        var failures = new List<Exception?>();
        var other = new Thread(() =>
        {
            failures.Add(Record.Exception(() => queue.Get(block: false)));
            failures.Add(Record.Exception(() => queue.TryPut(1)));
            failures.Add(Record.Exception(() => _ = queue.Count));
            failures.Add(Record.Exception(() => channel.Get(block: false)));
            failures.Add(Record.Exception(joinable.TaskDone));
        })
        { Name = "intruder" };
        other.Start();
        other.Join();
        Assert.All(failures, failure =>
        {
            var e = Assert.IsType<InvalidOperationException>(failure);
            Assert.Contains("'green-test'", e.Message);
            Assert.Contains("'intruder'", e.Message);
        });
        Assert.Equal(0, queue.Count);
    });
}
