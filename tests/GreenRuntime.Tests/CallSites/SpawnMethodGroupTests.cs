using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.CallSites;

/// <summary>
/// <c>Green.Spawn(M, args)</c> and <c>Green.SpawnLater(delay, M, args)</c> with a [Greenlet] method group: the
/// interceptor spawns M's twin, so the greenlet suspends inside M and other greenlets run meanwhile.
/// </summary>
public class SpawnMethodGroupTests
{
    /// <summary>Spawns a ticker after <paramref name="greenlet"/>, joins both and returns the log.</summary>
    private static List<string> JoinWithTicker(List<string> log, Greenlet greenlet)
    {
        var ticker = Green.Spawn(() => log.Add("tick"));
        Green.JoinAll(greenlet, ticker);
        Assert.True(greenlet.Successful, greenlet.Exception?.ToString());
        return log;
    }

    [Fact]
    public void Void_method_groups_of_one_to_four_arguments_suspend_and_interleave() => OnFreshThread(() =>
    {
        var log = new List<string>();
        Assert.Equal(["v1:before", "tick", "v1:after"], JoinWithTicker(log, Green.Spawn(Chores.Void1, log)));

        log = [];
        Assert.Equal(["two:before", "tick", "two:after"], JoinWithTicker(log, Green.Spawn(Chores.Void2, log, "two")));

        log = [];
        Assert.Equal(["three:before", "tick", "three:after"], JoinWithTicker(log, Green.Spawn(Chores.Void3, log, "three", 1)));

        log = [];
        Assert.Equal(["four:before", "tick", "four:after!"], JoinWithTicker(log, Green.Spawn(Chores.Void4, log, "four", 1, "!")));
    });

    [Fact]
    public void Value_method_groups_of_one_to_four_arguments_suspend_and_return_their_value() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var one = Green.Spawn(Chores.Value1, log);
        Assert.Equal(["r1:before", "tick", "r1:after"], JoinWithTicker(log, one));
        Assert.Equal(1, one.Value);

        log = [];
        var two = Green.Spawn(Chores.Value2, log, "two");
        Assert.Equal(["two:before", "tick", "two:after"], JoinWithTicker(log, two));
        Assert.Equal("TWO", two.Get());

        log = [];
        var three = Green.Spawn(Chores.Value3, log, "three", 21);
        Assert.Equal(["three:before", "tick", "three:after"], JoinWithTicker(log, three));
        Assert.Equal(42, three.Value);

        log = [];
        var four = Green.Spawn(Chores.Value4, log, "four", 40, 2);
        Assert.Equal(["four:before", "tick", "four:after"], JoinWithTicker(log, four));
        Assert.Equal(42, four.Value);
    });

    [Fact]
    public void Two_spawned_method_groups_interleave_with_each_other() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var a = Green.Spawn(Chores.Value4, log, "a", 1, 2);
        var b = Green.Spawn(Chores.Void2, log, "b");
        Green.JoinAll(a, b);
        Assert.Equal(["a:before", "b:before", "b:after", "a:after"], log);
        Assert.Equal(3, a.Value);
    });

    [Fact]
    public void Instance_method_group_runs_on_its_receiver() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var first = new Tally(log, "first");
        var second = new Tally(log, "second");

        var tick = Green.Spawn(first.Tick);
        var add = Green.Spawn(second.Add, 5);
        Green.JoinAll(tick, add);

        Assert.Equal(["first:tick:before", "second:add(5):before", "first:tick:after", "second:add(5):after"], log);
        Assert.Equal(1, first.Total);
        Assert.Equal(5, second.Total);
        Assert.Equal(5, add.Value);
    });

    [Fact]
    public void Private_method_group_spawns_through_its_internal_twin() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var hidden = Chores.SpawnHidden(log, 3);
        Assert.Equal(["hidden:before", "tick", "hidden:after"], JoinWithTicker(log, hidden));
        Assert.Equal(-3, hidden.Value);
    });

    [Fact]
    public void SpawnLater_with_a_method_group_starts_after_the_delay_and_parks_inside_the_method() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var go = new GreenEvent();
        var later = Green.SpawnLater(TimeSpan.FromMilliseconds(10), Chores.WaitFor, log, "later", go);
        Assert.False(later.Started);

        // Ordinary code runs the hub while it polls; the greenlet parks on the event inside WaitFor.
        while (!log.Contains("later:before"))
            Green.Sleep(1);
        log.Add("root");
        Assert.False(later.Ready);
        go.Set();

        Assert.Equal(7, later.Get());
        Assert.Equal(["later:before", "root", "later:after"], log);
    });

    [Fact]
    public void WithTimeout_with_a_method_group_unwinds_the_method_and_returns_the_timeout_value() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var tally = new Tally(log, "t");
        var other = Green.Spawn(() => log.Add("other"));

        Assert.Equal(-1, Green.WithTimeout(TimeSpan.FromMilliseconds(20), tally.Stall, -1));
        Assert.True(other.Dead);
        Assert.Equal(["t:stall:before", "other", "t:stall:finally"], log);
    });

    [Fact]
    public void WithTimeout_with_a_method_group_that_finishes_in_time_returns_its_value() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var tally = new Tally(log, "t");
        Green.Spawn(tally.Add, 4).Join();
        log.Clear();
        var other = Green.Spawn(() => log.Add("other"));

        Assert.Equal(4, Green.WithTimeout(TimeSpan.FromSeconds(10), tally.Settle, -1));
        Assert.True(other.Dead);
        Assert.Equal(["t:settle:before", "other", "t:settle:after"], log);
    });
}
