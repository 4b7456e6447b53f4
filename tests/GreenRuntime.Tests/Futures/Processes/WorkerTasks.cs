using System.Diagnostics;
using GreenRuntime.Futures.Processes;

namespace GreenRuntime.Tests.Futures.Processes;

/// <summary>The static methods the process pool tests run in worker processes (the test host started again).</summary>
internal static class WorkerTasks
{
    private static int s_initializations;

    public static int ProcessId() => Environment.ProcessId;

    public static long Square(int x) => (long)x * x;

    public static string Join(string a, int b, double c, bool d) => $"{a}|{b}|{c.ToString(System.Globalization.CultureInfo.InvariantCulture)}|{d}";

    public static Point Move(Point p, int dx) => p with { X = p.X + dx };

    public static (int Sum, string[] Words) Split(string text) => (text.Length, text.Split(' '));

    public static int Throw(string message) => throw new InvalidOperationException(message);

    public static int ThrowWithoutMessageConstructor() => throw new NoMessageConstructorException();

    /// <summary>Runs until the test kills the worker.</summary>
    public static int SleepLong()
    {
        Thread.Sleep(TimeSpan.FromSeconds(60));
        return 0;
    }

    public static int Sleep(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return milliseconds;
    }

    public static int ProcessIdAfter(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return Environment.ProcessId;
    }

    public static int FailFast()
    {
        Environment.FailFast("a process pool test fails fast on purpose");
        return 0;
    }

    public static int Overflow(int depth) => depth == int.MinValue ? 0 : Overflow(depth + 1) + 1;

    /// <summary>Writes bytes that are no frame straight into the worker's reply pipe, then answers normally.</summary>
    public static int WriteGarbage()
    {
        var garbage = "this is not a frame\n"u8.ToArray();
        WorkerMode.ReplyStream!.Write(garbage);
        WorkerMode.ReplyStream.Flush();
        return 1;
    }

    public static void Initialize()
    {
        if (!WorkerMode.IsWorker)
            throw new InvalidOperationException("The initializer ran outside a worker process.");
        Interlocked.Increment(ref s_initializations);
    }

    public static void FailingInitialize() => throw new InvalidOperationException("the initializer fails on purpose");

    public static int Initializations() => Volatile.Read(ref s_initializations);

    public static int InitializationsHere => Volatile.Read(ref s_initializations);

    public static int TakesStream(Stream stream) => (int)stream.Length;

    public static int TakesObject(object value) => value.GetHashCode();

    public static int Double(int x) => x * 2;

    public static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

public sealed record Point(int X, int Y);

public sealed class NoMessageConstructorException : Exception
{
    public NoMessageConstructorException()
        : base("no (string) constructor here")
    {
    }
}
