namespace GreenRuntime.Benchmarks;

// The queue benchmarks' bodies: real [Greenlet] methods, so each Put/Get is a suspension point of a twin.
public static partial class Bodies
{
    /// <summary>Puts into <paramref name="outbox"/> and waits for the answer on <paramref name="inbox"/>, <paramref name="n"/> times.</summary>
    [Greenlet]
    public static void PingInt(GreenQueue<int> outbox, GreenQueue<int> inbox, int n)
    {
        for (int i = 0; i < n; i++)
        {
            outbox.Put(i);
            inbox.Get();
        }
    }

    /// <summary>Answers each item of <paramref name="inbox"/> on <paramref name="outbox"/>, <paramref name="n"/> times.</summary>
    [Greenlet]
    public static void PongInt(GreenQueue<int> inbox, GreenQueue<int> outbox, int n)
    {
        for (int i = 0; i < n; i++)
            outbox.Put(inbox.Get());
    }

    /// <summary><see cref="PingInt"/> with reference-type items (the queue's awaiters are shared generic code).</summary>
    [Greenlet]
    public static void PingString(GreenQueue<string> outbox, GreenQueue<string> inbox, int n)
    {
        for (int i = 0; i < n; i++)
        {
            outbox.Put("ping");
            inbox.Get();
        }
    }

    /// <summary><see cref="PongInt"/> with reference-type items.</summary>
    [Greenlet]
    public static void PongString(GreenQueue<string> inbox, GreenQueue<string> outbox, int n)
    {
        for (int i = 0; i < n; i++)
            outbox.Put(inbox.Get());
    }

    /// <summary>Puts 0..<paramref name="n"/>-1 into a (bounded) queue.</summary>
    [Greenlet]
    public static void Producer(GreenQueue<int> queue, int n)
    {
        for (int i = 0; i < n; i++)
            queue.Put(i);
    }

    /// <summary>Gets <paramref name="n"/> items from a queue; returns their sum.</summary>
    [Greenlet]
    public static long Consumer(GreenQueue<int> queue, int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++)
            sum += queue.Get();
        return sum;
    }

    /// <summary>A greenlet parked on a queue's <c>Get</c> until an item comes.</summary>
    [Greenlet]
    public static void ParkedOnGet(GreenQueue<int> queue) => queue.Get();

    /// <summary>A greenlet parked on <c>Green.Sleep</c> for <paramref name="milliseconds"/>.</summary>
    [Greenlet]
    public static void ParkedOnSleep(int milliseconds) => Green.Sleep(milliseconds);
}
