namespace GreenRuntime.Tests.Monkey;

/// <summary>
/// <c>[Greenlet]</c> methods that call blocking APIs with async twins, written the usual synchronous way: the generator
/// rewrites each call into an await of its twin through the bridge (tier 2).
/// </summary>
internal static partial class AsyncTwinGreenlets
{
    [Greenlet]
    public static string ReadFrom(Stream stream, int count)
    {
        var buffer = new byte[count];
        int got = 0;
        while (got < count)
        {
            int n = stream.Read(buffer, got, count - got);
            if (n == 0)
                break;
            got += n;
        }
        return System.Text.Encoding.ASCII.GetString(buffer, 0, got);
    }

    [Greenlet]
    public static string? ReadLineFrom(TextReader reader) => reader.ReadLine();

    [Greenlet]
    public static int ResultOf(Task<int> task) => task.Result;

    [Greenlet]
    public static void WaitFor(Task task) => task.Wait();

    [Greenlet]
    public static int GetResultOf(Task<int> task) => task.GetAwaiter().GetResult();

    [Greenlet]
    public static int ConfiguredGetResultOf(Task<int> task) => task.ConfigureAwait(false).GetAwaiter().GetResult();

    [Greenlet]
    public static int ValueResultOf(ValueTask<int> task) => task.Result;

    [Greenlet]
    public static void Acquire(SemaphoreSlim semaphore) => semaphore.Wait();

    [Greenlet]
    public static bool TryAcquire(SemaphoreSlim semaphore, int milliseconds) => semaphore.Wait(milliseconds);

    [Greenlet]
    public static int ReadMany(Stream stream, int times)
    {
        var buffer = new byte[1];
        int total = 0;
        for (int i = 0; i < times; i++)
            total += stream.Read(buffer, 0, 1);
        return total;
    }

    [Greenlet]
    public static void ReadManyLogged(Stream stream, int times, List<string> log) => log.Add("read " + ReadMany(stream, times));

    [Greenlet]
    public static void ReadLogged(Stream stream, List<string> log)
    {
        try
        {
            log.Add(ReadFrom(stream, 1));
        }
        finally
        {
            log.Add("finally");
        }
    }

    [Greenlet]
    public static string ReadWithin(Stream stream, int milliseconds)
    {
        using (Green.Timeout(TimeSpan.FromMilliseconds(milliseconds)))
            return ReadFrom(stream, 1);
    }

    [Greenlet]
    public static void ResultLogged(Task<int> task, List<string> log) => log.Add("got " + ResultOf(task));
}
