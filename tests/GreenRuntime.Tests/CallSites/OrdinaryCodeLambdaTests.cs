using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.CallSites;

/// <summary>
/// Lambdas with suspension points handed to Green.Spawn and its kind from ordinary code (DESIGN §2): when they capture
/// no local, the generator makes their bodies green functions, so they suspend instead of blocking the hub. The log
/// (one per hub thread) shows it: a body that blocked would run to its end before the next greenlet starts.
/// </summary>
public partial class OrdinaryCodeLambdaTests
{
    private readonly List<string> _instanceLog = [];

    [ThreadStatic]
    private static GreenEvent? t_gate;

    private static List<string> Log => ThreadLog.Entries;

    /// <summary>An event of this test's hub (each test runs on a fresh thread).</summary>
    private static GreenEvent Gate => t_gate ??= new GreenEvent();

    [Fact]
    public void Two_spawned_lambdas_without_captures_take_turns() => OnFreshThread(() =>
    {
        ThreadLog.Reset();
        var first = Green.Spawn(() => { Log.Add("a:before"); Thread.Sleep(0); Log.Add("a:after"); });
        var second = Green.Spawn(() => { Log.Add("b:before"); Thread.Sleep(0); Log.Add("b:after"); });
        Green.JoinAll(first, second);

        Assert.Equal(["a:before", "b:before", "a:after", "b:after"], Log);
    });

    [Fact]
    public void Spawned_lambda_calling_greenlet_methods_returns_their_sum_and_lets_others_run() => OnFreshThread(() =>
    {
        ThreadLog.Reset();
        var sum = Green.Spawn(() => { int a = Napper.Nap(150); int b = Napper.Nap(150); return a + b; });
        var other = Green.Spawn(() => Log.Add("other"));

        Assert.Equal(300, sum.Get());
        Assert.True(other.Dead);
        Assert.Equal(["nap(150):before", "other", "nap(150):after", "nap(150):before", "nap(150):after"], Log);
    });

    [Fact]
    public void Spawned_lambda_using_private_members_and_this_of_a_partial_type_runs_green() => OnFreshThread(() =>
    {
        ThreadLog.Reset();
        var mine = Green.Spawn(() => { _instanceLog.Add("this:before"); Pause(); _instanceLog.Add("this:after"); return _instanceLog.Count; });
        var other = Green.Spawn(() => { _instanceLog.Add("other"); });

        Assert.Equal(3, mine.Get());
        other.Join();
        Assert.Equal(["this:before", "other", "this:after"], _instanceLog);
    });

    [Fact]
    public void SpawnLater_and_Spawn_lambdas_with_parameters_get_the_spawn_arguments() => OnFreshThread(() =>
    {
        ThreadLog.Reset();
        var later = Green.SpawnLater(TimeSpan.FromMilliseconds(1), (string name) => { Log.Add(name + ":before"); Gate.Wait(); Log.Add(name + ":after"); }, "later");
        while (!Log.Contains("later:before"))
            Green.Sleep(1);
        Log.Add("root");
        Gate.Set();
        later.Join();

        var upper = Green.Spawn((string name, int times) => { Log.Add(name + ":before"); Green.Sleep(0); Log.Add(name + ":after"); return name.ToUpperInvariant() + times; }, "now", 2);
        var ticker = Green.Spawn(() => Log.Add("tick"));

        Assert.Equal("NOW2", upper.Get());
        ticker.Join();
        Assert.Equal(["later:before", "root", "later:after", "now:before", "tick", "now:after"], Log);
    });

    [Fact]
    public void WithTimeout_lambda_from_ordinary_code_is_interrupted_at_its_suspension_point() => OnFreshThread(() =>
    {
        ThreadLog.Reset();
        var other = Green.Spawn(() => Log.Add("other"));

        int result = Green.WithTimeout(TimeSpan.FromMilliseconds(20), () => { Log.Add("slow:before"); Thread.Sleep(Forever); Log.Add("slow:after"); return 1; }, -1);

        Assert.Equal(-1, result);
        Assert.True(other.Dead);
        Assert.Equal(["slow:before", "other"], Log);
    });

    [Greenlet]
    private static void Pause() => Thread.Sleep(0);
}

/// <summary>A [Greenlet] method the lambdas call; it logs on the calling thread's log.</summary>
internal static partial class Napper
{
    [Greenlet]
    public static int Nap(int ms)
    {
        Log.Add($"nap({ms}):before");
        Thread.Sleep(ms);
        Log.Add($"nap({ms}):after");
        return ms;
    }

    private static List<string> Log => ThreadLog.Entries;
}

/// <summary>
/// The same from a type that is not partial: the green functions live in a generated class of the namespace, and may
/// use what any type of the assembly sees.
/// </summary>
public class PlainTypeLambdaTests
{
    [Fact]
    public void Spawned_lambdas_of_a_type_that_is_not_partial_take_turns() => OnFreshThread(() =>
    {
        ThreadLog.Reset();
        var first = Green.Spawn(() => { ThreadLog.Add("a:before"); Thread.Sleep(0); ThreadLog.Add("a:after"); });
        var second = Green.Spawn(() => { ThreadLog.Add("b:before"); int n = Napper.Nap(1); ThreadLog.Add("b:after"); return n; });
        first.Join();

        Assert.Equal(1, second.Get());
        Assert.Equal(["a:before", "b:before", "nap(1):before", "a:after", "nap(1):after", "b:after"], ThreadLog.Entries);
    });
}

/// <summary>A log per thread (each test runs on a fresh one) that any type of the assembly can write to.</summary>
internal static class ThreadLog
{
    [ThreadStatic]
    private static List<string>? t_entries;

    public static List<string> Entries => t_entries ??= [];

    public static void Reset() => t_entries = [];

    public static void Add(string entry) => Entries.Add(entry);
}
