namespace GreenRuntime.Offloading;

/// <summary>What the offload patches share: timeouts checked as .NET checks them, and a call cancelled by either token.</summary>
internal static class OffloadTokens
{
    /// <summary>
    /// Runs <paramref name="call"/> with a token that the user's <paramref name="user"/> and the offload's
    /// <paramref name="offload"/> (cancelled when the greenlet is killed or timed out) both cancel. A cancellation by
    /// the user's token is thrown with that token, as the call itself would throw it.
    /// </summary>
    public static T Call<TState, T>(TState state, CancellationToken user, CancellationToken offload, Func<TState, CancellationToken, T> call)
    {
        if (!user.CanBeCanceled)
            return call(state, offload);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(user, offload);
        try
        {
            return call(state, linked.Token);
        }
        catch (OperationCanceledException) when (user.IsCancellationRequested)
        {
            user.ThrowIfCancellationRequested();
            throw;
        }
    }

    /// <summary>A <see cref="TimeSpan"/> timeout as the milliseconds .NET's waits take: -1 (infinite) up to <see cref="int.MaxValue"/>.</summary>
    public static int ToMilliseconds(TimeSpan timeout, string parameterName = "timeout")
    {
        long milliseconds = (long)timeout.TotalMilliseconds;
        if (milliseconds < Timeout.Infinite || milliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(parameterName, timeout, "The timeout must be -1 millisecond (infinite) or between 0 and Int32.MaxValue milliseconds.");
        return (int)milliseconds;
    }

    /// <summary>Checks a millisecond timeout as .NET's waits do: -1 (infinite) or more.</summary>
    public static void CheckMilliseconds(int millisecondsTimeout, string parameterName = "millisecondsTimeout")
    {
        if (millisecondsTimeout < Timeout.Infinite)
            throw new ArgumentOutOfRangeException(parameterName, millisecondsTimeout, "The timeout must be -1 (infinite) or zero or positive.");
    }
}
