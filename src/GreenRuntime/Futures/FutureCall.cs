using GreenRuntime.CompilerServices;
using GreenRuntime.Offloading;

namespace GreenRuntime.Futures;

/// <summary>
/// One submitted piece of work as an executor sees it: the future it completes, the user's function and its
/// arguments, and how to run it where it is. Thread and greenlet executors call <see cref="Run"/>; a process
/// executor ships <see cref="Function"/>'s method and <see cref="Arguments"/> to a worker instead.
/// </summary>
/// <remarks>
/// A call is also an <see cref="OffloadWork"/>: <c>ThreadPoolExecutor</c>'s pool queues the calls themselves, so a
/// submit allocates no wrapper.
/// </remarks>
internal abstract class FutureCall : OffloadWork
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

    /// <summary>On an offload pool's thread: <see cref="Run"/>.</summary>
    protected sealed override void Perform() => Run();

    /// <summary>The call cannot run (its pool is broken): its future fails with <paramref name="failure"/>.</summary>
    internal sealed override void Fail(Exception failure) => Future.TrySetException(failure);

    /// <summary>
    /// When <see cref="Function"/> is a <c>[Greenlet]</c> method group, the call of its resumable twin with the same
    /// arguments, completing the same <see cref="Future"/> (found with <c>TwinDelegates</c>); otherwise null. A greenlet
    /// executor runs that instead, so the function's blocking calls park its worker greenlet, not the hub.
    /// </summary>
    public virtual GreenFutureCall? FindTwin() => null;
}

/// <summary>
/// A call of a <c>[Greenlet]</c> method's twin or of a green lambda (<c>GreenletExecutor</c>'s twin <c>Submit</c>
/// overloads, <see cref="FutureCall.FindTwin"/>): a worker greenlet awaits <see cref="RunGreen"/>.
/// </summary>
internal abstract class GreenFutureCall : FutureCall
{
    /// <summary>Runs the twin (unless the future was cancelled first) and completes <see cref="FutureCall.Future"/> with its outcome.</summary>
    public abstract GreenTask RunGreen();

    /// <summary>Runs the twin to its end from ordinary code: this thread's hub runs meanwhile, as for a direct call of a [Greenlet] method.</summary>
    public sealed override void Run() => Hub.Current.Block(RunGreen());

    /// <inheritdoc />
    public sealed override GreenFutureCall? FindTwin() => this;
}
