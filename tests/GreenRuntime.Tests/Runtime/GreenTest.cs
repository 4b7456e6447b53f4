using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Shared helpers for the runtime-semantics tests.</summary>
/// <remarks>
/// A hub belongs to its thread and xunit runs test classes in parallel on pool threads, so every test body
/// runs on a fresh dedicated thread (<see cref="OnFreshThread(Action, string)"/>): it gets a fresh hub, and
/// greenlets a test leaves parked cannot leak into another test.
/// </remarks>
internal static class GreenTest
{
    /// <summary>Upper bound for a test body; only hit when the runtime hangs.</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(15);

    /// <summary>A bound for "returns promptly" assertions: generous, so machine load never trips it.</summary>
    public static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    /// <summary>Long enough that a test would visibly hang if the wait were not interrupted.</summary>
    public static readonly TimeSpan Forever = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="body"/> on a new thread (so with a fresh hub), waits, and rethrows its failure.</summary>
    public static void OnFreshThread(Action body, string name = "green-test")
    {
        var thread = StartThread(body, name, out var failure);
        JoinThread(thread, failure);
    }

    /// <summary>Starts <paramref name="body"/> on a new named background thread; use <see cref="JoinThread"/> to finish it.</summary>
    public static Thread StartThread(Action body, string name, out StrongBox<ExceptionDispatchInfo?> failure)
    {
        var box = new StrongBox<ExceptionDispatchInfo?>();
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception exception)
            {
                box.Value = ExceptionDispatchInfo.Capture(exception);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        failure = box;
        thread.Start();
        return thread;
    }

    /// <summary>Waits for a thread from <see cref="StartThread"/> and rethrows whatever it failed with.</summary>
    public static void JoinThread(Thread thread, StrongBox<ExceptionDispatchInfo?> failure)
    {
        if (!thread.Join(Hang))
            throw new TimeoutException($"Thread '{thread.Name}' did not finish within {Hang}: the hub hung.");
        failure.Value?.Throw();
    }

    /// <summary>Replaces this thread's hub error handler with one that records reports instead of writing to stderr.</summary>
    public static List<(Greenlet Greenlet, Exception Exception)> CaptureErrors()
    {
        var reports = new List<(Greenlet, Exception)>();
        Green.Hub.ErrorHandler = (greenlet, exception) => reports.Add((greenlet, exception));
        return reports;
    }

    /// <summary>Measures how long <paramref name="action"/> takes (for generous upper bounds only).</summary>
    public static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }

    /// <summary>A method whose name must show up in a rethrown exception's stack trace.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowFromOriginalThrower(string message) => throw new InvalidOperationException(message);
}
