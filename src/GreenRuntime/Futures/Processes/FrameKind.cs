namespace GreenRuntime.Futures.Processes;

/// <summary>What a frame between a process pool and one of its workers carries.</summary>
internal enum FrameKind : byte
{
    /// <summary>Parent to worker, first: the pool's secret, then the worker's settings (its initializer).</summary>
    Hello = 1,

    /// <summary>Worker to parent: the secret matched and the initializer ran; the worker takes work.</summary>
    Ready = 2,

    /// <summary>Worker to parent, instead of <see cref="Ready"/>: the initializer threw (the error, as a work outcome's).</summary>
    InitializerFailed = 3,

    /// <summary>Parent to worker: a <see cref="WorkItem"/>.</summary>
    Work = 4,

    /// <summary>Worker to parent: a <see cref="WorkOutcome"/>.</summary>
    Outcome = 5,

    /// <summary>Parent to worker: exit now (shutdown, or the worker did its <c>maxTasksPerChild</c>).</summary>
    Exit = 6,
}
