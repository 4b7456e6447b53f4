namespace GreenRuntime.Futures;

/// <summary>
/// An exception thrown in a <see cref="ProcessPoolExecutor"/> worker process whose type cannot be re-created here
/// (not loaded in this process, or without a public <c>(string)</c> or <c>(string, Exception)</c> constructor); also
/// the <see cref="Exception.InnerException"/> of a re-created one, carrying the worker's stack trace.
/// </summary>
/// <remarks>
/// A worker's exception reaches <see cref="Future{T}.Result(TimeSpan?)"/> as its own type when that type is loaded in this process
/// and derives from <see cref="Exception"/> with such a constructor (with the worker's message, and the worker's stack
/// trace in <c>Data["RemoteStackTrace"]</c>); otherwise as this exception, which names the type.
/// </remarks>
public sealed class RemoteWorkerException : Exception
{
    /// <summary>Creates the exception for a worker's exception of type <paramref name="remoteType"/>.</summary>
    public RemoteWorkerException(string remoteType, string message, string? remoteStackTrace)
        : base($"{remoteType}: {message}")
    {
        RemoteType = remoteType;
        RemoteMessage = message;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The full name of the exception's type in the worker.</summary>
    public string RemoteType { get; }

    /// <summary>The exception's message in the worker.</summary>
    public string RemoteMessage { get; }

    /// <summary>The exception's stack trace in the worker, as text; null if it had none.</summary>
    public string? RemoteStackTrace { get; }

    /// <summary>The type and message, then the worker's stack trace, then this exception's own.</summary>
    public override string ToString() =>
        RemoteStackTrace is null
            ? base.ToString()
            : $"{GetType().FullName}: {Message}{Environment.NewLine}--- in the worker process ---{Environment.NewLine}{RemoteStackTrace}{Environment.NewLine}--- in this process ---{Environment.NewLine}{StackTrace}";
}
