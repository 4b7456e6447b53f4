using GreenRuntime.CompilerServices;

namespace GreenRuntime.Tests;

public class SmokeTests
{
    [Fact]
    public void Spawned_twins_interleave_on_sleep_zero()
    {
        var log = new List<string>();
        async GreenTask Worker(string name)
        {
            for (int i = 0; i < 3; i++)
            {
                log.Add($"{name}{i}");
                await Green.Sleep(default(GreenSuspend), 0);
            }
        }
        var a = Green.Spawn(default(GreenSuspend), Worker, "a");
        var b = Green.Spawn(default(GreenSuspend), Worker, "b");
        Green.JoinAll(a, b);
        Assert.Equal(["a0", "b0", "a1", "b1", "a2", "b2"], log);
    }

    [Fact]
    public void Value_returned_through_join()
    {
        async GreenTask<int> Double(int x)
        {
            await Green.Sleep(default(GreenSuspend), 1);
            return x * 2;
        }
        var g = Green.Spawn(default(GreenSuspend), Double, 21);
        Assert.True(g.Join());
        Assert.Equal(42, g.Value);
        Assert.Equal(42, g.Get());
    }
}
