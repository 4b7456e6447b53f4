namespace GreenRuntime.Benchmarks;

/// <summary>
/// The benchmark bodies, green and .NET-task, with the same shapes as /work/shared/bench/dotnet_micro.
/// </summary>
/// <remarks>
/// The green ones are real <c>[Greenlet]</c> methods: the generator adds their resumable twins to this
/// partial class and routes <c>Green.Spawn(Bodies.Double, i)</c> to the twin with an interceptor.
/// </remarks>
public static partial class Bodies
{
    /// <summary>A greenlet that returns a value without suspending.</summary>
    [Greenlet]
    public static int Double(int x) => x * 2;

    /// <summary>A pool item's work: yields once, then returns its item (issue 8's map figure).</summary>
    [Greenlet]
    public static int YieldOnce(int item)
    {
        Green.Sleep(0);
        return item;
    }

    /// <summary>A greenlet that yields <paramref name="m"/> times.</summary>
    [Greenlet]
    public static void Yielder(int m)
    {
        for (int j = 0; j < m; j++)
            Green.Sleep(0);
    }

    /// <summary>
    /// A <c>[Greenlet]</c> method that yields <paramref name="m"/> times with <c>Thread.Sleep(0)</c>, for a direct
    /// call from ordinary code: the interceptor runs the hub until its twin returns (the root greenlet yields).
    /// </summary>
    [Greenlet]
    public static void DirectYielder(int m)
    {
        for (int j = 0; j < m; j++)
            Thread.Sleep(0);
    }

    /// <summary>A greenlet parked on an event until it is set.</summary>
    [Greenlet]
    public static void Parked(GreenEvent e) => e.Wait();

    /// <summary>The .NET baseline of <see cref="Yielder(int)"/>.</summary>
    public static async Task TaskYielder(int m)
    {
        for (int j = 0; j < m; j++)
            await Task.Yield();
    }

    /// <summary>The .NET baseline of <see cref="Parked(GreenEvent)"/>.</summary>
    public static async Task TaskParked(Task t) => await t;
}
