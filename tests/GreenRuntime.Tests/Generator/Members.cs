using GreenRuntime.Tests.Library;

namespace GreenRuntime.Tests.Generator;

/// <summary>Instance state touched between suspension points, generic members, expression bodies.</summary>
internal sealed partial class Counter
{
    private int _count;
    private readonly List<string> _log;

    public Counter(List<string> log) => _log = log;

    public int Count => _count;

    [Greenlet]
    public void Increment()
    {
        // Read, suspend, write: the greenlets interleave between read and write.
        var seen = _count;
        _log.Add("read " + seen);
        Green.Sleep(0);
        _count = seen + 1;
    }

    [Greenlet]
    public int IncrementTwice() => Step() + Step();

    [Greenlet]
    private int Step()
    {
        Increment();
        return _count;
    }

    [Greenlet]
    public TResult Map<TResult>(Func<int, TResult> selector) where TResult : notnull
    {
        Increment();
        return selector(_count);
    }
}

/// <summary>Nested partial types, generic at each level, with static and instance twins.</summary>
internal static partial class Outer
{
    internal partial class Middle<TKey>
        where TKey : notnull
    {
        private readonly Dictionary<TKey, int> _seen = new();

        internal partial struct Inner<TValue>
        {
            [Greenlet]
            public static KeyValuePair<TKey, TValue> Pair(List<string> log, TKey key, TValue value)
            {
                log.Add($"pair {key}");
                Thread.Sleep(1);
                return new KeyValuePair<TKey, TValue>(key, value);
            }
        }

        [Greenlet]
        public int Observe(List<string> log, TKey key)
        {
            var pair = Inner<string>.Pair(log, key, "v");
            _seen[pair.Key] = _seen.TryGetValue(pair.Key, out var n) ? n + 1 : 1;
            return _seen[key];
        }
    }
}

/// <summary><c>[Greenlet]</c> methods that call <c>[Greenlet]</c> methods of another assembly.</summary>
internal static partial class LibraryCallers
{
    [Greenlet]
    public static int CallYieldThenAdd(List<string> log) => LibraryGreenlets.YieldThenAdd(log, "lib", 1, 2) * 10;

    [Greenlet]
    public static string CallGenericEcho(List<string> log) => LibraryGreenlets.Echo(log, "hello", 2);

    [Greenlet]
    public static int CallInstance(List<string> log, LibraryBox<int> box)
    {
        log.Add("swap");
        return box.Swap(2);
    }
}

/// <summary>A twin whose body throws after a suspension point, for the stack-trace test.</summary>
internal static partial class Throwers
{
    [Greenlet]
    public static void ThrowAfterSuspending()
    {
        Green.Sleep(0);
        throw new InvalidOperationException("thrown from a twin"); // THROW-SITE
    }
}
