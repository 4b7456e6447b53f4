namespace GreenRuntime.Tests.Locks;

/// <summary>
/// Real <c>[Greenlet]</c> methods that use the locks as a user writes them: the generator turns each acquire, and the
/// resource of each <c>using</c>, into a suspension point of the twin.
/// </summary>
internal static partial class LockGreenlets
{
    /// <summary>A read-modify-write of shared state with a suspension point in the middle: only whole under a lock.</summary>
    [Greenlet]
    public static void IncrementWithUsingStatement(GreenLock gate, int[] counter, int times)
    {
        for (int i = 0; i < times; i++)
        {
            using (gate.EnterScope())
            {
                int seen = counter[0];
                Thread.Sleep(0);
                counter[0] = seen + 1;
            }
        }
    }

    /// <summary>The same with a <c>using</c> declaration.</summary>
    [Greenlet]
    public static void IncrementWithUsingDeclaration(GreenLock gate, int[] counter, int times)
    {
        for (int i = 0; i < times; i++)
            IncrementOnce(gate, counter);
    }

    [Greenlet]
    private static void IncrementOnce(GreenLock gate, int[] counter)
    {
        using var held = gate.EnterScope();
        int seen = counter[0];
        Green.Sleep(0);
        counter[0] = seen + 1;
    }

    /// <summary>The same with no lock: the interleaving loses updates.</summary>
    [Greenlet]
    public static void IncrementUnlocked(int[] counter, int times)
    {
        for (int i = 0; i < times; i++)
        {
            int seen = counter[0];
            Thread.Sleep(0);
            counter[0] = seen + 1;
        }
    }

    /// <summary>Who acquires, with what timeout, and how long it holds the lock.</summary>
    public sealed record Hold(string Name, TimeSpan? Timeout = null, int Milliseconds = 0);

    /// <summary>Acquire and release by hand, logging, with an optional timeout.</summary>
    [Greenlet]
    public static bool AcquireAndHold(GreenLock gate, List<string> log, Hold hold)
    {
        string name = hold.Name;
        if (!gate.Acquire(timeout: hold.Timeout))
        {
            log.Add($"{name} timed out");
            return false;
        }
        log.Add($"{name} acquired");
        try
        {
            Green.Sleep(hold.Milliseconds);
        }
        finally
        {
            log.Add($"{name} releases");
            gate.Release();
        }
        return true;
    }

    /// <summary>Holds a reentrant lock through a recursion of <paramref name="depth"/> levels, suspending at each.</summary>
    [Greenlet]
    public static int Recurse(GreenLock gate, int depth, List<string> log)
    {
        using (gate.EnterScope())
        {
            log.Add($"enter {depth}");
            Green.Sleep(0);
            int below = depth == 0 ? 0 : Recurse(gate, depth - 1, log);
            return below + 1;
        }
    }

    /// <summary>A bounded section: counts how many greenlets are inside at once.</summary>
    [Greenlet]
    public static void Bounded(GreenSemaphore semaphore, int[] inside, int[] most)
    {
        using (semaphore.EnterScope())
        {
            inside[0]++;
            most[0] = Math.Max(most[0], inside[0]);
            Green.Sleep(1);
            inside[0]--;
        }
    }

    /// <summary>Acquires a semaphore with a timeout, logs the result, and holds a permit it got until released by hand.</summary>
    [Greenlet]
    public static bool TryAcquire(GreenSemaphore semaphore, TimeSpan? timeout, List<string> log, string name)
    {
        bool acquired = semaphore.Acquire(true, timeout);
        log.Add($"{name} {acquired}");
        return acquired;
    }
}
