namespace GreenRuntime;

/// <summary>
/// Thrown to ordinary code that blocks on the hub when nothing can ever wake it: no runnable greenlet,
/// no timer, no I/O and no pending cross-thread work. The message names every parked greenlet and what it
/// waits on. The hub stays usable afterwards.
/// </summary>
public sealed class LoopExitException : InvalidOperationException
{
    /// <summary>Creates the exception with a message.</summary>
    public LoopExitException(string message)
        : this(message, [])
    {
    }

    internal LoopExitException(string message, IReadOnlyList<string> parked)
        : base(message) => ParkedGreenlets = parked;

    /// <summary>One line per parked greenlet: its name and what it waits on.</summary>
    public IReadOnlyList<string> ParkedGreenlets { get; }
}
