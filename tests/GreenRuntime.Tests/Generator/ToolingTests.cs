using System.Reflection;
using System.Runtime.CompilerServices;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Tests.Generator;

/// <summary>The twin does not get in the way of tooling that looks a [Greenlet] method up by its name.</summary>
public class ToolingTests
{
    [Fact]
    public void Reflection_by_name_finds_only_the_users_method()
    {
        // Before the twins had names of their own, each was an overload: GetMethod threw AmbiguousMatchException.
        var twice = typeof(Reflected).GetMethod(nameof(Reflected.Twice), BindingFlags.Public | BindingFlags.Static);
        var next = typeof(Reflected).GetMethod(nameof(Reflected.Next), BindingFlags.Public | BindingFlags.Instance);

        Assert.NotNull(twice);
        Assert.NotNull(next);
        Assert.Equal(10, twice.Invoke(null, [5]));
        Assert.Equal(6, next.Invoke(new Reflected(), [5]));
        Assert.Single(typeof(Reflected).GetMethods(), m => m.Name == nameof(Reflected.Twice));
    }

    [Fact]
    public void The_twin_is_named_by_TwinNames_and_hidden_from_the_editor()
    {
        var twin = typeof(Reflected).GetMethod(TwinNames.Twin(nameof(Reflected.Twice)), BindingFlags.Public | BindingFlags.Static);

        Assert.NotNull(twin);
        Assert.Equal(typeof(GreenSuspend), twin.GetParameters()[0].ParameterType);
        Assert.Equal(nameof(Reflected.Twice), TwinNames.OriginalName(twin.Name));
        Assert.Equal(System.ComponentModel.EditorBrowsableState.Never,
            twin.GetCustomAttribute<System.ComponentModel.EditorBrowsableAttribute>()?.State);
    }

    [Fact]
    public void A_delegate_made_by_reflection_still_runs_green()
    {
        var log = new List<string>();
        var twice = typeof(Reflected).GetMethod(nameof(Reflected.Twice))!.CreateDelegate<Func<int, int>>();
        TwinTest.OnFreshThread(() =>
        {
            var doubled = Green.Spawn(twice, 21);
            var other = Green.Spawn(() => log.Add("other ran while Twice was suspended"));
            Assert.Equal(42, doubled.Get());
            Green.JoinAll(other);
        });
        Assert.Equal(["other ran while Twice was suspended"], log);
    }

    [Fact]
    public void A_twin_without_suspension_points_calls_the_method_and_is_not_async()
    {
        var twin = typeof(Unsuspending).GetMethod(TwinNames.Twin(nameof(Unsuspending.Sum)))!;
        Assert.Null(twin.GetCustomAttribute<AsyncStateMachineAttribute>());
        Assert.NotNull(typeof(Unsuspending).GetMethod(TwinNames.Twin(nameof(Unsuspending.SumAfterYield)))!.GetCustomAttribute<AsyncStateMachineAttribute>());

        var (value, log) = TwinTest.RunWithWitness(log => Unsuspending.SumAfterYield__GreenTwin(default, log, [1, 2, 3]));
        Assert.Equal(12, value);
        Assert.Equal(["before", "x", "after"], log);
        Assert.Equal(6, Unsuspending.Sum([1, 2, 3]));
    }

    [Fact]
    public void An_exception_of_a_twin_that_calls_the_method_is_the_greenlets()
    {
        Exception? failure = null;
        TwinTest.OnFreshThread(() =>
        {
            var greenlet = Green.Spawn(Unsuspending.Fail, "boom");
            failure = Assert.Throws<InvalidOperationException>(() => greenlet.Get());
            Assert.Throws<InvalidOperationException>(() => Unsuspending.Fail("direct"));
        });
        Assert.Equal("boom", failure!.Message);
        Assert.Contains(nameof(Unsuspending.Fail), failure.StackTrace);
    }

    [Fact]
    public void A_null_conditional_call_suspends_once_with_a_receiver_and_evaluates_it_once()
    {
        var (value, log) = TwinTest.RunWithWitness(log => NullConditional.Run__GreenTwin(default, log, present: true));
        Assert.Equal(4, value);
        Assert.Equal(
            ["receiver", "argument", "twice 1", "x", "twice done", "receiver", "argument", "twice 2", "twice done", "value 4"],
            log);
    }

    [Fact]
    public void A_null_conditional_call_on_null_evaluates_neither_arguments_nor_the_call()
    {
        var (value, log) = TwinTest.RunWithWitness(log => NullConditional.Run__GreenTwin(default, log, present: false));
        Assert.Null(value);
        // Nothing suspended: the witness runs only after the twin finished.
        Assert.Equal(["receiver", "receiver", "value null", "x"], log);
    }

    [Fact]
    public void A_method_of_a_mutable_struct_that_only_reads_it_suspends()
    {
        var (value, log) = TwinTest.RunWithWitness(log => Reading.Call__GreenTwin(default, log));
        Assert.Equal(42, value);
        Assert.Equal(["read 40", "x", "done"], log);

        // From ordinary code: the interceptor runs the hub until the twin returns, another greenlet runs meanwhile.
        var direct = new List<string>();
        TwinTest.OnFreshThread(() =>
        {
            var reading = new Reading { Value = 1 };
            var other = Green.Spawn(() => direct.Add("other"));
            Assert.Equal(3, reading.AddAfterYield(direct, 2));
            Green.JoinAll(other);
        });
        Assert.Equal(["read 1", "other", "done"], direct);
    }
}
