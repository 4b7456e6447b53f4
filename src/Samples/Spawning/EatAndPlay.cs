using System.Diagnostics;

namespace GreenRuntime.Samples.Spawning;

/// <summary>
/// The seed's first gevent example: two greenlets whose sleeps overlap on one thread.
/// <code>
/// g1 = gevent.spawn(eat, 'egon')
/// g2 = gevent.spawn(play, 'alex')
/// gevent.joinall([g1, g2])
/// print(g1.value)
/// </code>
/// </summary>
public static partial class EatAndPlay
{
    private static readonly Stopwatch Clock = new();

    /// <summary>Runs the example and prints when each step happens.</summary>
    public static void Run()
    {
        Clock.Restart();
        var g1 = Green.Spawn(Eat, "egon");
        var g2 = Green.Spawn(Play, "alex");
        Log($"spawned {g1.Name} and {g2.Name}; nothing has run yet");

        Green.JoinAll(g1, g2);

        Log($"g1.Value = \"{g1.Value}\"");
        Log($"main: done after {Clock.Elapsed.TotalSeconds:0.00} s — the 2 s and 1 s sleeps overlapped (sequentially they take 3 s)");
    }

    [Greenlet]
    private static string Eat(string name)
    {
        Log($"{name} eat 1");
        Thread.Sleep(2000);         // patched: parks this greenlet on a hub timer, the thread stays free
        Log($"{name} eat 2");
        return $"{name} is full";
    }

    [Greenlet]
    private static void Play(string name)
    {
        Log($"{name} play 1");
        Thread.Sleep(1000);
        Log($"{name} play 2");
    }

    private static void Log(string message) =>
        Console.WriteLine($"[{Clock.Elapsed.TotalSeconds,5:0.00} s] {message}");
}
