using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Generator.TwinTest;

namespace GreenRuntime.Tests.Generator;

/// <summary>
/// A suspension point inside each language construct: the twin compiles, suspends exactly there (the witness
/// greenlet's "x" shows up at that point of the log) and computes what the original would.
/// </summary>
public class LanguageConstructTests
{
    private static readonly GreenSuspend Suspend = default;

    [Fact]
    public void If_branch_suspends() =>
        Assert.Equal(["then", "x", "end"], RunWithWitness(log => Constructs.IfElse__GreenTwin(Suspend, log, true)));

    [Fact]
    public void Else_branch_suspends() =>
        Assert.Equal(["else", "x", "end"], RunWithWitness(log => Constructs.IfElse__GreenTwin(Suspend, log, false)));

    [Fact]
    public void While_body_suspends_each_round() =>
        Assert.Equal(["w0", "x", "w1"], RunWithWitness(log => Constructs.While__GreenTwin(Suspend, log)));

    [Fact]
    public void While_condition_suspends() =>
        Assert.Equal(["yield 0", "x", "yield 1", "yield 2"], RunWithWitness(log => Constructs.WhileCondition__GreenTwin(Suspend, log)));

    [Fact]
    public void Do_body_suspends() =>
        Assert.Equal(["d0", "x", "d1"], RunWithWitness(log => Constructs.Do__GreenTwin(Suspend, log)));

    [Fact]
    public void For_body_suspends() =>
        Assert.Equal(["f0", "x", "f1"], RunWithWitness(log => Constructs.For__GreenTwin(Suspend, log)));

    [Fact]
    public void Foreach_body_suspends() =>
        Assert.Equal(["a", "x", "b", "c"], RunWithWitness(log => Constructs.ForEach__GreenTwin(Suspend, log, ["a", "b", "c"])));

    [Theory]
    [InlineData(42, new[] { "big", "x" })]
    [InlineData(3, new[] { "int3", "x" })]
    [InlineData("s", new[] { "string s", "x", "default" })]
    [InlineData(1.5, new[] { "default", "x" })]
    public void Switch_statement_sections_and_patterns_suspend(object value, string[] expected) =>
        Assert.Equal(expected, RunWithWitness(log => Constructs.SwitchStatement__GreenTwin(Suspend, log, value)));

    [Fact]
    public void Switch_expression_arm_suspends()
    {
        var (value, log) = RunWithWitness(log => Constructs.SwitchExpression__GreenTwin(Suspend, log, 4));
        Assert.Equal("many4", value);
        Assert.Equal(["yield many", "x"], log);
        Assert.Equal("zero", RunWithWitness(log => Constructs.SwitchExpression__GreenTwin(Suspend, log, 0)).Value);
    }

    [Fact]
    public void Try_and_catch_bodies_suspend() =>
        Assert.Equal(["try", "x", "catch boom", "handled"], RunWithWitness(log => Constructs.TryCatch__GreenTwin(Suspend, log)));

    [Theory]
    [InlineData(1, "filtered code 1")]
    [InlineData(2, "other")]
    public void Catch_when_bodies_suspend(int code, string entry) =>
        Assert.Equal([entry, "x"], RunWithWitness(log => Constructs.CatchWhen__GreenTwin(Suspend, log, code)));

    [Fact]
    public void Finally_suspends() =>
        Assert.Equal(["body", "finally", "x", "finally-end"], RunWithWitness(log => Constructs.TryFinally__GreenTwin(Suspend, log)));

    [Fact]
    public void Nested_try_suspends_in_inner_try_and_finally() =>
        Assert.Equal(
            ["inner", "x", "inner-finally", "outer-catch inner failure", "outer-finally"],
            RunWithWitness(log => Constructs.NestedTry__GreenTwin(Suspend, log)));

    [Fact]
    public void Using_statement_disposes_after_suspending() =>
        Assert.Equal(["inside", "x", "dispose resource", "after"], RunWithWitness(log => Constructs.UsingStatement__GreenTwin(Suspend, log)));

    [Fact]
    public void Using_declaration_disposes_at_end_of_scope() =>
        Assert.Equal(["inside", "x", "last", "dispose declared"], RunWithWitness(log => Constructs.UsingDeclaration__GreenTwin(Suspend, log)));

    [Fact]
    public void And_also_suspends_only_when_evaluated()
    {
        var (value, log) = RunWithWitness(log => Constructs.AndAlso__GreenTwin(Suspend, log, true));
        Assert.True(value);
        Assert.Equal(["yield True", "x"], log);

        (value, log) = RunWithWitness(log => Constructs.AndAlso__GreenTwin(Suspend, log, false));
        Assert.False(value);
        Assert.Equal(["x"], log);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public void Conditional_operator_suspends_in_the_chosen_branch(bool flag, int expected)
    {
        var (value, log) = RunWithWitness(log => Constructs.Conditional__GreenTwin(Suspend, log, flag));
        Assert.Equal(expected, value);
        Assert.Equal(["yield " + expected, "x"], log);
    }

    [Fact]
    public void Interpolation_hole_suspends()
    {
        var (value, log) = RunWithWitness(log => Constructs.Interpolation__GreenTwin(Suspend, log, 21));
        Assert.Equal("n=21, yielded=42, tail", value);
        Assert.Equal(["yield 42", "x"], log);
    }

    [Fact]
    public void Argument_suspends_in_evaluation_order()
    {
        var (value, log) = RunWithWitness(log => Constructs.Arguments__GreenTwin(Suspend, log));
        Assert.Equal(321, value);
        Assert.Equal(["yield 20", "x"], log);
    }

    [Theory]
    [InlineData(7, "int>5:7")]
    [InlineData(3, "int:3")]
    [InlineData("abc", "long string abc")]
    public void Is_and_switch_patterns_over_suspension_points(object input, string expected) =>
        Assert.Equal(expected, RunWithWitness(log => Constructs.Patterns__GreenTwin(Suspend, log, input)).Value);

    [Fact]
    public void Recursion_suspends_at_the_bottom()
    {
        var (value, log) = RunWithWitness(log => Constructs.Recursion__GreenTwin(Suspend, log, 5));
        Assert.Equal(5, value);
        Assert.Equal(["bottom", "x"], log);
    }

    [Fact]
    public void Task_delay_wait_becomes_a_hub_sleep() =>
        Assert.Equal(["delay", "x", "done"], RunWithWitness(log => Constructs.DelayWait__GreenTwin(Suspend, log)));

    [Fact]
    public void Join_of_a_spawned_greenlet_suspends() =>
        Assert.Equal(["spawned", "x", "child", "joined"], RunWithWitness(log => Constructs.JoinChild__GreenTwin(Suspend, log)));

    [Fact]
    public void Spawn_lambda_becomes_a_green_lambda()
    {
        var (value, log) = RunWithWitness(log => Constructs.SpawnGreenLambdaAndGet__GreenTwin(Suspend, log));
        Assert.Equal(42, value);
        Assert.Equal(["spawned", "x", "child-start", "child-end"], log);
    }

    [Fact]
    public void Spawn_of_a_greenlet_method_group_runs_its_twin()
    {
        var (value, log) = RunWithWitness(log => Constructs.SpawnMethodGroup__GreenTwin(Suspend, log));
        Assert.Equal(6, value);
        Assert.Equal(["x", "yield 5"], log);
    }

    [Fact]
    public void Ordinary_lambdas_and_local_functions_are_left_as_they_are() =>
        Assert.Equal(["square 9", "x", "local 4"], RunWithWitness(log => Constructs.NonGreenLambdaLeftAlone__GreenTwin(Suspend, log)));

    [Fact]
    public void Lock_without_suspension_compiles_and_runs() =>
        Assert.Equal(["locked", "x", "unlocked"], RunWithWitness(log => Constructs.LockWithoutSuspension__GreenTwin(Suspend, log)));
}
