namespace GreenRuntime.Tests.Generator;

/// <summary><c>[Greenlet]</c> methods that are interrupted by a timeout or a kill at a rewritten suspension point.</summary>
internal static partial class Interruptions
{
    [Greenlet]
    public static string SleepUnderTimeout(List<string> log)
    {
        try
        {
            using (Green.Timeout(TimeSpan.FromMilliseconds(1)))
            {
                log.Add("sleeping");
                Thread.Sleep(Timeout.Infinite);
            }
            return "woke";
        }
        catch (GreenTimeoutException)
        {
            return "timed out";
        }
    }

    [Greenlet]
    public static int WithTimeoutLambda(List<string> log) =>
        Green.WithTimeout(TimeSpan.FromMinutes(1), () => Values.Yielded(log, 3), -1)
        + Green.WithTimeout(TimeSpan.FromMilliseconds(1), () =>
        {
            Thread.Sleep(Timeout.Infinite);
            return 0;
        }, 40);

    [Greenlet]
    public static void ParkForever(List<string> log)
    {
        try
        {
            log.Add("parked");
            Green.Sleep(Timeout.Infinite);
            log.Add("unreachable");
        }
        finally
        {
            log.Add("finally");
        }
    }

    /// <summary>A retry loop whose catch-all lets GreenletExit through (the fix GRN0027 asks for), so Kill() ends it.</summary>
    [Greenlet]
    public static void RetryUntilKilled(List<string> log)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                log.Add($"attempt {attempt}");
                Green.Sleep(attempt == 1 ? 0 : Timeout.Infinite);
                throw new InvalidOperationException("flaky");
            }
            catch (Exception e) when (e is not GreenletExit)
            {
                log.Add($"caught {e.GetType().Name}");
            }
        }
    }
}
