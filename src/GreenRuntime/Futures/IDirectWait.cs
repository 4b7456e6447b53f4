namespace GreenRuntime.Futures;

/// <summary>
/// What a future's executor offers a thread that blocks on the future (ordinary code's <c>Result</c> or
/// <c>Exception</c>, no hub): fetching the outcome on that thread instead of sleeping until another thread delivers it
/// (a process pool's call reads its worker's reply pipe), which saves a thread hand-off per wait.
/// </summary>
internal interface IDirectWait
{
    /// <summary>
    /// Tries to finish the future on this thread before <paramref name="deadline"/> (<see cref="Environment.TickCount64"/>;
    /// <see cref="long.MaxValue"/>: none). Returns when the future is done, the deadline passed, or it cannot help; the
    /// caller then waits as it would have.
    /// </summary>
    void WaitHere(long deadline);
}
