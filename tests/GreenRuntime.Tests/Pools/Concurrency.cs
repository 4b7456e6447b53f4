using GreenRuntime.CompilerServices;

namespace GreenRuntime.Tests.Pools;

/// <summary>Counts how many pieces of work run at once (the most seen), and logs what ran.</summary>
internal sealed class Concurrency
{
    public int Running { get; private set; }

    public int Most { get; private set; }

    public List<string> Log { get; } = [];

    /// <summary>Work that yields <paramref name="yields"/> times while counted as running, then returns <paramref name="value"/>.</summary>
    public async GreenTask<int> Work(int value, int yields)
    {
        Enter();
        try
        {
            for (int i = 0; i < yields; i++)
                await Green.Sleep(default(GreenSuspend), 0);
        }
        finally
        {
            Running--;
        }
        Log.Add($"done {value}");
        return value;
    }

    public void Enter()
    {
        Running++;
        Most = Math.Max(Most, Running);
    }

    public void Exit() => Running--;
}
