using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace GreenRuntime.Hubs;

/// <summary>
/// Runs the hub for <c>await greenlet</c> in async code on the hub's own thread, outside any greenlet — in
/// <c>async Task Main</c>, say, where the thread goes on to block on the awaiting task and nothing else would run the
/// hub, so the greenlet would never even start.
/// </summary>
/// <remarks>
/// The first such await does what <see cref="Greenlet.Join(TimeSpan?)"/> does — runs the hub until the greenlet
/// finishes, serving other threads' posts and awaits meanwhile — and then runs the continuation itself, on the hub's
/// thread, as ordinary code (so the rest of the async method can go on using its greenlets and blocking calls). An
/// await of another greenlet made by that continuation is queued here and driven in turn by the same loop, so
/// awaiting greenlets one after another never nests deeper on the stack. When the hub can never finish the greenlet
/// (<see cref="LoopExitException"/>) or ordinary code's timeout fires, the continuation still runs and the await
/// throws that exception, instead of hanging. It waits for nothing but the greenlets awaited, exactly as a blocking
/// Join there would, so it deadlocks only where that Join would (the greenlet waits for what the caller does next).
/// </remarks>
internal sealed class AwaitDriver
{
    private readonly Queue<(Greenlet Greenlet, Action Continuation)> _awaits = new();
    private Greenlet? _failed;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Whether an await of <paramref name="greenlet"/> from here must be driven by this thread itself.</summary>
    public static bool MustDrive(Greenlet greenlet)
    {
        var hub = greenlet.Hub;
        // Inside the hub loop (a greenlet, a link, a posted action) the hub is running already; with a
        // SynchronizationContext the continuation belongs to that context, which keeps the thread.
        return hub.IsOwnerThread && !hub.Dispatching && SynchronizationContext.Current is null;
    }

    /// <summary>Awaits <paramref name="greenlet"/> on its hub's thread: returns once the continuation has run (or was queued behind a running driver).</summary>
    [StackTraceHidden]
    public static void Await(Greenlet greenlet, Action continuation)
    {
        var hub = greenlet.Hub;
        if (hub.AwaitDriver is { } running)
        {
            running._awaits.Enqueue((greenlet, continuation));
            return;
        }
        var driver = new AwaitDriver();
        driver._awaits.Enqueue((greenlet, continuation));
        hub.AwaitDriver = driver;
        try
        {
            driver.Drive();
        }
        finally
        {
            hub.AwaitDriver = null;
        }
    }

    [StackTraceHidden]
    private void Drive()
    {
        while (_awaits.TryDequeue(out var next))
        {
            var (greenlet, continuation) = next;
            try
            {
                greenlet.Join();
            }
            catch (Exception exception)
            {
                // LoopExitException, or a timeout or kill of ordinary code: the await throws it.
                _failed = greenlet;
                _failure = ExceptionDispatchInfo.Capture(exception);
            }
            continuation();
            _failed = null;
            _failure = null;
        }
    }

    /// <summary>The awaiter's result was asked for before the greenlet finished: throws why.</summary>
    public static void ThrowNotFinished(Greenlet greenlet)
    {
        var hub = greenlet.Hub;
        if (hub.IsOwnerThread && hub.AwaitDriver is { _failed: { } failed } driver && failed == greenlet)
        {
            var failure = driver._failure!;
            driver._failed = null;
            driver._failure = null;
            failure.Throw();
        }
        throw new InvalidOperationException($"Greenlet '{greenlet.Name}' has not finished; await it before asking for its result.");
    }
}
