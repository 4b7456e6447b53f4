using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>[Greenlet] methods whose greenlets and exceptions <see cref="GreenletDisplayTests"/> look at.</summary>
internal static partial class Diners
{
    [Greenlet]
    public static void Eat(string name) => Thread.Sleep(1);

    [Greenlet]
    public static int Choke(string name)
    {
        Thread.Sleep(1);
        throw new InvalidOperationException($"{name} choked");
    }

    [Greenlet]
    public static int Dine(string name)
    {
        Thread.Sleep(0);
        return Choke(name) + 1;
    }

    public static void Plain(string name, int count)
    {
    }
}

/// <summary>
/// What a user sees of greenlets (issue 7, item 10): stack traces show their own frames with no runtime plumbing
/// between them, and a greenlet's ToString names its function and arguments, as gevent's repr does.
/// </summary>
public class GreenletDisplayTests
{
    /// <summary>The stack trace's frames that belong to the runtime or to the generated interceptors (forwarders, hidden too).</summary>
    private static List<string> RuntimeFrames(Exception exception) =>
        exception.StackTrace!.Split('\n').Select(line => line.Trim())
            .Where(line => line.StartsWith("at GreenRuntime.", StringComparison.Ordinal)
                && !line.StartsWith("at GreenRuntime.Tests.", StringComparison.Ordinal))
            .ToList();

    private static void AssertUserFramesInOrder(Exception exception)
    {
        string trace = exception.StackTrace!;
        int choke = trace.IndexOf("Diners.Choke", StringComparison.Ordinal);
        int dine = trace.IndexOf("Diners.Dine", StringComparison.Ordinal);
        Assert.True(choke >= 0 && dine > choke, trace);
    }

    [Fact]
    public void A_greenlets_exception_shows_its_frames_without_runtime_frames_between_them() => OnFreshThread(() =>
    {
        CaptureErrors();
        var g = Green.Spawn(Diners.Dine, "egon");
        g.Join();
        var e = Assert.IsType<InvalidOperationException>(g.Exception);
        AssertUserFramesInOrder(e);
        Assert.Empty(RuntimeFrames(e));
    });

    [Fact]
    public void A_direct_calls_exception_shows_no_runtime_frames() => OnFreshThread(() =>
    {
        var e = Assert.Throws<InvalidOperationException>(() => Diners.Dine("direct"));
        AssertUserFramesInOrder(e);
        Assert.Empty(RuntimeFrames(e));
    });

    [Fact]
    public void An_exception_rethrown_by_Get_shows_only_Get_of_the_runtime() => OnFreshThread(() =>
    {
        CaptureErrors();
        var g = Green.Spawn(Diners.Dine, "got");
        var e = Assert.Throws<InvalidOperationException>(() => g.Get());
        AssertUserFramesInOrder(e);
        Assert.All(RuntimeFrames(e), frame => Assert.StartsWith("at GreenRuntime.Greenlet`1.Get(", frame));
    });

    [Fact]
    public void ToString_names_the_greenlet_its_state_and_the_users_method_with_its_arguments() => OnFreshThread(() =>
    {
        var g = Green.Spawn(Diners.Eat, "egon");
        Assert.Equal("<Greenlet \"Greenlet-1\" (not started): Diners.Eat(\"egon\")>", g.ToString());
        g.Name = "dinner";
        g.Join();
        Assert.Equal("<Greenlet \"dinner\" (finished): Diners.Eat(\"egon\")>", g.ToString());
    });

    [Fact]
    public void ToString_sees_through_stored_delegates_plain_methods_and_twins() => OnFreshThread(() =>
    {
        Action<string> stored = Diners.Eat;
        Assert.EndsWith(": Diners.Eat(\"stored\")>", Green.Spawn(stored, "stored").ToString());
        Assert.EndsWith(": Diners.Plain(\"x\", 3)>", Green.Spawn(Diners.Plain, "x", 3).ToString());
        Assert.EndsWith(": Diners.Dine(\"twin\")>", Green.Spawn(default(GreenSuspend), static (string a) => Diners.Dine__GreenTwin(default, a), "twin").ToString());
        Assert.EndsWith(": a lambda in GreenletDisplayTests.ToString_sees_through_stored_delegates_plain_methods_and_twins>",
            Green.Spawn(() => { }).ToString());
        Green.Hub.Run();
    });
}
