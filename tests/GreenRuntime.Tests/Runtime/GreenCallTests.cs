using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>
/// The runtime side of the generator contract (docs/internals.md): GreenCall.Run for a direct call from
/// ordinary code, and GreenCall.RunAsLambdaBody for <c>Green.Spawn(() =&gt; M(args))</c>, written by hand.
/// </summary>
public class GreenCallTests
{
    private static async GreenTask<int> Twice(List<string> log, int x)
    {
        log.Add($"twice({x}) start");
        await Green.Sleep(default(GreenSuspend), 0);
        log.Add($"twice({x}) end");
        return x * 2;
    }

    private static async GreenTask Steps(List<string> log, string name)
    {
        for (int i = 0; i < 2; i++)
        {
            log.Add($"{name}{i}");
            await Green.Sleep(default(GreenSuspend), 0);
        }
    }

    [Fact]
    public void Run_from_ordinary_code_runs_the_hub_until_the_twin_returns() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var other = Green.Spawn(default(GreenSuspend), Steps, log, "other");
        int result = GreenCall.Run(Twice(log, 21));
        Assert.Equal(42, result);
        Assert.Equal(["twice(21) start", "other0", "twice(21) end"], log);
        GreenCall.Run(Steps(log, "main"));
        Assert.Equal(["twice(21) start", "other0", "twice(21) end", "main0", "other1", "main1"], log);
        Assert.True(other.Dead);
    });

    [Fact]
    public void A_direct_call_yielding_in_a_loop_sees_work_posted_from_other_threads() => OnFreshThread(() =>
    {
        // The root's twin yields with nothing else runnable: one loop turn per yield, every turn must still drain
        // the cross-thread queue (the hub keeps a flag in front of it).
        var hub = Green.Hub;
        int seen = 0;
        static async GreenTask SpinUntil(Func<bool> done)
        {
            while (!done())
                await Green.Sleep(default(GreenSuspend), 0);
        }
        for (int round = 1; round <= 20; round++)
        {
            int expected = round;
            var poster = new Thread(() => hub.Post(() => seen = expected));
            poster.Start();
            GreenCall.Run(SpinUntil(() => Volatile.Read(ref seen) == expected));
            poster.Join();
        }
        Assert.Equal(20, seen);
    });

    [Fact]
    public void Run_rethrows_the_twins_exception() => OnFreshThread(() =>
    {
        static async GreenTask<int> Failing()
        {
            await Green.Sleep(default(GreenSuspend), 0);
            ThrowFromOriginalThrower("twin failed");
            return 0;
        }
        var e = Assert.Throws<InvalidOperationException>(() => GreenCall.Run(Failing()));
        Assert.Contains(nameof(ThrowFromOriginalThrower), e.StackTrace);
    });

    [Fact]
    public void Spawned_lambda_whose_body_is_a_twin_call_takes_over_the_twin() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var valued = Green.Spawn(() => GreenCall.RunAsLambdaBody(Twice(log, 5)));
        var plain = Green.Spawn(() => GreenCall.RunAsLambdaBody(Steps(log, "p")));
        Assert.Empty(log);
        Green.JoinAll(valued, plain);
        Assert.Equal(10, valued.Value);
        Assert.True(plain.Successful);
        // Both suspended as greenlets (interleaved), instead of blocking the hub inside the delegate.
        Assert.Equal(["twice(5) start", "p0", "twice(5) end", "p1"], log);
    });

    [Fact]
    public void Spawned_lambda_twin_call_that_finishes_synchronously_gives_its_value() => OnFreshThread(() =>
    {
        static GreenTask<int> Immediate() => Compute();
#pragma warning disable CS1998 // deliberately an async twin with no suspension point
        static async GreenTask<int> Compute() => 9;
#pragma warning restore CS1998
        var g = Green.Spawn(() => GreenCall.RunAsLambdaBody(Immediate()));
        Assert.Equal(9, g.Get());
    });

    [Fact]
    public void Spawned_lambda_twin_call_can_be_killed_at_its_suspension_point() => OnFreshThread(() =>
    {
        var log = new List<string>();
        async GreenTask Forever()
        {
            try
            {
                await Green.Sleep(default(GreenSuspend), GreenTest.Forever);
            }
            finally
            {
                log.Add("finally");
            }
        }
        var g = Green.Spawn(() => GreenCall.RunAsLambdaBody(Forever()));
        Green.Sleep(0);
        g.Kill();
        Assert.True(g.Successful);
        Assert.Equal(["finally"], log);
    });

    [Fact]
    public void Spawned_lambda_twin_call_failure_fails_the_greenlet() => OnFreshThread(() =>
    {
        CaptureErrors();
        static async GreenTask<int> Failing()
        {
            await Green.Sleep(default(GreenSuspend), 0);
            throw new ApplicationException("lambda twin failed");
        }
        var g = Green.Spawn(() => GreenCall.RunAsLambdaBody(Failing()));
        g.Join();
        Assert.Equal("lambda twin failed", Assert.IsType<ApplicationException>(g.Exception).Message);
    });

    [Fact]
    public void RunAsLambdaBody_from_ordinary_code_runs_like_Run() => OnFreshThread(() =>
    {
        var log = new List<string>();
        Assert.Equal(8, GreenCall.RunAsLambdaBody(Twice(log, 4)));
        GreenCall.RunAsLambdaBody(Steps(log, "s"));
        Assert.Equal(["twice(4) start", "twice(4) end", "s0", "s1"], log);
    });
}
