using System.Globalization;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// What a worker process finds in its environment (<see cref="Variable"/>): the descriptors of the two pipes it
/// inherited, its parent's process id, and the SHA-256 of the pool's secret. The secret itself only travels over the
/// pipe, so a copy of this environment is no key: a process started by hand with it does not become a worker.
/// </summary>
internal sealed record WorkerEnvironment(int RequestFd, int ReplyFd, int ParentProcessId, byte[] SecretHash)
{
    public const string Variable = "GREENRUNTIME_PROCESS_WORKER";

    /// <summary>The environment variable .NET reads its startup hooks from; the worker's is GreenRuntime.dll itself.</summary>
    public const string StartupHooksVariable = "DOTNET_STARTUP_HOOKS";

    private const string Version = "1";

    public string Format() =>
        string.Join(';', Version, RequestFd.ToString(CultureInfo.InvariantCulture), ReplyFd.ToString(CultureInfo.InvariantCulture),
            ParentProcessId.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(SecretHash));

    // A non-negative decimal number, read by hand: int.Parse wants a NumberFormatInfo, and any of them (the invariant
    // one too) loads ICU, milliseconds of a worker's start-up that nothing in its handshake needs.
    private static int? Digits(string text)
    {
        if (text.Length is 0 or > 10)
            return null;
        long value = 0;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
                return null;
            value = value * 10 + (c - '0');
        }
        return value <= int.MaxValue ? (int)value : null;
    }

    /// <summary>Parses <paramref name="value"/>; null if it is not one this runtime wrote.</summary>
    public static WorkerEnvironment? Parse(string value)
    {
        var parts = value.Split(';');
        if (parts is not [Version, var request, var reply, var parent, var hash])
            return null;
        if (Digits(request) is not { } requestFd || Digits(reply) is not { } replyFd || Digits(parent) is not { } parentId)
            return null;
        try
        {
            return new WorkerEnvironment(requestFd, replyFd, parentId, Convert.FromBase64String(hash));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
