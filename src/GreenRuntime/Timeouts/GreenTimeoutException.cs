namespace GreenRuntime;

/// <summary>
/// Thrown when a <see cref="TimeoutScope"/> runs out (and by <see cref="Greenlet.Get(bool, TimeSpan?)"/> on timeout).
/// <see cref="Scope"/> tells which scope fired, so nested timeouts can be told apart.
/// </summary>
public sealed class GreenTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for a scope that ran out.</summary>
    public GreenTimeoutException(TimeoutScope scope)
        : base($"The operation timed out after {scope.After.TotalMilliseconds:0.###} ms ({scope}).")
    {
        Scope = scope;
    }

    /// <summary>Creates the exception with a message and no scope.</summary>
    public GreenTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>The scope that ran out, or <see langword="null"/> for a timeout given as an argument.</summary>
    public TimeoutScope? Scope { get; }
}
