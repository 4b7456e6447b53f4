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
