namespace GreenRuntime.Futures;

/// <summary>
/// Something waiting for futures to be done (<c>Futures.Wait</c>, <c>Futures.AsCompleted</c>, a parked
/// greenlet): registered with <see cref="Future.AddWaiter"/>, told once per future.
/// </summary>
internal interface IFutureWaiter
{
    /// <summary>
    /// <paramref name="future"/> is finished or cancelled. Called on the thread that completed it (any thread), outside
    /// the future's lock, before its done callbacks run: it must be quick and must not block.
    /// </summary>
    void FutureDone(Future future);
}
