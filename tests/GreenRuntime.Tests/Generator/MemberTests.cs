using System.Runtime.CompilerServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Tests.Library;
using static GreenRuntime.Tests.Generator.TwinTest;

namespace GreenRuntime.Tests.Generator;

/// <summary>Instance, generic, nested, expression-bodied and cross-assembly twins; stack traces of twins.</summary>
public class MemberTests
{
    private static readonly GreenSuspend Suspend = default;

    [Fact]
    public void Instance_twins_share_the_object_and_interleave()
    {
        var log = new List<string>();
        var counter = new Counter(log);
        OnFreshThread(() =>
        {
            var a = Green.Spawn(Suspend, () => counter.Increment__GreenTwin(Suspend));
            var b = Green.Spawn(Suspend, () => counter.Increment__GreenTwin(Suspend));
            Green.JoinAll(a, b);
        });
        // Both read 0 before either wrote: the classic lost update, which proves they interleaved.
        Assert.Equal(["read 0", "read 0"], log);
        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public void Expression_bodied_instance_twin_calls_private_twins()
    {
        var (value, log) = RunWithWitness(log => new Counter(log).IncrementTwice__GreenTwin(Suspend));
        Assert.Equal(3, value);
        Assert.Equal(["read 0", "x", "read 1"], log);
    }

    [Fact]
    public void Generic_instance_twin_with_constraint()
    {
        var (value, log) = RunWithWitness(log => new Counter(log).Map__GreenTwin(Suspend, n => $"count={n}"));
        Assert.Equal("count=1", value);
        Assert.Equal(["read 0", "x"], log);
    }

    [Fact]
    public void Twins_in_nested_generic_partial_types()
    {
        var middle = new Outer.Middle<string>();
        var (value, log) = RunWithWitness(log => middle.Observe__GreenTwin(Suspend, log, "k"));
        Assert.Equal(1, value);
        Assert.Equal(["pair k", "x"], log);

        var (pair, _) = RunWithWitness(log => Outer.Middle<int>.Inner<double>.Pair__GreenTwin(Suspend, log, 4, 2.5));
        Assert.Equal(new KeyValuePair<int, double>(4, 2.5), pair);
    }

    [Fact]
    public void Call_into_a_library_greenlet_suspends_the_caller()
    {
        var (value, log) = RunWithWitness(log => LibraryCallers.CallYieldThenAdd__GreenTwin(Suspend, log));
        Assert.Equal(30, value);
        Assert.Equal(["lib:before", "x", "lib:after"], log);
    }

    [Fact]
    public void Call_into_a_generic_library_greenlet_suspends_the_caller()
    {
        var (value, log) = RunWithWitness(log => LibraryCallers.CallGenericEcho__GreenTwin(Suspend, log));
        Assert.Equal("hello", value);
        Assert.Equal(["echo0", "x", "echo1"], log);
    }

    [Fact]
    public void Call_into_a_library_instance_greenlet_suspends_the_caller()
    {
        var box = new LibraryBox<int>(1);
        var (value, log) = RunWithWitness(log => LibraryCallers.CallInstance__GreenTwin(Suspend, log, box));
        Assert.Equal(1, value);
        Assert.Equal(["swap", "x"], log);
    }

    [Fact]
    public void Library_greenlets_interleave_with_each_other()
    {
        var log = new List<string>();
        OnFreshThread(() =>
        {
            var a = Green.Spawn(Suspend, () => LibraryGreenlets.YieldThenAdd__GreenTwin(Suspend, log, "a", 1, 1));
            var b = Green.Spawn(Suspend, () => LibraryGreenlets.YieldThenAdd__GreenTwin(Suspend, log, "b", 2, 2));
            Green.JoinAll(a, b);
            Assert.Equal(2, a.Value);
            Assert.Equal(4, b.Value);
        });
        Assert.Equal(["a:before", "b:before", "a:after", "b:after"], log);
    }

    [Fact]
    public void Stack_trace_of_a_twin_points_at_the_users_line()
    {
        Exception? failure = null;
        OnFreshThread(() =>
        {
            var greenlet = Green.Spawn(Suspend, () => Throwers.ThrowAfterSuspending__GreenTwin(Suspend));
            Green.Hub.ErrorHandler = (_, _) => { };
            greenlet.Join();
            failure = greenlet.Exception;
        });

        var (file, line) = FindThrowSite();
        Assert.IsType<InvalidOperationException>(failure);
        Assert.Contains($"{file}:line {line}", failure!.StackTrace);
        Assert.Contains("Throwers.ThrowAfterSuspending", failure.StackTrace);
    }

    private static (string File, int Line) FindThrowSite([CallerFilePath] string thisFile = "")
    {
        var file = Path.Combine(Path.GetDirectoryName(thisFile)!, "Members.cs");
        var lines = File.ReadAllLines(file);
        return (file, Array.FindIndex(lines, l => l.Contains("// THROW-SITE", StringComparison.Ordinal)) + 1);
    }
}
