namespace GreenRuntime;

/// <summary>
/// Thrown into a greenlet by <see cref="Greenlet.Kill(Exception?, bool, TimeSpan?)"/>. A greenlet that dies
/// with it counts as successful, and it is not reported to the hub's error handler.
/// </summary>
public class GreenletExit : Exception
{
    /// <summary>Creates the exception.</summary>
    public GreenletExit()
        : base("The greenlet was killed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GreenletExit(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public GreenletExit(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
