namespace GreenRuntime.Benchmarks;

/// <summary>The bodies of <see cref="LockBenchmarks"/>: real <c>[Greenlet]</c> methods, so the generator makes each acquire a suspension point.</summary>
public static partial class LockBodies
{
    /// <summary>Acquires and releases an uncontended lock <paramref name="n"/> times.</summary>
    [Greenlet]
    public static void LockAndRelease(GreenLock gate, int n)
    {
        for (int i = 0; i < n; i++)
        {
            gate.Acquire();
            gate.Release();
        }
    }

    /// <summary>Enters and leaves an uncontended lock's scope <paramref name="n"/> times.</summary>
    [Greenlet]
    public static void LockScope(GreenLock gate, int n)
    {
        for (int i = 0; i < n; i++)
        {
            using (gate.EnterScope())
            {
            }
        }
    }

    /// <summary>Stores a value in a greenlet-local and reads it back <paramref name="n"/> times.</summary>
    [Greenlet]
    public static int ReadLocal(GreenLocal<int> local, int n)
    {
        local.Value = 1;
        int sum = 0;
        for (int i = 0; i < n; i++)
            sum += local.Value;
        return sum;
    }
}
