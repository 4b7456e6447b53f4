using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Generator.TwinTest;

namespace GreenRuntime.Tests.Generator;

/// <summary>Timeouts and kills reach a twin at its rewritten suspension points, and its finally blocks run.</summary>
public class InterruptionTests
{
    private static readonly GreenSuspend Suspend = default;

    [Fact]
    public void Timeout_scope_interrupts_a_patched_thread_sleep()
    {
        var (value, log) = RunWithWitness(log => Interruptions.SleepUnderTimeout__GreenTwin(Suspend, log));
        Assert.Equal("timed out", value);
        Assert.Equal(["sleeping", "x"], log);
    }

    [Fact]
    public void With_timeout_runs_green_lambdas_and_returns_the_timeout_value()
    {
        var (value, log) = RunWithWitness(log => Interruptions.WithTimeoutLambda__GreenTwin(Suspend, log));
        Assert.Equal(43, value);
        Assert.Equal(["yield 3", "x"], log);
    }

    [Fact]
    public void Kill_runs_the_twins_finally_block()
    {
        var log = new List<string>();
        OnFreshThread(() =>
        {
            var greenlet = Green.Spawn(Suspend, () => Interruptions.ParkForever__GreenTwin(Suspend, log));
            Green.Sleep(0);
            greenlet.Kill();
            Assert.True(greenlet.Dead);
            Assert.True(greenlet.Successful);
        });
        Assert.Equal(["parked", "finally"], log);
    }

    [Fact]
    public void Kill_ends_a_retry_loop_whose_catch_all_excludes_GreenletExit()
    {
        var log = new List<string>();
        OnFreshThread(() =>
        {
            var greenlet = Green.Spawn(Suspend, () => Interruptions.RetryUntilKilled__GreenTwin(Suspend, log));
            while (log.Count < 3)
                Green.Sleep(0);
            greenlet.Kill();
            Assert.True(greenlet.Dead);
            Assert.True(greenlet.Successful);
        });
        Assert.Equal(["attempt 1", "caught InvalidOperationException", "attempt 2"], log);
    }
}
