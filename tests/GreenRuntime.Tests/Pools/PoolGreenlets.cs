namespace GreenRuntime.Tests.Pools;

/// <summary>
/// [Greenlet] methods that use pools the way users write them: the generator must make the lambdas passed to
/// Spawn/Map/IMap/Apply green lambdas (their Thread.Sleep suspends the item's greenlet, not the hub).
/// </summary>
internal static partial class PoolGreenlets
{
    [ThreadStatic] private static Concurrency? t_work;

    public static Concurrency Work => t_work ??= new Concurrency();

    [Greenlet]
    public static IReadOnlyList<int> MapSleeping(GreenPool pool, IEnumerable<int> items) =>
        pool.Map(x =>
        {
            Work.Enter();
            Thread.Sleep(10);
            Work.Exit();
            return x * 2;
        }, items);

    [Greenlet]
    public static List<int> IMapUnorderedSleeping(GreenPool pool, IEnumerable<int> items)
    {
        var results = new List<int>();
        foreach (var result in pool.IMapUnordered(x => { Thread.Sleep(x); return x; }, items))
            results.Add(result);
        return results;
    }

    [Greenlet]
    public static List<string> IWaitNames(GreenEvent first, GreenEvent second)
    {
        var names = new List<string>();
        foreach (var ready in Green.IWait([first, second]))
            names.Add(ready == first ? "first" : "second");
        return names;
    }

    [Greenlet]
    public static int ApplySleeping(GreenPool pool, int value) => pool.Apply(() => { Thread.Sleep(5); return value + 1; });

    [Greenlet]
    public static int SpawnIntoFullPool(GreenPool pool, List<string> log)
    {
        var first = pool.Spawn(() => { Thread.Sleep(20); log.Add("first done"); });
        var second = pool.Spawn(() => { log.Add("second runs"); });
        log.Add("second admitted");
        second.Join();
        return first.Dead ? 1 : 0;
    }

    [Greenlet]
    public static int Square(int x)
    {
        Work.Enter();
        Thread.Sleep(5);
        Work.Exit();
        return x * x;
    }

    [Greenlet]
    public static string Join3(List<string> log, string a, int b, int c)
    {
        Work.Enter();
        Thread.Sleep(5);
        Work.Exit();
        log.Add($"{a}{b}{c}");
        return $"{a}:{b + c}";
    }

    [Greenlet]
    public static void Log2(List<string> log, string a, int b)
    {
        Thread.Sleep(1);
        log.Add($"{a}{b}");
    }

    [Greenlet]
    public static int SpawnWithArguments(GreenPool pool, List<string> log)
    {
        var joined = pool.Spawn(Join3, log, "x", 1, 2);
        var logged = pool.Spawn(Log2, log, "y", 3);
        var lambda = pool.Spawn((string s, int n) => { Thread.Sleep(1); log.Add($"{s}{n}"); return n; }, "z", 4);
        joined.Join();
        logged.Join();
        return lambda.Get();
    }

    [Greenlet]
    public static IReadOnlyList<IGreenWaitable> WaitFirst(GreenEvent a, GreenEvent b) => Green.Wait([a, b], count: 1);
}
