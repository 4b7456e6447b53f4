using System.ComponentModel;
using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Enumeration;

/// <summary>
/// GreenEnumerator's waits, driven the way generated code drives them (<c>await e.MoveNext(default(GreenSuspend))</c>
/// in hand-written twins) and from ordinary code (a plain <c>foreach</c>, which runs the hub).
/// </summary>
public class GreenEnumeratorTests
{
    [Fact]
    public void A_greenlet_waiting_for_the_next_item_parks_and_others_run_in_between() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var items = new FedSequence<int>();
        var consumer = Green.Spawn(default(GreenSuspend), async () =>
        {
            var e = items.GetEnumerator();
            try
            {
                while (await e.MoveNext(default(GreenSuspend)))
                    log.Add($"got {e.Current}");
            }
            finally
            {
                e.Dispose();
            }
            log.Add("done");
        });
        var producer = Green.Spawn(default(GreenSuspend), async () =>
        {
            for (int i = 1; i <= 3; i++)
            {
                log.Add($"put {i}");
                items.Feed(i);
                await Green.Sleep(default(GreenSuspend), 0);
            }
            log.Add("finish");
            items.Finish();
        });
        Green.JoinAll(consumer, producer);
        Assert.Equal(["put 1", "got 1", "put 2", "got 2", "put 3", "got 3", "finish", "done"], log);
        Assert.Equal(["disposed after 3 item(s)"], items.Disposals);
    });

    [Fact]
    public void Items_that_are_there_already_are_taken_without_parking() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var items = new FedSequence<int>();
        items.Feed(1);
        items.Feed(2);
        items.Finish();
        var consumer = Green.Spawn(default(GreenSuspend), async () =>
        {
            using var e = items.GetEnumerator();
            while (await e.MoveNext(default(GreenSuspend)))
                log.Add($"got {e.Current}");
        });
        var other = Green.Spawn(() => log.Add("other"));
        Green.JoinAll(consumer, other);
        Assert.Equal(["got 1", "got 2", "other"], log);
    });

    [Fact]
    public void From_ordinary_code_foreach_runs_the_hub_until_each_item_is_there() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var items = new FedSequence<string>();
        Green.Spawn(default(GreenSuspend), async () =>
        {
            foreach (var word in new[] { "a", "b", "c" })
            {
                await Green.Sleep(default(GreenSuspend), 1);
                log.Add($"put {word}");
                items.Feed(word);
            }
            items.Finish();
        });
        foreach (var word in items)
            log.Add($"got {word}");
        Assert.Equal(["put a", "got a", "put b", "got b", "put c", "got c"], log);
        Assert.Equal(["disposed after 3 item(s)"], items.Disposals);
    });

    [Fact]
    public void Kill_while_parked_in_MoveNext_runs_the_loops_finally_and_disposes() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var items = new FedSequence<int>();
        var consumer = Green.Spawn(default(GreenSuspend), async () =>
        {
            var e = items.GetEnumerator();
            try
            {
                while (await e.MoveNext(default(GreenSuspend)))
                    log.Add($"got {e.Current}");
                log.Add("loop ended");
            }
            finally
            {
                log.Add("finally");
                e.Dispose();
            }
        });
        items.Feed(7);
        Green.Sleep(0);
        Assert.Equal(["got 7"], log);
        // The item fed just before the kill wakes the consumer, but the kill wins and takes nothing.
        items.Feed(8);
        consumer.Kill();
        Assert.True(consumer.Dead);
        Assert.True(consumer.Successful);
        Assert.Equal(["got 7", "finally"], log);
        Assert.Equal(["disposed after 1 item(s)"], items.Disposals);
        items.Finish();
        Assert.Equal([8], items.ToList());
    });

    [Fact]
    public void A_wake_with_nothing_new_parks_the_waiter_again() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var items = new FedSequence<int>();
        var first = items.GetEnumerator();
        var second = items.GetEnumerator();
        var slow = Green.Spawn(default(GreenSuspend), async () =>
        {
            while (await first.MoveNext(default(GreenSuspend)))
                log.Add($"first got {first.Current}");
            log.Add("first done");
        });
        var fast = Green.Spawn(default(GreenSuspend), async () =>
        {
            while (await second.MoveNext(default(GreenSuspend)))
                log.Add($"second got {second.Current}");
            log.Add("second done");
        });
        Green.Sleep(0);
        // Both are woken; the first takes the item, the second finds nothing and parks again (does not return false).
        items.Feed(1);
        Green.Sleep(0);
        Assert.Equal(["first got 1"], log);
        Assert.False(slow.Dead);
        Assert.False(fast.Dead);
        items.Finish();
        Green.JoinAll(slow, fast);
        Assert.Equal(["first got 1", "first done", "second done"], log);
    });

    [Fact]
    public void The_producers_error_is_thrown_from_MoveNext_in_a_greenlet_and_in_ordinary_code() => OnFreshThread(() =>
    {
        var items = new FedSequence<int>();
        var consumer = Green.Spawn(default(GreenSuspend), async () =>
        {
            using var e = items.GetEnumerator();
            while (await e.MoveNext(default(GreenSuspend)))
            {
            }
        });
        Green.Sleep(0);
        items.Fail(new FormatException("woken with an error"));
        consumer.Join();
        Assert.IsType<FormatException>(consumer.Exception);

        // Ordinary code: thrown at once when the producer fails before the wait, and after a wait.
        var sync = new FedSequence<int>();
        sync.Fail(new FormatException("at once"));
        Assert.Equal("at once", Assert.Throws<FormatException>(() => sync.ToList()).Message);
        var later = new FedSequence<int>();
        Green.SpawnLater(TimeSpan.FromMilliseconds(1), () => later.Fail(new FormatException("later")));
        Assert.Equal("later", Assert.Throws<FormatException>(() => later.ToList()).Message);
    });

    [Fact]
    public void A_timeout_ends_the_sequence_or_throws_what_OnTimeout_throws() => OnFreshThread(() =>
    {
        var ends = new FedSequence<int>(TimeSpan.FromMilliseconds(20));
        ends.Feed(1);
        Assert.Equal([1], ends.ToList());

        var fails = new FedSequence<int>(TimeSpan.FromMilliseconds(20), throwOnTimeout: true);
        fails.Feed(1);
        var e = fails.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Throws<TimeoutException>(() => e.MoveNext());
        Assert.False(e.MoveNext());

        // Inside a greenlet, the same through the twin.
        var log = new List<string>();
        var inGreenlet = new FedSequence<int>(TimeSpan.FromMilliseconds(20));
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            using var en = inGreenlet.GetEnumerator();
            while (await en.MoveNext(default(GreenSuspend)))
                log.Add($"got {en.Current}");
            log.Add("ended");
        });
        Green.SpawnLater(TimeSpan.FromMilliseconds(1), () => inGreenlet.Feed(5));
        g.Get();
        Assert.Equal(["got 5", "ended"], log);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FedSequence<int>(TimeSpan.FromSeconds(-1)).GetEnumerator());
    });

    [Fact]
    public void A_timeout_scope_interrupts_the_wait_and_loses_no_item() => OnFreshThread(() =>
    {
        var items = new FedSequence<int>();
        var e = items.GetEnumerator();
        Assert.Throws<GreenTimeoutException>(() =>
        {
            using (Green.Timeout(TimeSpan.FromMilliseconds(10)))
                e.MoveNext();
        });
        items.Feed(3);
        Assert.True(e.MoveNext());
        Assert.Equal(3, e.Current);
    });

    [Fact]
    public void Dispose_from_another_greenlet_ends_the_wait_with_false() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var items = new FedSequence<int>();
        var e = items.GetEnumerator();
        var consumer = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add($"moved {await e.MoveNext(default(GreenSuspend))}");
        });
        Green.Sleep(0);
        e.Dispose();
        e.Dispose();
        consumer.Join();
        Assert.Equal(["moved False"], log);
        Assert.Equal(["disposed after 0 item(s)"], items.Disposals);
        Assert.False(e.MoveNext());
    });

    [Fact]
    public void A_second_greenlet_waiting_on_the_same_enumerator_is_refused() => OnFreshThread(() =>
    {
        var items = new FedSequence<int>();
        var e = items.GetEnumerator();
        var first = Green.Spawn(default(GreenSuspend), async () => { await e.MoveNext(default(GreenSuspend)); });
        first.Name = "first";
        var second = Green.Spawn(default(GreenSuspend), async () => { await e.MoveNext(default(GreenSuspend)); });
        Green.Sleep(0);
        second.Join();
        var refusal = Assert.IsType<InvalidOperationException>(second.Exception);
        Assert.Contains("'first' is already waiting for the next item of FedSequence", refusal.Message);
        items.Finish();
        first.Get();
    });

    [Fact]
    public void Ordinary_code_waiting_on_a_sequence_nothing_feeds_gets_LoopExitException_naming_it() => OnFreshThread(() =>
    {
        var items = new FedSequence<int>();
        var loopExit = Assert.Throws<LoopExitException>(() => items.ToList());
        Assert.Contains("FedSequence", loopExit.Message);
        // The hub is usable afterwards, and so is the sequence.
        items.Feed(1);
        items.Finish();
        Assert.Equal([1], items.ToList());
    });

    [Fact]
    public void A_wait_inside_a_greenlet_through_IEnumerable_is_refused_but_items_already_there_are_returned() => OnFreshThread(() =>
    {
        var items = new FedSequence<int>();
        items.Feed(1);
        var log = new List<string>();
        var g = Green.Spawn(() =>
        {
            // An ordinary frame (a plain delegate, LINQ): it cannot suspend.
            foreach (var item in (IEnumerable<int>)items)
                log.Add($"got {item}");
        });
        g.Join();
        Assert.Equal(["got 1"], log);
        var refusal = Assert.IsType<InvalidOperationException>(g.Exception);
        Assert.Contains("Waiting for the next item of FedSequence", refusal.Message);
        Assert.Contains("not through IEnumerable<T>", refusal.Message);
    });

    [Fact]
    public void MoveNext_from_another_thread_throws_InvalidOperationException() => OnFreshThread(() =>
    {
        var items = new FedSequence<int>();
        items.Feed(1);
        var e = items.GetEnumerator();
        Exception? thrown = null;
        var other = new Thread(() => thrown = Record.Exception(() => e.MoveNext()));
        other.Start();
        other.Join();
        var wrongThread = Assert.IsType<InvalidOperationException>(thrown);
        Assert.Contains("belongs to the hub of thread", wrongThread.Message);
        Assert.True(e.MoveNext());
    });

    [Fact]
    public void The_twins_wait_is_hidden_from_completion()
    {
        static EditorBrowsableState? State(System.Reflection.MemberInfo member) =>
            member.GetCustomAttributes(typeof(EditorBrowsableAttribute), inherit: false).Cast<EditorBrowsableAttribute>().SingleOrDefault()?.State;
        Assert.Equal(EditorBrowsableState.Never, State(typeof(MoveNextAwaitable)));
        Assert.Equal(EditorBrowsableState.Never, State(typeof(GreenEnumerator<int>).GetMethod(nameof(GreenEnumerator<int>.MoveNext), [typeof(GreenSuspend)])!));
        Assert.Null(State(typeof(GreenEnumerator<int>).GetMethod(nameof(GreenEnumerator<int>.MoveNext), Type.EmptyTypes)!));
    }

    [Fact]
    public void Reset_is_not_supported() => OnFreshThread(() =>
    {
        var e = new FedSequence<int>().GetEnumerator();
        Assert.Throws<NotSupportedException>(() => e.Reset());
    });

    [Fact]
    public void Items_handed_between_two_greenlets_allocate_nothing_per_item() => OnFreshThread(() =>
    {
        const int Rounds = 20_000;
        var items = new FedSequence<int>();
        long sum = 0;
        long allocatedWhileHanding = 0;
        var consumer = Green.Spawn(default(GreenSuspend), async () =>
        {
            using var e = items.GetEnumerator();
            while (await e.MoveNext(default(GreenSuspend)))
                sum += e.Current;
        });
        var producer = Green.Spawn(default(GreenSuspend), async () =>
        {
            // Warm-up first: the first handoffs box the state machines and may be jitted.
            for (int i = 0; i < 1000; i++)
            {
                items.Feed(i);
                await Green.Sleep(default(GreenSuspend), 0);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Rounds; i++)
            {
                items.Feed(1);
                await Green.Sleep(default(GreenSuspend), 0);
            }
            allocatedWhileHanding = GC.GetAllocatedBytesForCurrentThread() - before;
            items.Finish();
        });
        Green.JoinAll(consumer, producer);
        Assert.Equal(999L * 1000 / 2 + Rounds, sum);
        // Every item parked and woke the consumer once: no allocation per wait (a few bytes of slack for the runtime).
        Assert.True(allocatedWhileHanding < Rounds, $"{allocatedWhileHanding} bytes allocated for {Rounds} items");
    });
}
