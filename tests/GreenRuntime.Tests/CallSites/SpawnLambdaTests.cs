using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.CallSites;

/// <summary>
/// A [Greenlet] call that is the whole body of a lambda passed to a GreenRuntime API (<c>Green.Spawn(() =&gt; M(x))</c>):
/// the interceptor lets the greenlet being started take M's twin over, so it suspends inside M.
/// </summary>
public class SpawnLambdaTests
{
    [Fact]
    public void Spawned_lambda_calling_a_static_greenlet_with_captured_locals_suspends_inside_it() => OnFreshThread(() =>
    {
        var log = new List<string>();
        string name = "captured";
        int a = 20, b = 22;

        var value = Green.Spawn(() => Chores.Value4(log, name, a, b));
        var nothing = Green.Spawn(() => Chores.Void2(log, "void"));
        var ticker = Green.Spawn(() => log.Add("tick"));
        Green.JoinAll(value, nothing, ticker);

        Assert.Equal(["captured:before", "void:before", "tick", "void:after", "captured:after"], log);
        Assert.Equal(42, value.Value);
    });

    [Fact]
    public void Spawned_lambda_calling_an_instance_greenlet_runs_on_the_captured_receiver() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var tally = new Tally(log, "t");
        int amount = 3;

        var add = Green.Spawn(() => tally.Add(amount));
        var tick = Green.Spawn(() => tally.Tick());
        Green.JoinAll(add, tick);

        Assert.Equal(["t:add(3):before", "t:tick:before", "t:tick:after", "t:add(3):after"], log);
        Assert.Equal(4, tally.Total);
        Assert.Equal(4, add.Value);
    });

    [Fact]
    public void Spawned_lambda_with_parameters_gets_the_spawn_arguments() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var upper = Green.Spawn((string n) => Chores.Value2(log, n), "arg");
        var ticker = Green.Spawn(() => log.Add("tick"));
        Green.JoinAll(upper, ticker);

        Assert.Equal(["arg:before", "tick", "arg:after"], log);
        Assert.Equal("ARG", upper.Value);
    });

    [Fact]
    public void SpawnLater_lambda_parks_inside_the_greenlet_method() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var go = new GreenEvent();
        var later = Green.SpawnLater(TimeSpan.FromMilliseconds(5), () => Chores.WaitFor(log, "later", go));

        while (!log.Contains("later:before"))
            Green.Sleep(1);
        log.Add("root");
        go.Set();

        Assert.Equal(7, later.Get());
        Assert.Equal(["later:before", "root", "later:after"], log);
    });

    [Fact]
    public void WithTimeout_lambda_from_ordinary_code_times_out_and_unwinds_the_greenlet_method() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var other = Green.Spawn(() => log.Add("other"));

        Assert.Equal(-1, Green.WithTimeout(TimeSpan.FromMilliseconds(20), () => Chores.Slow(log), -1));
        Assert.True(other.Dead);
        Assert.Equal(["slow:before", "other", "slow:finally"], log);
    });

    [Fact]
    public void WithTimeout_lambda_from_ordinary_code_returns_the_value_when_in_time() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var other = Green.Spawn(() => log.Add("other"));

        Assert.Equal(10, Green.WithTimeout(TimeSpan.FromSeconds(10), () => Chores.Value3(log, "v", 5), -1));
        Assert.Equal(["v:before", "other", "v:after"], log);
    });
}
