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
