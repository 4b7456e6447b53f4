namespace GreenRuntime.Tests.Queues;

/// <summary>
/// Real [Greenlet] methods that wait on queues, so the generator's path is exercised: each queue wait in these bodies is
/// a suspension point of the twin (other greenlets run meanwhile), not a blocking call of the hub.
/// </summary>
internal static partial class QueueGreenlets
{
    [Greenlet]
    public static void Produce(GreenQueue<int> queue, List<string> log, int count)
    {
        for (int i = 0; i < count; i++)
        {
            queue.Put(i);
            log.Add($"put {i}");
        }
        queue.Put(-1);
    }

    [Greenlet]
    public static int Consume(GreenQueue<int> queue, List<string> log)
    {
        int sum = 0;
        while (true)
        {
            int item = queue.Get();
            if (item < 0)
                return sum;
            log.Add($"got {item}");
            sum += item;
        }
    }

    [Greenlet]
    public static string Relay(GreenChannel<string> channel, GreenJoinableQueue<string> results)
    {
        string item = channel.Get();
        results.Put(item.ToUpperInvariant());
        results.Join();
        return item;
    }

    [Greenlet]
    public static int FirstOrDefault(GreenPriorityQueue<int> queue, TimeSpan timeout)
    {
        try
        {
            return queue.Peek(timeout: timeout);
        }
        catch (QueueEmptyException)
        {
            return -1;
        }
    }

    [Greenlet]
    public static T Await<T>(AsyncResult<T> result) => result.Get();

    [Greenlet]
    public static bool WaitFor<T>(AsyncResult<T> result, TimeSpan timeout) => result.Wait(timeout);
}
