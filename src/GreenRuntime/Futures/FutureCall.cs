namespace GreenRuntime.Futures;

/// <summary>
/// One submitted piece of work as an executor sees it: the future it completes, the user's function and its
/// arguments, and how to run it where it is. Thread and greenlet executors call <see cref="Run"/>; a process
/// executor ships <see cref="Function"/>'s method and <see cref="Arguments"/> to a worker instead.
/// </summary>
internal abstract class FutureCall
{
    /// <summary>The future this call completes.</summary>
    public abstract Future Future { get; }

    /// <summary>The function as the user passed it to <c>Submit</c>.</summary>
    public abstract Delegate Function { get; }

    /// <summary>The arguments passed with it, in order (boxed on demand: only an executor that serializes them asks).</summary>
    public abstract object?[] Arguments { get; }

    /// <summary>What the function returns: <c>typeof(void)</c> for an <see cref="Action"/>.</summary>
    public abstract Type ResultType { get; }

    /// <summary>
    /// Runs the function here and completes <see cref="Future"/> with what it returns or throws — unless the future was
    /// cancelled first (<see cref="Future.SetRunningOrNotifyCancel"/>), in which case the function does not run.
    /// </summary>
    public abstract void Run();
}
