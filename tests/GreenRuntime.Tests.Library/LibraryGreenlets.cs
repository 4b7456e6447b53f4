namespace GreenRuntime.Tests.Library;

/// <summary>
/// <c>[Greenlet]</c> methods compiled into a separate assembly: callers in GreenRuntime.Tests reach their twins
/// through metadata, and a call must still suspend the calling greenlet.
/// </summary>
public static partial class LibraryGreenlets
{
    /// <summary>Logs, yields to the other greenlets, logs again, and returns <c>a + b</c>.</summary>
    [Greenlet]
    public static int YieldThenAdd(List<string> log, string name, int a, int b)
    {
        log.Add(name + ":before");
        Green.Sleep(0);
        log.Add(name + ":after");
        return a + b;
    }

    /// <summary>Yields <paramref name="times"/> times, logging each round; a generic method from metadata.</summary>
    [Greenlet]
    public static T Echo<T>(List<string> log, T value, int times)
    {
        for (int i = 0; i < times; i++)
        {
            log.Add($"echo{i}");
            Thread.Sleep(1);
        }
        return value;
    }
}

/// <summary>An instance <c>[Greenlet]</c> method in metadata, on a generic type.</summary>
/// <typeparam name="T">The item type.</typeparam>
public partial class LibraryBox<T>
{
    private T _value;

    /// <summary>Creates a box holding <paramref name="value"/>.</summary>
    public LibraryBox(T value) => _value = value;

    /// <summary>Swaps the value after yielding once; returns the previous one.</summary>
    [Greenlet]
    public T Swap(T value)
    {
        Green.Sleep(0);
        var previous = _value;
        _value = value;
        return previous;
    }
}
