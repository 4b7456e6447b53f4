using System.ComponentModel;
using System.Diagnostics;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Futures;

/// <summary>
/// Waiting for many futures at once (Python's <c>concurrent.futures.wait</c> and <c>as_completed</c>). Inside a
/// <c>[Greenlet]</c> method both park the greenlet, not the hub; from ordinary code they run this thread's hub while
/// they wait when it has one (other greenlets progress), and otherwise block the thread.
/// </summary>
/// <remarks>
/// The futures may come from any executor, and finish on any thread. A future given more than once counts once, as
/// in Python, where the futures are a set.
/// </remarks>
public static class Futures
{
    /// <summary>
    /// Waits until <paramref name="returnWhen"/> says so, or <paramref name="timeout"/> passed, and returns which of
    /// <paramref name="fs"/> are done and which are not — partial sets when the timeout passed first (it does not throw).
    /// </summary>
    /// <param name="fs">The futures to wait for; duplicates count once.</param>
    /// <param name="timeout">How long to wait at most; <see langword="null"/>: for ever.</param>
    /// <param name="returnWhen">
    /// <see cref="ReturnWhen.FirstCompleted"/>: as soon as any is done; <see cref="ReturnWhen.FirstException"/>: as soon
    /// as any finished with an exception, else when all are done; <see cref="ReturnWhen.AllCompleted"/>: when all are.
    /// </param>
    /// <returns>The futures done when it returned (<see cref="FuturesWaitResult.Done"/>) and the others.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fs"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="fs"/> contains null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative, or <paramref name="returnWhen"/> is not one of its values.</exception>
    public static FuturesWaitResult Wait(IEnumerable<Future> fs, TimeSpan? timeout = null, ReturnWhen returnWhen = ReturnWhen.AllCompleted)
    {
        var futures = Distinct(fs);
        CheckReturnWhen(returnWhen);
        long deadline = Hub.DeadlineAfter(timeout);
        if (!WaitCondition.MetAlready(futures, returnWhen))
        {
            if (WaitsOnHub(futures, out var hub))
            {
                hub.EnsureCanBlock("Futures.Wait");
                hub.Block(WaitOnHub(futures, deadline, returnWhen));
            }
            else
            {
                BlockThread(futures, deadline, returnWhen);
            }
        }
        return Split(futures);
    }

    /// <summary>The resumable twin of <see cref="Wait(IEnumerable{Future}, TimeSpan?, ReturnWhen)"/>, used by generated code: parks the greenlet.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fs">The futures to wait for.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="returnWhen">When to return.</param>
    /// <returns>The done and not-done futures.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<FuturesWaitResult> Wait(GreenSuspend suspend, IEnumerable<Future> fs, TimeSpan? timeout = null, ReturnWhen returnWhen = ReturnWhen.AllCompleted)
    {
        var futures = Distinct(fs);
        CheckReturnWhen(returnWhen);
        long deadline = Hub.DeadlineAfter(timeout);
        return WaitCondition.MetAlready(futures, returnWhen)
            ? GreenTask.FromResult(Split(futures))
            : WaitAndSplit(futures, deadline, returnWhen);
    }

    private static async GreenTask<FuturesWaitResult> WaitAndSplit(Future[] futures, long deadline, ReturnWhen returnWhen)
    {
        await WaitOnHub(futures, deadline, returnWhen);
        return Split(futures);
    }

    /// <summary>
    /// Yields each of <paramref name="fs"/> once as it is done (finished or cancelled): those done already first (in the
    /// order given), then in the order they finish. When <paramref name="timeout"/> — counted from this call — passes
    /// with futures left, the enumeration throws <see cref="TimeoutException"/> saying how many. A <c>foreach</c> over it
    /// inside a <c>[Greenlet]</c> method parks the greenlet between futures; from ordinary code it runs the hub.
    /// Leaving the loop early stops watching the rest.
    /// </summary>
    /// <param name="fs">The futures; duplicates are yielded once.</param>
    /// <param name="timeout">How long after this call every future must be done; <see langword="null"/>: no limit.</param>
    /// <returns>The futures, lazily, in completion order. Each enumeration watches them anew (with the same deadline).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fs"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="fs"/> contains null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public static GreenEnumerable<Future> AsCompleted(IEnumerable<Future> fs, TimeSpan? timeout = null) =>
        new CompletionOrder(Distinct(fs), Hub.DeadlineAfter(timeout));

    private sealed class CompletionOrder(Future[] futures, long deadline) : GreenEnumerable<Future>
    {
        public override GreenEnumerator<Future> GetEnumerator() =>
            new DoneFutures(futures, DoneFutures.Remaining(deadline), throwOnTimeout: true);
    }

    /// <summary>Waits on this thread's hub (the current greenlet parks) until the condition is met or the deadline passes.</summary>
    private static async GreenTask WaitOnHub(Future[] futures, long deadline, ReturnWhen returnWhen)
    {
        var condition = new WaitCondition(returnWhen, futures.Length);
        using var done = new DoneFutures(futures, DoneFutures.Remaining(deadline), throwOnTimeout: false);
        while (await done.MoveNext(default(GreenSuspend)))
        {
            if (condition.Add(done.Current))
                return;
        }
    }

    /// <summary>Whether ordinary code's wait runs this thread's hub (see <see cref="Future.WaitsOnHub"/>).</summary>
    private static bool WaitsOnHub(Future[] futures, out Hub hub)
    {
        hub = Hub.CurrentOrNull!;
        if (hub is null)
            return false;
        if (!hub.Dispatching)
            return true;
        foreach (var future in futures)
        {
            if (ReferenceEquals(future.CompletingHub, hub))
                return true;
        }
        return false;
    }

    /// <summary>Blocks this thread (no hub of its own to run, or inside its loop) until the condition is met or the deadline passes.</summary>
    private static void BlockThread(Future[] futures, long deadline, ReturnWhen returnWhen)
    {
        var waiter = new ThreadWaiter(returnWhen, futures.Length);
        foreach (var future in futures)
            future.AddWaiter(waiter);
        try
        {
            waiter.Wait(deadline);
        }
        finally
        {
            foreach (var future in futures)
                future.RemoveWaiter(waiter);
        }
    }

    private sealed class ThreadWaiter(ReturnWhen returnWhen, int count) : IFutureWaiter
    {
        private WaitCondition _condition = new(returnWhen, count);
        private bool _met;

        public void FutureDone(Future future)
        {
            lock (this)
            {
                if (_met || !_condition.Add(future))
                    return;
                _met = true;
                Monitor.PulseAll(this);
            }
        }

        public void Wait(long deadline)
        {
            lock (this)
            {
                while (!_met)
                {
                    if (deadline == long.MaxValue)
                    {
                        Monitor.Wait(this);
                        continue;
                    }
                    long left = deadline - Stopwatch.GetTimestamp();
                    if (left <= 0)
                        return;
                    Monitor.Wait(this, (int)Math.Min(int.MaxValue, left * 1000 / Stopwatch.Frequency + 1));
                }
            }
        }
    }

    /// <summary>The futures, each once (first occurrence kept), checked.</summary>
    private static Future[] Distinct(IEnumerable<Future> fs)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var seen = new HashSet<Future>(ReferenceEqualityComparer.Instance);
        var unique = new List<Future>();
        foreach (var future in fs)
        {
            if (future is null)
                throw new ArgumentException("The futures to wait for must not contain null.", nameof(fs));
            if (seen.Add(future))
                unique.Add(future);
        }
        return [.. unique];
    }

    private static void CheckReturnWhen(ReturnWhen returnWhen)
    {
        if (returnWhen is not (ReturnWhen.FirstCompleted or ReturnWhen.FirstException or ReturnWhen.AllCompleted))
            throw new ArgumentOutOfRangeException(nameof(returnWhen), returnWhen, "returnWhen must be ReturnWhen.FirstCompleted, FirstException or AllCompleted.");
    }

    /// <summary>The done and not-done sets, as they are now (a future done meanwhile is in Done).</summary>
    private static FuturesWaitResult Split(Future[] futures)
    {
        var done = new HashSet<Future>(ReferenceEqualityComparer.Instance);
        var notDone = new HashSet<Future>(ReferenceEqualityComparer.Instance);
        foreach (var future in futures)
            (future.Done ? done : notDone).Add(future);
        return new FuturesWaitResult(done, notDone);
    }

    /// <summary>When a wait returns, told one done future at a time (each once).</summary>
    private struct WaitCondition(ReturnWhen returnWhen, int count)
    {
        private int _done;

        /// <summary>Counts <paramref name="future"/> as done; true when the wait can return.</summary>
        public bool Add(Future future)
        {
            _done++;
            return _done >= count
                || returnWhen == ReturnWhen.FirstCompleted
                || (returnWhen == ReturnWhen.FirstException && future.Failed);
        }

        /// <summary>Whether the futures that are done already satisfy <paramref name="returnWhen"/> (no wait at all).</summary>
        public static bool MetAlready(Future[] futures, ReturnWhen returnWhen)
        {
            var condition = new WaitCondition(returnWhen, futures.Length);
            if (futures.Length == 0)
                return true;
            foreach (var future in futures)
            {
                if (future.Done && condition.Add(future))
                    return true;
            }
            return false;
        }
    }
}
