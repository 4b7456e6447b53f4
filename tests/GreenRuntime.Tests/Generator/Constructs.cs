namespace GreenRuntime.Tests.Generator;

/// <summary>
/// Real <c>[Greenlet]</c> methods, each with a suspension point inside one language construct. Each logs around the
/// suspension so that a test can see the witness greenlet run exactly there.
/// </summary>
internal static partial class Constructs
{
    [Greenlet]
    public static void IfElse(List<string> log, bool flag)
    {
        if (flag)
        {
            log.Add("then");
            Green.Sleep(0);
        }
        else
        {
            log.Add("else");
            Thread.Sleep(1);
        }
        log.Add("end");
    }

    [Greenlet]
    public static void While(List<string> log)
    {
        int i = 0;
        while (i < 2)
        {
            log.Add("w" + i);
            Green.Sleep(0);
            i++;
        }
    }

    [Greenlet]
    public static void Do(List<string> log)
    {
        int i = 0;
        do
        {
            log.Add("d" + i);
            Thread.Sleep(1);
        }
        while (++i < 2);
    }

    [Greenlet]
    public static void For(List<string> log)
    {
        for (int i = 0; i < 2; i++)
        {
            log.Add("f" + i);
            Green.Sleep(0);
        }
    }

    [Greenlet]
    public static void ForEach(List<string> log, IEnumerable<string> items)
    {
        foreach (var item in items)
        {
            log.Add(item);
            Green.Sleep(TimeSpan.Zero);
        }
    }

    [Greenlet]
    public static void WhileCondition(List<string> log)
    {
        // The suspension point is the loop condition itself.
        int i = 0;
        while (Values.Yielded(log, i) < 2)
            i++;
    }

    [Greenlet]
    public static void SwitchStatement(List<string> log, object value)
    {
        switch (value)
        {
            case int n when n > 10:
                log.Add("big");
                Green.Sleep(0);
                break;
            case int n:
                log.Add("int" + n);
                Green.Sleep(0);
                break;
            case string s:
                log.Add("string " + s);
                Green.Sleep(0);
                goto default;
            default:
                log.Add("default");
                break;
        }
    }

    [Greenlet]
    public static string SwitchExpression(List<string> log, int k) =>
        k switch
        {
            0 => "zero",
            1 => Values.Yielded(log, "one"),
            _ => Values.Yielded(log, "many") + k,
        };

    [Greenlet]
    public static void TryCatch(List<string> log)
    {
        try
        {
            log.Add("try");
            Green.Sleep(0);
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e)
        {
            log.Add("catch " + e.Message);
            Green.Sleep(0);
            log.Add("handled");
        }
    }

    [Greenlet]
    public static void CatchWhen(List<string> log, int code)
    {
        try
        {
            throw new ArgumentException("code " + code);
        }
        catch (ArgumentException e) when (e.Message.EndsWith("1", StringComparison.Ordinal))
        {
            log.Add("filtered " + e.Message);
            Green.Sleep(0);
        }
        catch (ArgumentException)
        {
            log.Add("other");
            Green.Sleep(0);
        }
    }

    [Greenlet]
    public static void TryFinally(List<string> log)
    {
        try
        {
            log.Add("body");
        }
        finally
        {
            log.Add("finally");
            Green.Sleep(0);
            log.Add("finally-end");
        }
    }

    [Greenlet]
    public static void NestedTry(List<string> log)
    {
        try
        {
            try
            {
                log.Add("inner");
                Green.Sleep(0);
                throw new FormatException("inner failure");
            }
            finally
            {
                log.Add("inner-finally");
                Green.Sleep(0);
            }
        }
        catch (FormatException e)
        {
            log.Add("outer-catch " + e.Message);
        }
        finally
        {
            log.Add("outer-finally");
        }
    }

    [Greenlet]
    public static void UsingStatement(List<string> log)
    {
        using (new LoggingDisposable(log, "resource"))
        {
            log.Add("inside");
            Green.Sleep(0);
        }
        log.Add("after");
    }

    [Greenlet]
    public static void UsingDeclaration(List<string> log)
    {
        using var resource = new LoggingDisposable(log, "declared");
        log.Add("inside");
        Thread.Sleep(1);
        log.Add("last");
    }

    [Greenlet]
    public static bool AndAlso(List<string> log, bool left)
    {
        // The right operand suspends, and only runs when the left one is true.
        return left && Values.Yielded(log, true);
    }

    [Greenlet]
    public static int Conditional(List<string> log, bool flag) =>
        flag ? Values.Yielded(log, 1) : Values.Yielded(log, 2);

    [Greenlet]
    public static string Interpolation(List<string> log, int n) =>
        $"n={n}, yielded={Values.Yielded(log, n * 2)}, tail";

    [Greenlet]
    public static int Arguments(List<string> log) =>
        Add3(1, Values.Yielded(log, 20), 300);

    private static int Add3(int a, int b, int c) => a + b + c;

    [Greenlet]
    public static string Patterns(List<string> log, object value)
    {
        if (Values.Yielded(log, value) is int n and > 5)
            return "int>5:" + n;
        return Values.Yielded(log, value) switch
        {
            string { Length: > 2 } s => "long string " + s,
            int n2 => "int:" + n2,
            _ => "other",
        };
    }

    [Greenlet]
    public static int Recursion(List<string> log, int depth)
    {
        if (depth == 0)
        {
            log.Add("bottom");
            Green.Sleep(0);
            return 0;
        }
        return Recursion(log, depth - 1) + 1;
    }

    [Greenlet]
    public static void DelayWait(List<string> log)
    {
        log.Add("delay");
        Task.Delay(1).Wait();
        log.Add("done");
    }

    [Greenlet]
    public static void JoinChild(List<string> log)
    {
        var child = Green.Spawn(() => log.Add("child"));
        log.Add("spawned");
        child.Join();
        log.Add("joined");
    }

    [Greenlet]
    public static int SpawnGreenLambdaAndGet(List<string> log)
    {
        // A lambda passed to Green.Spawn becomes a green lambda: it may suspend too.
        var child = Green.Spawn(() =>
        {
            log.Add("child-start");
            Green.Sleep(0);
            log.Add("child-end");
            return 7;
        });
        log.Add("spawned");
        return child.Get() * 6;
    }

    [Greenlet]
    public static int SpawnMethodGroup(List<string> log)
    {
        var child = Green.Spawn(Values.Yielded, log, 5);
        return child.Get() + 1;
    }

    [Greenlet]
    public static void NonGreenLambdaLeftAlone(List<string> log)
    {
        // An ordinary lambda with no suspension point is copied as it is.
        Func<int, int> square = x => x * x;
        log.Add("square " + square(3));
        Green.Sleep(0);
        static string Local(int v) => "local " + v;
        log.Add(Local(4));
    }

    [Greenlet]
    public static void LockWithoutSuspension(List<string> log)
    {
        var gate = new object();
        lock (gate)
        {
            log.Add("locked");
        }
        Green.Sleep(0);
        log.Add("unlocked");
    }
}

/// <summary>Generic and value-producing <c>[Greenlet]</c> helpers that suspend once.</summary>
internal static partial class Values
{
    [Greenlet]
    public static T Yielded<T>(List<string> log, T value)
    {
        log.Add("yield " + value);
        Green.Sleep(0);
        return value;
    }
}

internal sealed class LoggingDisposable(List<string> log, string name) : IDisposable
{
    public void Dispose() => log.Add("dispose " + name);
}
