namespace GreenRuntime.Tests.Monkey;

/// <summary>Runs each of the bridge's wait paths once on this thread's hub (a task that completes a little later), so timing-bound tests measure waiting, not the JIT.</summary>
internal static partial class AsyncTwinWarmUp
{
    public static void Run()
    {
        var greenlets = new[]
        {
            Green.Spawn(Waits, 1),
            Green.Spawn(Waits, 2),
        };
        Green.JoinAll(greenlets);
    }

    private static async Task<T> Later<T>(T value)
    {
        await Task.Delay(1);
        return value;
    }

    [Greenlet]
    private static void Waits(int value)
    {
        _ = Later(value).Result + Later(value).GetAwaiter().GetResult() + new ValueTask<int>(Later(value)).Result;
        _ = Later("s").Result + Later(true).Result + Later<string?>(null).GetAwaiter().GetResult();
        Later(value).Wait();
        ((Task)Later(value)).GetAwaiter().GetResult();
        new ValueTask(Later(value)).GetAwaiter().GetResult();
    }
}
