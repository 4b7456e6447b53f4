using System.Collections.Concurrent;

namespace GreenRuntime.Tests.Offloading;

/// <summary>[Greenlet] methods making the offload tier's blocking calls as users write them (tier 3, DESIGN §4).</summary>
public static partial class OffloadGreenlets
{
    [Greenlet]
    public static string? ReadConsoleLine() => Console.ReadLine();

    [Greenlet]
    public static int ReadConsoleCharacter() => Console.Read();

    [Greenlet]
    public static T Take<T>(BlockingCollection<T> items) => items.Take();

    [Greenlet]
    public static T TakeWithToken<T>(BlockingCollection<T> items, CancellationToken cancellationToken) => items.Take(cancellationToken);

    [Greenlet]
    public static (bool Taken, int Item) TryTake(BlockingCollection<int> items, int millisecondsTimeout)
    {
        bool taken = items.TryTake(out int item, millisecondsTimeout);
        return (taken, item);
    }

    [Greenlet]
    public static bool Add(BlockingCollection<int> items, int item)
    {
        items.Add(item);
        return true;
    }

    [Greenlet]
    public static bool Wait(ManualResetEventSlim signal)
    {
        signal.Wait();
        return true;
    }

    [Greenlet]
    public static bool WaitFor(ManualResetEventSlim signal, TimeSpan timeout) => signal.Wait(timeout);

    [Greenlet]
    public static bool WaitOne(WaitHandle handle) => handle.WaitOne();

    [Greenlet]
    public static int WaitAny(WaitHandle[] handles) => WaitHandle.WaitAny(handles);

    [Greenlet]
    public static bool WaitAll(WaitHandle[] handles, int millisecondsTimeout) => WaitHandle.WaitAll(handles, millisecondsTimeout);

    [Greenlet]
    public static bool Join(Thread thread)
    {
        thread.Join();
        return true;
    }

    [Greenlet]
    public static bool WaitCountdown(CountdownEvent countdown)
    {
        countdown.Wait();
        return true;
    }

    [Greenlet]
    public static bool SignalAndWait(Barrier barrier, int millisecondsTimeout) => barrier.SignalAndWait(millisecondsTimeout);

    /// <summary>Runs <paramref name="wait"/> (a [Greenlet] call) under a timeout scope of <paramref name="after"/>.</summary>
    [Greenlet]
    public static string TimesOut(TimeSpan after, BlockingCollection<int> items)
    {
        using (Green.Timeout(after))
        {
            try
            {
                return "took " + items.Take();
            }
            catch (GreenTimeoutException)
            {
                return "timed out";
            }
        }
    }

    [Greenlet]
    public static string TimesOutWaiting(TimeSpan after, WaitHandle handle)
    {
        using (Green.Timeout(after))
        {
            try
            {
                return "signalled " + handle.WaitOne();
            }
            catch (GreenTimeoutException)
            {
                return "timed out";
            }
        }
    }
}
