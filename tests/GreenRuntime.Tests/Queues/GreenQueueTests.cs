using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Queues;

/// <summary>GreenQueue: FIFO hand-over, bounded waits, reservations, timeouts and kills (gevent's test__queue.py).</summary>
public class GreenQueueTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(10);

    /// <summary>A greenlet that gets one item and logs it (or how its wait ended).</summary>
    private static Greenlet Getter(GreenQueue<string> queue, List<string> log, string name, TimeSpan? timeout = null) =>
        Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                log.Add($"{name} got {await queue.Get(default(GreenSuspend), timeout: timeout)}");
            }
            catch (QueueEmptyException)
            {
                log.Add($"{name} empty");
            }
            catch (GreenletExit)
            {
                log.Add($"{name} killed");
            }
        });

    /// <summary>A greenlet that puts one item and logs when the put returned (or how its wait ended).</summary>
    private static Greenlet Putter(GreenQueue<string> queue, List<string> log, string item, TimeSpan? timeout = null) =>
        Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await queue.Put(default(GreenSuspend), item, timeout: timeout);
                log.Add($"put {item}");
            }
            catch (QueueFullException)
            {
                log.Add($"{item} full");
            }
            catch (GreenletExit)
            {
                log.Add($"{item} killed");
            }
        });

    [Fact]
    public void Put_then_Get_hands_items_out_in_the_order_they_were_put() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<int>();
        Assert.True(queue.IsEmpty);
        Assert.Null(queue.MaxSize);
        for (int i = 0; i < 5; i++)
            queue.Put(i);
        Assert.Equal(5, queue.Count);
        Assert.False(queue.IsFull);
        Assert.Equal([0, 1, 2, 3, 4], Enumerable.Range(0, 5).Select(_ => queue.Get()).ToArray());
        Assert.True(queue.IsEmpty);
    });

    [Fact]
    public void Get_waits_in_a_greenlet_until_an_item_is_put() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var log = new List<string>();
        var getter = Getter(queue, log, "a");
        Green.Sleep(0);
        Green.Sleep(0);
        Assert.Empty(log);
        queue.Put("x");
        Assert.Empty(log);
        getter.Join();
        Assert.Equal(["a got x"], log);
    });

    [Fact]
    public void Get_from_ordinary_code_runs_the_hub_until_a_greenlet_puts() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var producer = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 1);
            queue.Put("late");
        });
        Assert.Equal("late", queue.Get());
        producer.Join();
    });

    [Fact]
    public void Getters_are_served_in_the_order_they_started_waiting() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var log = new List<string>();
        var getters = new[] { Getter(queue, log, "a"), Getter(queue, log, "b"), Getter(queue, log, "c") };
        Green.Sleep(0);
        queue.Put("1");
        queue.Put("2");
        queue.Put("3");
        Green.JoinAll(getters);
        Assert.Equal(["a got 1", "b got 2", "c got 3"], log);
    });

    [Fact]
    public void A_new_Get_does_not_take_the_item_put_for_a_getter_that_has_not_run_yet() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var log = new List<string>();
        var getter = Getter(queue, log, "a");
        Green.Sleep(0);
        queue.Put("x");
        // The item is a's: it was woken for it and has not run.
        Assert.Equal(1, queue.Count);
        Assert.False(queue.TryGet(out _));
        Assert.Throws<QueueEmptyException>(() => queue.Get(block: false));
        Assert.Throws<QueueEmptyException>(() => queue.Peek(block: false));
        getter.Join();
        Assert.Equal(["a got x"], log);
    });

    [Fact]
    public void A_timed_out_getter_throws_QueueEmptyException_and_leaves_the_next_item_to_the_next_getter() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var log = new List<string>();
        var early = Getter(queue, log, "early", Short);
        var late = Getter(queue, log, "late");
        Assert.True(early.Join(Prompt));
        Assert.Equal(["early empty"], log);
        queue.Put("x");
        late.Join();
        Assert.Equal(["early empty", "late got x"], log);
        Assert.True(queue.IsEmpty);
    });

    [Fact]
    public void A_getter_killed_after_it_was_handed_an_item_passes_it_to_the_next_getter() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var log = new List<string>();
        var first = Getter(queue, log, "first");
        var second = Getter(queue, log, "second");
        Green.Sleep(0);
        queue.Put("x");
        first.Kill(block: false);
        Green.JoinAll(first, second);
        Assert.Equal(["first killed", "second got x"], log);
        Assert.True(queue.IsEmpty);
    });

    [Fact]
    public void A_getter_killed_after_it_was_handed_an_item_leaves_it_in_the_queue_when_nobody_else_waits() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var log = new List<string>();
        var getter = Getter(queue, log, "a");
        Green.Sleep(0);
        queue.Put("x");
        getter.Kill(block: false);
        getter.Join();
        Assert.Equal(["a killed"], log);
        Assert.True(queue.TryGet(out var item));
        Assert.Equal("x", item);
    });

    [Fact]
    public void A_getter_woken_for_an_item_gets_it_even_if_its_timeout_passes_before_it_runs() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var log = new List<string>();
        var getter = Getter(queue, log, "a", TimeSpan.FromMilliseconds(30));
        Green.Sleep(0);
        queue.Put("x");
        // Hold the hub past the getter's deadline before it gets to run.
        Thread.Sleep(60);
        getter.Join();
        Assert.Equal(["a got x"], log);
    });

    [Fact]
    public void Non_blocking_and_timed_calls_throw_QueueEmptyException_and_QueueFullException() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<int>(1);
        var empty = Assert.Throws<QueueEmptyException>(() => queue.Get(block: false));
        Assert.Contains("block: false", empty.Message);
        Assert.Throws<QueueEmptyException>(() => queue.Get(timeout: Short));
        Assert.Throws<QueueEmptyException>(() => queue.Peek(timeout: TimeSpan.Zero));
        Assert.False(queue.TryGet(out _));
        Assert.True(queue.TryPut(1));
        Assert.True(queue.IsFull);
        Assert.False(queue.TryPut(2));
        var full = Assert.Throws<QueueFullException>(() => queue.Put(2, block: false));
        Assert.Contains("full", full.Message);
        Assert.Throws<QueueFullException>(() => queue.Put(2, timeout: Short));
        Assert.Equal(1, queue.Count);
        Assert.Equal(1, queue.Get(block: false));
    });

    [Fact]
    public void MaxSize_zero_or_negative_is_refused_and_points_at_GreenChannel() => OnFreshThread(() =>
    {
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => new GreenQueue<int>(0));
        Assert.Equal("maxSize", zero.ParamName);
        Assert.Contains("GreenChannel<T>", zero.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GreenLifoQueue<int>(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GreenQueue<int>(1).Get(timeout: TimeSpan.FromSeconds(-2)));
    });

    [Fact]
    public void Put_into_a_full_queue_waits_and_putters_are_served_in_order() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>(2);
        var log = new List<string>();
        queue.Put("0");
        queue.Put("1");
        var putters = new[] { Putter(queue, log, "a"), Putter(queue, log, "b"), Putter(queue, log, "c") };
        Green.Sleep(0);
        Assert.Empty(log);
        Assert.Equal("0", queue.Get());
        // The free slot is a's until a runs: a new put must not take it.
        Assert.False(queue.TryPut("intruder"));
        Green.Sleep(0);
        Assert.Equal(["put a"], log);
        Assert.Equal("1", queue.Get());
        Assert.Equal("a", queue.Get());
        Green.JoinAll(putters);
        Assert.Equal(["put a", "put b", "put c"], log);
        Assert.Equal(["b", "c"], [queue.Get(), queue.Get()]);
    });

    [Fact]
    public void Put_from_ordinary_code_runs_the_hub_until_a_greenlet_makes_room() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<int>(1);
        queue.Put(1);
        var consumer = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 1);
            return await queue.Get(default(GreenSuspend));
        });
        queue.Put(2);
        Assert.Equal(1, consumer.Get());
        Assert.Equal(2, queue.Get());
    });

    [Fact]
    public void A_timed_out_putter_does_not_store_its_item() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>(1);
        var log = new List<string>();
        queue.Put("kept");
        var quitter = Putter(queue, log, "quitter", Short);
        var patient = Putter(queue, log, "patient");
        Assert.True(quitter.Join(Prompt));
        Assert.Equal(["quitter full"], log);
        Assert.Equal("kept", queue.Get());
        patient.Join();
        Assert.Equal(["quitter full", "put patient"], log);
        Assert.Equal("patient", queue.Get(block: false));
        Assert.True(queue.IsEmpty);
    });

    [Fact]
    public void A_putter_killed_after_it_was_handed_a_slot_passes_the_slot_to_the_next_putter() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>(1);
        var log = new List<string>();
        queue.Put("kept");
        var first = Putter(queue, log, "first");
        var second = Putter(queue, log, "second");
        Green.Sleep(0);
        Assert.Equal("kept", queue.Get());
        first.Kill(block: false);
        Green.JoinAll(first, second);
        Assert.Equal(["first killed", "put second"], log);
        Assert.Equal("second", queue.Get(block: false));
        Assert.True(queue.IsEmpty);
    });

    [Fact]
    public void Get_without_blocking_on_a_full_queue_lets_a_waiting_putter_in() => OnFreshThread(() =>
    {
        // gevent's test_get_nowait_unlock.
        var queue = new GreenQueue<string>(1);
        var log = new List<string>();
        queue.Put("a");
        var putter = Putter(queue, log, "b");
        Green.Sleep(0);
        Assert.Equal("a", queue.Get(block: false));
        putter.Join();
        Assert.Equal(["put b"], log);
        Assert.Equal("b", queue.Get(block: false));
    });

    [Fact]
    public void Peek_returns_the_next_item_without_removing_it_and_a_woken_peeker_passes_the_turn_on() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var log = new List<string>();
        var peeker = Green.Spawn(default(GreenSuspend), async () => log.Add($"peeked {await queue.Peek(default(GreenSuspend))}"));
        var getter = Getter(queue, log, "getter");
        Green.Sleep(0);
        queue.Put("x");
        Green.JoinAll(peeker, getter);
        Assert.Equal(["peeked x", "getter got x"], log);
        queue.Put("y");
        Assert.Equal("y", queue.Peek());
        Assert.Equal(1, queue.Count);
    });

    [Fact]
    public void A_Get_from_ordinary_code_that_nothing_can_satisfy_throws_LoopExitException_naming_the_queue() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<int>();
        var e = Assert.Throws<LoopExitException>(() => queue.Get());
        Assert.Contains("GreenQueue<Int32>", e.Message);
    });

    [Fact]
    public void Queues_are_used_from_their_hub_thread_only_except_Put() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<int>(1);
        Exception? misuse = null;
        var thread = new Thread(() => misuse = Record.Exception(() => queue.Get(block: false)));
        thread.Start();
        thread.Join();
        var e = Assert.IsType<InvalidOperationException>(misuse);
        Assert.Contains("green-test", e.Message);
    });

    [Fact]
    public void Getters_that_were_killed_while_waiting_take_no_item() => OnFreshThread(() =>
    {
        var queue = new GreenQueue<string>();
        var log = new List<string>();
        var steady = Getter(queue, log, "steady");
        for (int i = 0; i < 200; i++)
        {
            var quitter = Getter(queue, log, "quitter");
            Green.Sleep(0);
            quitter.Kill();
        }
        queue.Put("x");
        steady.Join();
        Assert.Equal("steady got x", log[^1]);
        Assert.Equal(200, log.Count(line => line == "quitter killed"));
        Assert.True(queue.IsEmpty);
    });
}
