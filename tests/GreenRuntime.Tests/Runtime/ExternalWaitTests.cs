using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>
/// Greenlets parked on work another thread completes: awaiting a Task inside a twin, and Green.Offload
/// (DESIGN §4 tier 3). These are suspension points like any other: kills and timeouts interrupt them.
/// </summary>
public class ExternalWaitTests
{
    [Fact]
    public void Twin_awaiting_a_task_parks_only_its_greenlet_and_resumes_on_the_hub_thread() => OnFreshThread(() =>
    {
        var log = new List<string>();
        int hubThread = Environment.CurrentManagedThreadId;
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var awaiter = Green.Spawn(default(GreenSuspend), async () =>
        {
            log.Add("awaiting");
            int value = await release.Task;
            log.Add($"resumed on hub thread: {Environment.CurrentManagedThreadId == hubThread}");
            return value;
        });
        var other = Green.Spawn(default(GreenSuspend), async () =>
        {
            for (int i = 0; i < 3; i++)
            {
                log.Add($"other{i}");
                await Green.Sleep(default(GreenSuspend), 0);
            }
            _ = Task.Run(() => release.SetResult(5));
        });
        Assert.Equal(5, awaiter.Get());
        other.Join();
        Assert.Equal(["awaiting", "other0", "other1", "other2", "resumed on hub thread: True"], log);
    });

    [Fact]
    public void Offload_runs_on_another_thread_while_greenlets_keep_running() => OnFreshThread(() =>
    {
        int hubThread = Environment.CurrentManagedThreadId;
        var log = new List<string>();
        using var gate = new ManualResetEventSlim();
        var ticker = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            log.Add("ticker ran while the offload was blocked");
            gate.Set();
        });
        int offloadedOn = Green.Offload(() =>
        {
            gate.Wait(Hang);
            return Environment.CurrentManagedThreadId;
        });
        Assert.NotEqual(hubThread, offloadedOn);
        Assert.True(ticker.Dead);
        Assert.Equal(["ticker ran while the offload was blocked"], log);

        var inGreenlet = Green.Spawn(default(GreenSuspend), async () =>
            await Green.Offload(default(GreenSuspend), () => Environment.CurrentManagedThreadId));
        Assert.NotEqual(hubThread, inGreenlet.Get());
    });

    [Fact]
    public void Offload_rethrows_the_offloaded_exception() => OnFreshThread(() =>
    {
        var e = Assert.Throws<ApplicationException>(() => Green.Offload(() => throw new ApplicationException("offloaded failure")));
        Assert.Equal("offloaded failure", e.Message);
        Assert.Throws<ApplicationException>(() => Green.Offload(() => { throw new ApplicationException("void"); }));
    });

    [Fact]
    public void Killing_a_greenlet_awaiting_a_foreign_task_never_freezes_the_hub_and_lands_when_the_task_completes() => OnFreshThread(() =>
    {
        // A foreign awaiter (here TaskAwaiter) cannot be abandoned: the compiler calls its GetResult on resume.
        // So the kill waits for the task, while the hub keeps running everyone else.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new List<string>();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            try
            {
                await release.Task;
                log.Add("task done");
                await Green.Sleep(default(GreenSuspend), 0);
                log.Add("not reached");
            }
            finally
            {
                log.Add("finally");
            }
        });
        Green.Sleep(0);
        g.Kill(block: false);
        var other = Green.Spawn(() => log.Add("other ran"));
        other.Join();
        Assert.False(g.Dead);
        _ = Task.Run(release.SetResult);
        Assert.True(g.Join(Hang));
        Assert.True(g.Successful);
        Assert.Equal(["other ran", "task done", "finally"], log);
    });

    [Fact]
    public void Killing_a_greenlet_parked_in_Offload_abandons_the_work_and_lets_Hub_Run_return() => OnFreshThread(() =>
    {
        using var never = new ManualResetEventSlim();
        var g = Green.Spawn(default(GreenSuspend), async () => await Green.Offload(default(GreenSuspend), () => never.Wait(Hang)));
        Green.Sleep(0);
        g.Kill(block: false);
        Green.Hub.Run();
        Assert.True(g.Dead);
        Assert.True(g.Successful);
        never.Set();
    });

    [Fact]
    public void Timeout_scope_interrupts_an_offload() => OnFreshThread(() =>
    {
        using var release = new ManualResetEventSlim();
        using (var scope = Green.Timeout(TimeSpan.FromMilliseconds(20)))
        {
            var e = Assert.Throws<GreenTimeoutException>(() => Green.Offload(() => release.Wait(TimeSpan.FromSeconds(4))));
            Assert.Same(scope, e.Scope);
        }
        release.Set();
    });
}
