using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Exceptions escaping greenlets and the hub's error handler (DESIGN §3).</summary>
public class ErrorHandlingTests
{
    [Fact]
    public void Escaping_exception_reaches_the_ErrorHandler_exactly_once() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var boom = new InvalidOperationException("boom");
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            throw boom;
        });
        g.Join();
        g.Join();
        Assert.Throws<InvalidOperationException>(() => g.Get());
        Green.JoinAll([g], raiseError: false);
        Green.Sleep(0);
        Green.Hub.Run();
        var report = Assert.Single(errors);
        Assert.Same(g, report.Greenlet);
        Assert.Same(boom, report.Exception);
    });

    [Fact]
    public void Exception_thrown_before_the_first_suspension_is_reported_once() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var g = Green.Spawn(() => ThrowFromOriginalThrower("at once"));
        Green.Hub.Run();
        var report = Assert.Single(errors);
        Assert.Same(g, report.Greenlet);
        Assert.Same(g.Exception, report.Exception);
    });

    [Fact]
    public void Twin_failing_before_its_first_suspension_is_reported_once() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        bool fail = true;
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            if (fail)
                ThrowFromOriginalThrower("before suspending");
            await Green.Sleep(default(GreenSuspend), 0);
            return 1;
        });
        var thrown = Assert.Throws<InvalidOperationException>(() => g.Get());
        Assert.Contains(nameof(ThrowFromOriginalThrower), thrown.StackTrace);
        Assert.Same(thrown, Assert.Single(errors).Exception);
    });

    [Fact]
    public void Escaping_exception_never_stops_other_greenlets() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var log = new List<string>();
        async GreenTask<int> Worker(string name, int failAt)
        {
            for (int i = 0; i < 4; i++)
            {
                if (i == failAt)
                    throw new InvalidOperationException($"{name} failed");
                log.Add($"{name}{i}");
                await Green.Sleep(default(GreenSuspend), 0);
            }
            return failAt;
        }
        var a = Green.Spawn(default(GreenSuspend), Worker, "a", -1);
        var b = Green.Spawn(default(GreenSuspend), Worker, "b", 1);
        var c = Green.Spawn(default(GreenSuspend), Worker, "c", -2);
        Green.JoinAll(a, b, c);
        Assert.Equal(["a0", "b0", "c0", "a1", "c1", "a2", "c2", "a3", "c3"], log);
        Assert.True(a.Successful);
        Assert.True(c.Successful);
        Assert.Equal(-2, c.Value);
        Assert.False(b.Successful);
        Assert.Equal("b failed", Assert.Single(errors).Exception.Message);
    });

    [Fact]
    public void Throwing_ErrorHandler_does_not_take_down_the_hub() => OnFreshThread(() =>
    {
        int calls = 0;
        Green.Hub.ErrorHandler = (_, _) =>
        {
            calls++;
            throw new InvalidOperationException("the error handler itself broke (expected by this test)");
        };
        var log = new List<string>();
        var failing = Green.Spawn(default(GreenSuspend), async () =>
        {
            await Green.Sleep(default(GreenSuspend), 0);
            throw new InvalidOperationException("greenlet failure (expected by this test)");
        });
        var survivor = Green.Spawn(default(GreenSuspend), async () =>
        {
            for (int i = 0; i < 3; i++)
            {
                log.Add($"s{i}");
                await Green.Sleep(default(GreenSuspend), 0);
            }
            return "survived";
        });
        Green.JoinAll(failing, survivor);
        Assert.Equal(1, calls);
        Assert.Equal("survived", survivor.Get());
        Assert.Equal(["s0", "s1", "s2"], log);
        Assert.False(failing.Successful);

        // The hub keeps working afterwards.
        Assert.Equal(3, Green.Spawn(() => 3).Get());
    });

    [Fact]
    public void GreenletExit_is_not_reported_to_the_ErrorHandler() => OnFreshThread(() =>
    {
        var errors = CaptureErrors();
        var g = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), Forever); });
        var thrower = Green.Spawn(() => throw new GreenletExit("leaving"));
        Green.Sleep(0);
        g.Kill();
        thrower.Join();
        Green.Hub.Run();
        Assert.Empty(errors);
        Assert.True(g.Successful);
        Assert.True(thrower.Successful);
        Assert.Null(thrower.Exception);
    });

    [Fact]
    public void ErrorHandler_cannot_be_null() => OnFreshThread(() =>
    {
        Assert.Throws<ArgumentNullException>(() => Green.Hub.ErrorHandler = null!);
        Assert.NotNull(Green.Hub.ErrorHandler);
    });
}
