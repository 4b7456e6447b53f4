namespace GreenRuntime.Tests.Generator;

/// <summary>[Greenlet] methods that ordinary tooling looks at by name (reflection, crefs).</summary>
public partial class Reflected
{
    /// <summary>Yields once and doubles <paramref name="x"/>.</summary>
    [Greenlet]
    public static int Twice(int x)
    {
        Green.Sleep(0);
        return x * 2;
    }

    /// <summary>Yields once and adds one to <paramref name="x"/>.</summary>
    [Greenlet]
    public int Next(int x)
    {
        Green.Sleep(0);
        return x + 1;
    }
}

/// <summary>[Greenlet] methods with nothing to suspend: their twins call them.</summary>
public static partial class Unsuspending
{
    /// <summary>Sums <paramref name="data"/> through a span: no suspension point, so no async twin.</summary>
    [Greenlet]
    public static int Sum(byte[] data)
    {
        ReadOnlySpan<byte> span = data;
        int sum = 0;
        foreach (var b in span)
            sum += b;
        return sum;
    }

    /// <summary>Throws at once.</summary>
    [Greenlet]
    public static void Fail(string message) => throw new InvalidOperationException(message);

    /// <summary>Logs around a yield, then calls <see cref="Sum"/> from a twin.</summary>
    [Greenlet]
    public static int SumAfterYield(List<string> log, byte[] data)
    {
        log.Add("before");
        Green.Sleep(0);
        log.Add("after");
        return Sum(data) + Sum(data);
    }
}

/// <summary>Suspension points called with <c>?.</c>: the twin tests for null and awaits only when there is a receiver.</summary>
public sealed partial class NullConditional
{
    private readonly List<string> _log;

    /// <summary>A receiver that logs to <paramref name="log"/>.</summary>
    public NullConditional(List<string> log) => _log = log;

    /// <summary>Logs, yields, logs and returns <paramref name="n"/> doubled.</summary>
    [Greenlet]
    public int Twice(int n)
    {
        _log.Add("twice " + n);
        Green.Sleep(0);
        _log.Add("twice done");
        return n * 2;
    }

    /// <summary>Logs that the receiver is evaluated, and returns it (or null).</summary>
    private static NullConditional? Receiver(List<string> log, bool present)
    {
        log.Add("receiver");
        return present ? new NullConditional(log) : null;
    }

    /// <summary>An argument that logs when it is evaluated.</summary>
    private static int Argument(List<string> log, int n)
    {
        log.Add("argument");
        return n;
    }

    /// <summary>Calls <see cref="Twice"/> with <c>?.</c> as a statement and as a value.</summary>
    [Greenlet]
    public static int? Run(List<string> log, bool present)
    {
        Receiver(log, present)?.Twice(Argument(log, 1));
        int? value = Receiver(log, present)?.Twice(Argument(log, 2));
        log.Add("value " + (value?.ToString() ?? "null"));
        return value;
    }
}

/// <summary>A mutable struct whose [Greenlet] method only reads it: it gets a twin (was GRN0022).</summary>
public partial struct Reading
{
    /// <summary>A field the method reads.</summary>
    public int Value;

    /// <summary>Logs, yields, and returns <see cref="Value"/> plus <paramref name="more"/>.</summary>
    [Greenlet]
    public int AddAfterYield(List<string> log, int more)
    {
        log.Add("read " + Value);
        Green.Sleep(0);
        log.Add("done");
        return Value + more;
    }

    /// <summary>Calls <see cref="AddAfterYield"/> on a struct from a twin.</summary>
    [Greenlet]
    public static int Call(List<string> log)
    {
        var reading = new Reading { Value = 40 };
        return reading.AddAfterYield(log, 2);
    }
}
