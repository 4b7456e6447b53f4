namespace GreenRuntime.Tests.Library;

/// <summary>
/// Plain methods of a referenced library: not <c>[Greenlet]</c>, so a caller's generator sees only the call, never the
/// blocking inside — what the blocking monitor is for.
/// </summary>
public static class LibraryBlocking
{
    /// <summary>Blocks the calling thread for <paramref name="milliseconds"/> with an unpatched <see cref="Thread.Sleep(int)"/>.</summary>
    public static void SleepUnpatched(int milliseconds) => Thread.Sleep(milliseconds);
}
