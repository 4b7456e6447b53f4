namespace GreenRuntime.Tests.Delegates;

/// <summary>A delegate to a [Greenlet] method that the generator never saw at the call site still runs green.</summary>
public partial class StoredDelegateTests
{
    [Greenlet]
    private static void Step(List<string> log, string name)
    {
        log.Add(name + "1");
        Thread.Sleep(0);
        log.Add(name + "2");
    }

    [Greenlet]
    private int Twice(int x)
    {
        Thread.Sleep(0);
        return 2 * x;
    }

    [Fact]
    public void Spawning_a_stored_delegate_to_a_greenlet_method_suspends_at_its_patched_calls()
    {
        var log = new List<string>();
        Action<List<string>, string> step = Step;
        var a = Green.Spawn(step, log, "a");
        var b = Green.Spawn(step, log, "b");
        Green.JoinAll(a, b);
        Assert.Equal(["a1", "b1", "a2", "b2"], log);
    }

    [Fact]
    public void A_stored_delegate_to_an_instance_greenlet_method_returns_its_value()
    {
        Func<int, int> twice = new StoredDelegateTests().Twice;
        var g = Green.Spawn(twice, 21);
        Assert.Equal(42, g.Get());
    }

    [Fact]
    public void A_stored_lambda_is_an_ordinary_greenlet_body()
    {
        Func<int> answer = () => 42;
        Assert.Equal(42, Green.Spawn(answer).Get());
    }
}
