namespace GreenRuntime.Futures;

/// <summary>Where a <see cref="Future"/> is in its life; it only moves forward.</summary>
internal enum FutureState
{
    /// <summary>Submitted, not started: <see cref="Future.Cancel"/> still succeeds.</summary>
    Pending,

    /// <summary>The work is running: it can no longer be cancelled.</summary>
    Running,

    /// <summary>Cancelled before it ran; done.</summary>
    Cancelled,

    /// <summary>Finished with a result or an exception; done.</summary>
    Finished,
}
