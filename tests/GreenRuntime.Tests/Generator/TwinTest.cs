using GreenRuntime.CompilerServices;

namespace GreenRuntime.Tests.Generator;

/// <summary>
/// Runs generated twins the way the generator's own callers do — through the marker overloads — so these tests
/// do not depend on interceptors.
/// </summary>
internal static class TwinTest
{
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Spawns <paramref name="twin"/>, then a witness greenlet that logs <c>"x"</c> once, and waits for both on a
    /// fresh thread (so with a fresh hub). The witness runs exactly where the twin first suspends, so the log
    /// shows that the suspension point was rewritten — an unrewritten blocking call would throw instead.
    /// </summary>
    public static List<string> RunWithWitness(Func<List<string>, GreenTask> twin)
    {
        var log = new List<string>();
        OnFreshThread(() =>
        {
            var greenlet = Green.Spawn(default(GreenSuspend), () => twin(log));
            var witness = Green.Spawn(() => log.Add("x"));
            Green.JoinAll(greenlet, witness);
            if (greenlet.Exception is { } failure)
                throw new InvalidOperationException("The twin failed.", failure);
        });
        return log;
    }

    /// <inheritdoc cref="RunWithWitness(Func{List{string}, GreenTask})"/>
    public static (T Value, List<string> Log) RunWithWitness<T>(Func<List<string>, GreenTask<T>> twin)
    {
        var log = new List<string>();
        T value = default!;
        OnFreshThread(() =>
        {
            var greenlet = Green.Spawn(default(GreenSuspend), () => twin(log));
            var witness = Green.Spawn(() => log.Add("x"));
            Green.JoinAll(greenlet, witness);
            if (greenlet.Exception is { } failure)
                throw new InvalidOperationException("The twin failed.", failure);
            value = greenlet.Value;
        });
        return (value, log);
    }

    /// <summary>Runs <paramref name="body"/> on a new thread, so with a fresh hub, and rethrows its failure.</summary>
    public static void OnFreshThread(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        })
        {
            IsBackground = true,
            Name = "twin-test",
        };
        thread.Start();
        if (!thread.Join(s_hang))
            throw new TimeoutException("The hub hung.");
        if (failure is not null)
            throw new InvalidOperationException("The test body failed.", failure);
    }
}
