namespace GreenRuntime.Futures;

/// <summary>
/// What <c>Futures.Wait</c> returns: the futures that were done when it returned and those that were not
/// (Python's <c>(done, not_done)</c> pair; <c>var (done, notDone) = Futures.Wait(fs);</c> deconstructs it).
/// </summary>
public sealed class FuturesWaitResult
{
    internal FuturesWaitResult(IReadOnlySet<Future> done, IReadOnlySet<Future> notDone)
    {
        Done = done;
        NotDone = notDone;
    }

    /// <summary>The futures that were finished or cancelled.</summary>
    public IReadOnlySet<Future> Done { get; }

    /// <summary>The futures that were not (still pending or running when the wait returned).</summary>
    public IReadOnlySet<Future> NotDone { get; }

    /// <summary>Deconstructs into <see cref="Done"/> and <see cref="NotDone"/>.</summary>
    public void Deconstruct(out IReadOnlySet<Future> done, out IReadOnlySet<Future> notDone)
    {
        done = Done;
        notDone = NotDone;
    }
}
