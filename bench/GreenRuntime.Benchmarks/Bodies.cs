using GreenRuntime.CompilerServices;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// The benchmark bodies, green and .NET-task, with the same shapes as /work/shared/bench/dotnet_micro.
/// </summary>
/// <remarks>
/// The green ones are hand-written twins: exactly what the generator emits for
/// <c>[Greenlet] static int Double(int x) =&gt; x * 2;</c>,
/// <c>[Greenlet] static void Yielder(int m) { for (...) Green.Sleep(0); }</c> and
/// <c>[Greenlet] static void Parked(GreenEvent e) =&gt; e.Wait();</c>.
/// </remarks>
public static class Bodies
{
#pragma warning disable CS1998 // the twin of a method with no suspension point has no await, like the generator's.
    /// <summary>Twin of <c>[Greenlet] static int Double(int x) =&gt; x * 2;</c>.</summary>
    public static async GreenTask<int> Double(int x) => x * 2;
#pragma warning restore CS1998

    /// <summary>Twin of a greenlet that yields <paramref name="m"/> times.</summary>
    public static async GreenTask Yielder(int m)
    {
        for (int j = 0; j < m; j++)
            await Green.Sleep(default(GreenSuspend), 0);
    }

    /// <summary>Twin of a greenlet parked on an event.</summary>
    public static async GreenTask Parked(GreenEvent e) => await e.Wait(default(GreenSuspend));

    /// <summary>The .NET baseline of <see cref="Yielder"/>.</summary>
    public static async Task TaskYielder(int m)
    {
        for (int j = 0; j < m; j++)
            await Task.Yield();
    }

    /// <summary>The .NET baseline of <see cref="Parked"/>.</summary>
    public static async Task TaskParked(Task t) => await t;
}
