namespace GreenRuntime;

public static partial class Green
{
    /// <summary>
    /// Runs <paramref name="call"/> as written, on this thread, and returns its result: inside a <c>[Greenlet]</c> method
    /// nothing in it is made green and the analyzers report nothing in it — the per-call opt-out from the patches, for a
    /// call that should block the hub deliberately (it is short, or must run on the hub's thread).
    /// </summary>
    /// <example><code>int n = Green.Blocking(() => socket.Receive(buffer));</code></example>
    public static T Blocking<T>(Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call();
    }

    /// <summary>
    /// Runs <paramref name="call"/> as written, on this thread: inside a <c>[Greenlet]</c> method nothing in it is made
    /// green and the analyzers report nothing in it (see <see cref="Blocking{T}(Func{T})"/>).
    /// </summary>
    /// <example><code>Green.Blocking(() => Thread.Sleep(1));</code></example>
    public static void Blocking(Action call)
    {
        ArgumentNullException.ThrowIfNull(call);
        call();
    }
}
