namespace GreenRuntime.Tests.CallSites;

/// <summary>
/// [Greenlet] methods that the call-site tests reach only through the generator's interceptors. Each logs around
/// its suspension points, so a test can tell from the order of the log whether the call suspended (its twin ran)
/// or blocked (the original body ran: <c>Thread.Sleep</c> would stop the whole hub).
/// </summary>
internal static partial class Chores
{
    [Greenlet]
    public static void Void1(List<string> log)
    {
        log.Add("v1:before");
        Thread.Sleep(1);
        log.Add("v1:after");
    }

    [Greenlet]
    public static void Void2(List<string> log, string name)
    {
        log.Add(name + ":before");
        Green.Sleep(0);
        log.Add(name + ":after");
    }

    [Greenlet]
    public static void Void3(List<string> log, string name, int pauseMs)
    {
        log.Add(name + ":before");
        Thread.Sleep(pauseMs);
        log.Add(name + ":after");
    }

    [Greenlet]
    public static void Void4(List<string> log, string name, int pauseMs, string suffix)
    {
        log.Add(name + ":before");
        Thread.Sleep(pauseMs);
        log.Add(name + ":after" + suffix);
    }

    [Greenlet]
    public static int Value1(List<string> log)
    {
        log.Add("r1:before");
        Thread.Sleep(1);
        log.Add("r1:after");
        return 1;
    }

    [Greenlet]
    public static string Value2(List<string> log, string name)
    {
        log.Add(name + ":before");
        Green.Sleep(0);
        log.Add(name + ":after");
        return name.ToUpperInvariant();
    }

    [Greenlet]
    public static int Value3(List<string> log, string name, int a)
    {
        log.Add(name + ":before");
        Thread.Sleep(1);
        log.Add(name + ":after");
        return a * 2;
    }

    [Greenlet]
    public static int Value4(List<string> log, string name, int a, int b)
    {
        log.Add(name + ":before");
        Thread.Sleep(1);
        log.Add(name + ":after");
        return a + b;
    }

    /// <summary>Parks on <paramref name="go"/> between its two log entries.</summary>
    [Greenlet]
    public static int WaitFor(List<string> log, string name, GreenEvent go)
    {
        log.Add(name + ":before");
        go.Wait();
        log.Add(name + ":after");
        return 7;
    }

    /// <summary>Yields once between its two log entries, then sets <paramref name="go"/>.</summary>
    [Greenlet]
    public static void Release(List<string> log, string name, GreenEvent go)
    {
        log.Add(name + ":before");
        Green.Sleep(0);
        log.Add(name + ":after");
        go.Set();
    }

    /// <summary>Sleeps far longer than any test waits; logs when it unwinds.</summary>
    [Greenlet]
    public static int Slow(List<string> log)
    {
        log.Add("slow:before");
        try
        {
            Thread.Sleep(60_000);
            return 1;
        }
        finally
        {
            log.Add("slow:finally");
        }
    }

    [Greenlet]
    public static T Echo<T>(List<string> log, T value)
    {
        log.Add($"echo({value}):before");
        Thread.Sleep(1);
        log.Add($"echo({value}):after");
        return value;
    }

    /// <summary>A private [Greenlet] method: its twin is internal, so interceptors can still reach it.</summary>
    [Greenlet]
    private static int Hidden(List<string> log, int x)
    {
        log.Add("hidden:before");
        Thread.Sleep(1);
        log.Add("hidden:after");
        return -x;
    }

    /// <summary>Calls the private method from ordinary code of its own type.</summary>
    public static int CallHidden(List<string> log, int x) => Hidden(log, x);

    /// <summary>Spawns the private method as a method group from ordinary code of its own type.</summary>
    public static Greenlet<int> SpawnHidden(List<string> log, int x) => Green.Spawn(Hidden, log, x);
}

/// <summary>Instance [Greenlet] methods: the receiver's state must be the one the call site named.</summary>
internal sealed partial class Tally(List<string> log, string name)
{
    public int Total { get; private set; }

    [Greenlet]
    public void Tick()
    {
        log.Add(name + ":tick:before");
        Green.Sleep(0);
        Total++;
        log.Add(name + ":tick:after");
    }

    [Greenlet]
    public int Add(int amount)
    {
        log.Add($"{name}:add({amount}):before");
        Thread.Sleep(1);
        Total += amount;
        log.Add($"{name}:add({amount}):after");
        return Total;
    }

    /// <summary>Yields once and returns the total.</summary>
    [Greenlet]
    public int Settle()
    {
        log.Add(name + ":settle:before");
        Green.Sleep(0);
        log.Add(name + ":settle:after");
        return Total;
    }

    /// <summary>Sleeps far longer than any test waits; logs when it unwinds.</summary>
    [Greenlet]
    public int Stall()
    {
        log.Add(name + ":stall:before");
        try
        {
            Thread.Sleep(60_000);
            return Total;
        }
        finally
        {
            log.Add(name + ":stall:finally");
        }
    }
}
