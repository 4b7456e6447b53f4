using GreenRuntime.Tests.Library;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.CallSites;

/// <summary>
/// A direct call of a [Greenlet] method from ordinary code runs this thread's hub until the call returns (gevent's
/// main greenlet): a greenlet spawned before the call makes progress while the method sleeps. The methods sleep with
/// <c>Thread.Sleep</c>, which only suspends in the twin: had the original body run, the log would show no progress.
/// </summary>
public partial class DirectCallTests
{
    [Fact]
    public void Direct_call_runs_the_hub_while_the_method_sleeps() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var other = Green.Spawn(() => log.Add("other"));

        Chores.Void3(log, "direct", 5);

        Assert.Equal(["direct:before", "other", "direct:after"], log);
        Assert.True(other.Dead);
    });

    [Fact]
    public void Direct_call_returns_the_methods_value() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var other = Green.Spawn(() => log.Add("other"));

        int sum = Chores.Value4(log, "sum", 40, 2);

        Assert.Equal(42, sum);
        Assert.Equal(["sum:before", "other", "sum:after"], log);
    });

    [Fact]
    public void Direct_call_parks_until_a_spawned_method_greenlet_releases_it() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var go = new GreenEvent();
        var releaser = Green.Spawn(Chores.Release, log, "releaser", go);

        Assert.Equal(7, Chores.WaitFor(log, "direct", go));

        Assert.Equal(["direct:before", "releaser:before", "releaser:after", "direct:after"], log);
        Assert.True(releaser.Dead);
    });

    [Fact]
    public void Direct_call_of_an_instance_method_uses_its_receiver() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var tally = new Tally(log, "t");
        var other = Green.Spawn(() => log.Add("other"));

        Assert.Equal(2, tally.Add(2));
        Assert.Equal(5, tally.Add(3));

        Assert.Equal(["t:add(2):before", "other", "t:add(2):after", "t:add(3):before", "t:add(3):after"], log);
    });

    [Fact]
    public void Direct_call_of_a_private_method_goes_through_its_internal_twin() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var other = Green.Spawn(() => log.Add("other"));

        Assert.Equal(-4, Chores.CallHidden(log, 4));
        Assert.Equal(["hidden:before", "other", "hidden:after"], log);
    });

    [Fact]
    public void Direct_call_of_a_generic_method_with_concrete_and_generic_type_arguments() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var other = Green.Spawn(() => log.Add("other"));

        Assert.Equal(42, Chores.Echo(log, 42));
        Assert.Equal("s", Relay(log, "s"));

        Assert.Equal(["echo(42):before", "other", "echo(42):after", "echo(s):before", "echo(s):after"], log);
    });

    /// <summary>A call whose type argument is a type parameter of the caller: the interceptor itself is generic.</summary>
    private static T Relay<T>(List<string> log, T value) => Chores.Echo(log, value);

    [Fact]
    public void Direct_call_of_a_greenlet_method_from_the_referenced_library() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var other = Green.Spawn(() => log.Add("other"));

        Assert.Equal("v", LibraryGreenlets.Echo(log, "v", 2));

        Assert.Equal(["echo0", "other", "echo1"], log);
    });

    [Fact]
    public void Greenlet_methods_of_the_referenced_library_spawn_and_return_values() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var box = new LibraryBox<int>(1);

        var added = Green.Spawn(LibraryGreenlets.YieldThenAdd, log, "lib", 1, 2);
        var ticker = Green.Spawn(() => log.Add("tick"));
        Assert.Equal(1, box.Swap(5));
        Green.JoinAll(added, ticker);

        Assert.Equal(3, added.Value);
        Assert.Equal(5, box.Swap(6));
        Assert.Equal(["lib:before", "tick", "lib:after"], log);
    });

    [Fact]
    public void Direct_and_lambda_calls_into_a_private_nested_type_run_the_twin() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var other = Green.Spawn(() => log.Add("other"));

        Assert.Equal(3, Hidden.Nap(log, "direct", 3));
        var spawned = Green.Spawn(() => Hidden.Nap(log, "spawned", 4));
        var racer = Green.Spawn(() => log.Add("racer"));
        Green.JoinAll([spawned, racer]);

        // The original bodies would have slept with the hub stopped: "other" and "racer" would come after them.
        Assert.Equal(["direct:before", "other", "direct:after", "spawned:before", "racer", "spawned:after"], log);
        Assert.Equal(4, spawned.Value);
        Assert.True(other.Dead);
    });

    /// <summary>Reached from ordinary code through the forwarder the generator adds to the test class.</summary>
    private static partial class Hidden
    {
        [Greenlet]
        public static int Nap(List<string> log, string name, int ms)
        {
            log.Add(name + ":before");
            Thread.Sleep(ms);
            log.Add(name + ":after");
            return ms;
        }
    }
}
