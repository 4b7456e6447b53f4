using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Offloading;

/// <summary><c>Green.Offload</c> runs on GreenRuntime's offload pool (not .NET's thread pool) and is abandoned at once by a kill.</summary>
public class GreenOffloadTests
{
    [Fact]
    public void Green_Offload_runs_on_the_offload_pools_own_background_threads() => OnFreshThread(() =>
    {
        var thread = Green.Offload(() => Thread.CurrentThread);
        Assert.StartsWith("GreenRuntime offload ", thread.Name);
        Assert.True(thread.IsBackground);
        Assert.False(Green.Offload(() => Thread.CurrentThread.IsThreadPoolThread));
    });

    [Fact]
    public void Consecutive_offloads_reuse_an_idle_pool_thread() => OnFreshThread(() =>
    {
        var threads = new HashSet<Thread>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            for (int i = 0; i < 20; i++)
            {
                threads.Add(await Green.Offload(default(GreenSuspend), () => Thread.CurrentThread));
                // Give the thread time to go back to waiting for work (other tests' offloads may still take it).
                await Green.Sleep(default(GreenSuspend), 5);
            }
        });
        g.Get();
        Assert.InRange(threads.Count, 1, 10);
    });

    [Fact]
    public void A_killed_greenlet_is_never_resumed_by_the_late_completion_of_its_offload() => OnFreshThread(() =>
    {
        using var release = new ManualResetEventSlim();
        var later = new GreenEvent();
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await Green.Offload(default(GreenSuspend), () => release.Wait(Hang));
                log.Add("offload returned");
            }
            finally
            {
                log.Add("finally waits");
                await later.Wait(default(GreenSuspend));
                log.Add("woken by the event");
            }
        });
        Green.Sleep(0);
        g.Kill(block: false);
        Green.Sleep(0);
        release.Set();
        // The offload's completion arrives while the greenlet waits on the event in its finally: it must be dropped.
        Green.Sleep(200);
        Assert.False(g.Dead);
        Assert.Equal(["finally waits"], log);
        later.Set();
        Assert.True(g.Join(Hang));
        Assert.Equal(["finally waits", "woken by the event"], log);
    });
}
