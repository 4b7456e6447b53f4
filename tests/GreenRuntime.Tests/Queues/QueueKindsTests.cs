using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Queues;

/// <summary>GreenLifoQueue, GreenPriorityQueue and GreenJoinableQueue: their order and accounting on GreenQueue's waits.</summary>
public class QueueKindsTests
{
    [Fact]
    public void Lifo_queue_hands_out_the_last_item_put_first() => OnFreshThread(() =>
    {
        var queue = new GreenLifoQueue<int>();
        foreach (int i in new[] { 1, 2, 3 })
            queue.Put(i);
        Assert.Equal(3, queue.Peek());
        Assert.Equal([3, 2, 1], [queue.Get(), queue.Get(), queue.Get()]);
    });

    [Fact]
    public void Lifo_queue_getter_woken_for_an_item_takes_the_newest_when_it_runs() => OnFreshThread(() =>
    {
        var queue = new GreenLifoQueue<int>();
        var getter = Green.Spawn(default(GreenSuspend), async () => await queue.Get(default(GreenSuspend)));
        Green.Sleep(0);
        queue.Put(1);
        queue.Put(2);
        Assert.Equal(2, getter.Get());
        Assert.Equal(1, queue.Get(block: false));
    });

    [Fact]
    public void Priority_queue_hands_out_the_smallest_item_first() => OnFreshThread(() =>
    {
        var queue = new GreenPriorityQueue<int>();
        foreach (int i in new[] { 5, 1, 4, 2, 3 })
            queue.Put(i);
        Assert.Equal(1, queue.Peek());
        Assert.Equal([1, 2, 3, 4, 5], Enumerable.Range(0, 5).Select(_ => queue.Get()).ToArray());
        Assert.Same(Comparer<int>.Default, queue.Comparer);
    });

    [Fact]
    public void Priority_queue_items_of_equal_priority_come_out_in_the_order_they_were_put() => OnFreshThread(() =>
    {
        var byPriority = Comparer<(int Priority, string Job)>.Create((a, b) => a.Priority.CompareTo(b.Priority));
        var queue = new GreenPriorityQueue<(int Priority, string Job)>(byPriority);
        foreach (var job in new[] { "c", "a", "d", "b", "e" })
            queue.Put((1, job));
        queue.Put((0, "urgent"));
        var order = Enumerable.Range(0, 6).Select(_ => queue.Get().Job).ToArray();
        Assert.Equal(["urgent", "c", "a", "d", "b", "e"], order);
    });

    [Fact]
    public void Priority_queue_uses_the_comparer_it_was_given() => OnFreshThread(() =>
    {
        var queue = new GreenPriorityQueue<int>(Comparer<int>.Create((a, b) => b.CompareTo(a)), maxSize: 3);
        queue.Put(1);
        queue.Put(3);
        queue.Put(2);
        Assert.True(queue.IsFull);
        Assert.Equal([3, 2, 1], [queue.Get(), queue.Get(), queue.Get()]);
    });

    [Fact]
    public void Priority_queue_waits_like_any_queue() => OnFreshThread(() =>
    {
        var queue = new GreenPriorityQueue<int>(1);
        var log = new List<string>();
        queue.Put(9);
        var putter = Green.Spawn(default(GreenSuspend), async () =>
        {
            await queue.Put(default(GreenSuspend), 1);
            log.Add("put 1");
        });
        Green.Sleep(0);
        Assert.Empty(log);
        Assert.Equal(9, queue.Get());
        putter.Join();
        Assert.Equal(["put 1"], log);
        Assert.Throws<QueueFullException>(() => queue.Put(0, block: false));
    });

    [Fact]
    public void Joinable_queue_Join_waits_until_every_item_put_is_marked_done() => OnFreshThread(() =>
    {
        var queue = new GreenJoinableQueue<int>();
        var log = new List<string>();
        Assert.True(queue.Join());
        for (int i = 0; i < 3; i++)
            queue.Put(i);
        Assert.Equal(3, queue.UnfinishedTasks);
        var worker = Green.Spawn(default(GreenSuspend), async () =>
        {
            for (int i = 0; i < 3; i++)
            {
                int item = await queue.Get(default(GreenSuspend));
                await Green.Sleep(default(GreenSuspend), 0);
                log.Add($"done {item}");
                queue.TaskDone();
            }
        });
        Assert.True(queue.Join());
        Assert.Equal(["done 0", "done 1", "done 2"], log);
        Assert.Equal(0, queue.UnfinishedTasks);
        worker.Join();
    });

    [Fact]
    public void Joinable_queue_Join_times_out_while_work_is_unfinished() => OnFreshThread(() =>
    {
        var queue = new GreenJoinableQueue<int>();
        queue.Put(1);
        Assert.Equal(1, queue.Get());
        Assert.False(queue.Join(TimeSpan.FromMilliseconds(10)));
        var joiner = Green.Spawn(default(GreenSuspend), async () => await queue.Join(default(GreenSuspend), TimeSpan.FromMilliseconds(10)));
        Assert.False(joiner.Get());
        queue.TaskDone();
        Assert.True(queue.Join(TimeSpan.Zero));
    });

    [Fact]
    public void Joinable_queue_wakes_every_joiner_when_the_last_task_is_done() => OnFreshThread(() =>
    {
        var queue = new GreenJoinableQueue<string>();
        var log = new List<string>();
        queue.Put("job");
        async GreenTask Joiner(string name)
        {
            await queue.Join(default(GreenSuspend));
            log.Add(name);
        }
        var a = Green.Spawn(default(GreenSuspend), Joiner, "a");
        var b = Green.Spawn(default(GreenSuspend), Joiner, "b");
        Green.Sleep(0);
        Assert.Empty(log);
        queue.Get();
        queue.TaskDone();
        Green.JoinAll(a, b);
        Assert.Equal(["a", "b"], log);
    });

    [Fact]
    public void Joinable_queue_TaskDone_called_too_often_throws() => OnFreshThread(() =>
    {
        var queue = new GreenJoinableQueue<int>();
        queue.Put(1);
        queue.Get();
        queue.TaskDone();
        var e = Assert.Throws<InvalidOperationException>(queue.TaskDone);
        Assert.Contains("TaskDone", e.Message);
        Assert.Equal(0, queue.UnfinishedTasks);
    });
}
