namespace GreenRuntime.Tests.Enumeration;

/// <summary>
/// Real <c>[Greenlet]</c> methods whose <c>foreach</c> loops enumerate a green sequence: the generator rewrites each loop
/// to await the next item, so the greenlet parks between items. Each logs what it sees.
/// </summary>
internal static partial class GreenForEachLoops
{
    // Only the loop suspends here: without the rewrite the twin would call this method, and its plain MoveNext would be
    // refused inside the greenlet.
    [Greenlet]
    public static void LogEach(List<string> log, FedSequence<int> items)
    {
        foreach (var item in items)
            log.Add($"got {item}");
        log.Add("done");
    }

    [Greenlet]
    public static int SumUntilNegative(List<string> log, FedSequence<int> items)
    {
        int sum = 0;
        foreach (var item in items)
        {
            if (item < 0)
                break;
            if (item == 0)
                continue;
            sum += item;
            log.Add($"sum {sum}");
        }
        return sum;
    }

    [Greenlet]
    public static string FirstLongWord(FedSequence<string> words)
    {
        foreach (var word in words)
        {
            if (word.Length > 3)
                return word;
        }
        return "none";
    }

    [Greenlet]
    public static void ThrowOn(List<string> log, FedSequence<int> items, int bad)
    {
        foreach (var item in items)
        {
            if (item == bad)
                throw new FormatException($"bad item {item}");
            log.Add($"got {item}");
        }
    }

    [Greenlet]
    public static void LogUntilKilled(List<string> log, FedSequence<int> items)
    {
        try
        {
            foreach (var item in items)
                log.Add($"got {item}");
            log.Add("loop ended");
        }
        finally
        {
            log.Add("finally");
        }
    }

    [Greenlet]
    public static List<Func<int>> CaptureEach(FedSequence<int> items)
    {
        var captured = new List<Func<int>>();
        foreach (var item in items)
            captured.Add(() => item);
        return captured;
    }

    [Greenlet]
    public static long SumAsLong(FedSequence<int> items)
    {
        long sum = 0;
        foreach (long item in items)
            sum += item << 32;
        return sum;
    }

    [Greenlet]
    public static string Pairs(FedSequence<(string Name, int Count)> pairs)
    {
        var text = new List<string>();
        foreach (var (name, count) in pairs)
            text.Add($"{name}={count}");
        return string.Join(",", text);
    }

    [Greenlet]
    public static void Nested(List<string> log, FedSequence<string> outer, FedSequence<int> inner)
    {
        foreach (var name in outer)
        {
            foreach (var n in inner)
            {
                if (n == 0)
                    break;
                log.Add($"{name}{n}");
            }
        }
        log.Add("done");
    }
}
