using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Offloading;

namespace GreenRuntime;

/// <summary>
/// The gevent module: spawn greenlets, wait for them, sleep, and bound waits with timeouts.
/// </summary>
/// <remarks>
/// Blocking members (<see cref="Sleep(int)"/>, <see cref="JoinAll(Greenlet[])"/>, ...) called from ordinary
/// code run this thread's hub until they return, so other greenlets progress meanwhile. Inside a
/// <c>[Greenlet]</c> method the generator turns them into suspension points of the calling greenlet.
/// </remarks>
public static partial class Green
{
    /// <summary>The greenlet whose code is running, or <see langword="null"/> in ordinary code.</summary>
    public static Greenlet? Current
    {
        get
        {
            var hub = Hub.CurrentOrNull;
            if (hub is null)
                return null;
            var current = hub.CurrentGreenlet;
            return current.IsRoot ? null : current;
        }
    }

    /// <summary>This thread's hub, created on first use.</summary>
    public static Hub Hub => Hub.Current;

    /// <summary>Schedules a new greenlet: now (FIFO after the runnable ones), or after <paramref name="delay"/>.</summary>
    internal static TGreenlet Start<TGreenlet>(TGreenlet greenlet, TimeSpan? delay)
        where TGreenlet : Greenlet
    {
        if (delay is null)
        {
            greenlet.Hub.Schedule(greenlet);
        }
        else
        {
            greenlet.Flags |= Greenlet.FlagDelayed;
            greenlet.Hub.AddTimer(Hub.DeadlineAfter(delay), greenlet);
        }
        return greenlet;
    }

    // ---- sleeping ----------------------------------------------------------------------------

    /// <summary>
    /// Suspends the caller for <paramref name="milliseconds"/>; 0 yields: every greenlet that is runnable now
    /// runs once before the caller resumes.
    /// </summary>
    public static void Sleep(int milliseconds)
    {
        var hub = Hub.Current;
        hub.EnsureCanBlock("Green.Sleep");
        hub.Block(SleepTask(new SleepAwaitable(hub, ToDeadline(milliseconds))));
    }

    /// <summary>Suspends the caller for <paramref name="delay"/>; <see cref="TimeSpan.Zero"/> yields.</summary>
    public static void Sleep(TimeSpan delay)
    {
        var hub = Hub.Current;
        hub.EnsureCanBlock("Green.Sleep");
        hub.Block(SleepTask(new SleepAwaitable(hub, ToDeadline(delay))));
    }

    /// <summary>The resumable twin of <see cref="Sleep(int)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(HotPath.Options)]
    public static SleepAwaitable Sleep(GreenSuspend suspend, int milliseconds) => new(Hub.Current, ToDeadline(milliseconds));

    /// <summary>The resumable twin of <see cref="Sleep(TimeSpan)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static SleepAwaitable Sleep(GreenSuspend suspend, TimeSpan delay) => new(Hub.Current, ToDeadline(delay));

    private static async GreenTask SleepTask(SleepAwaitable sleep) => await sleep;

    [MethodImpl(HotPath.Options)]
    private static long ToDeadline(int milliseconds)
    {
        if (milliseconds == System.Threading.Timeout.Infinite)
            return long.MaxValue;
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        return milliseconds == 0 ? 0 : Hub.DeadlineAfter(TimeSpan.FromMilliseconds(milliseconds));
    }

    private static long ToDeadline(TimeSpan delay)
    {
        if (delay == System.Threading.Timeout.InfiniteTimeSpan)
            return long.MaxValue;
        if (delay < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay must be zero or positive.");
        return delay == TimeSpan.Zero ? 0 : Hub.DeadlineAfter(delay);
    }

    // ---- joining and killing ---------------------------------------------------------------------

    /// <summary>Waits for every greenlet to finish; returns them.</summary>
    public static IReadOnlyList<Greenlet> JoinAll(params Greenlet[] greenlets) => JoinAll((IEnumerable<Greenlet>)greenlets);

    /// <summary>
    /// Waits for the greenlets to finish, running the hub meanwhile, and returns the ones that finished.
    /// </summary>
    /// <param name="greenlets">The greenlets to wait for.</param>
    /// <param name="timeout">Stop waiting after this long and return the ones finished so far.</param>
    /// <param name="raiseError">Rethrow the exception of the first greenlet that fails, as soon as it fails.</param>
    /// <param name="count">Return as soon as this many have finished (in the order they finished).</param>
    public static IReadOnlyList<Greenlet> JoinAll(
        IEnumerable<Greenlet> greenlets, TimeSpan? timeout = null, bool raiseError = false, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(greenlets);
        var hub = Hub.Current;
        hub.EnsureCanBlock("Green.JoinAll");
        return hub.Block(JoinAll(default(GreenSuspend), greenlets, timeout, raiseError, count));
    }

    /// <summary>The resumable twin of <see cref="JoinAll(Greenlet[])"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<IReadOnlyList<Greenlet>> JoinAll(GreenSuspend suspend, params Greenlet[] greenlets) =>
        JoinAll(suspend, (IEnumerable<Greenlet>)greenlets);

    /// <summary>The resumable twin of <see cref="JoinAll(IEnumerable{Greenlet}, TimeSpan?, bool, int?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static GreenTask<IReadOnlyList<Greenlet>> JoinAll(
        GreenSuspend suspend, IEnumerable<Greenlet> greenlets, TimeSpan? timeout = null, bool raiseError = false, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(greenlets);
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be zero or positive.");
        var list = greenlets as Greenlet[] ?? greenlets.ToArray();
        return Greenlets.JoinAllWaiter.Run(list, Hub.DeadlineAfter(timeout), raiseError, count);
    }

    /// <summary>
    /// Kills every greenlet (see <see cref="Greenlet.Kill(Exception?, bool, TimeSpan?)"/>); with
    /// <paramref name="block"/>, waits up to <paramref name="timeout"/> for all of them to die.
    /// </summary>
    public static void KillAll(IEnumerable<Greenlet> greenlets, bool block = true, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(greenlets);
        var list = greenlets.ToArray();
        if (block && list.Any(g => g.Started && !g.Dead))
            Hub.Current.EnsureCanBlock("Green.KillAll");
        foreach (var greenlet in list)
            greenlet.BeginKillChecked(new GreenletExit());
        if (block)
            JoinAll(list, timeout);
    }

    /// <summary>The resumable twin of <see cref="KillAll(IEnumerable{Greenlet}, bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask KillAll(GreenSuspend suspend, IEnumerable<Greenlet> greenlets, bool block = true, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(greenlets);
        var list = greenlets.ToArray();
        foreach (var greenlet in list)
            greenlet.BeginKillChecked(new GreenletExit());
        if (block)
            await JoinAll(suspend, list, timeout);
    }

    // ---- timeouts ----------------------------------------------------------------------------

    /// <summary>
    /// Starts a timeout for the current greenlet (or ordinary code): if the scope is still open after
    /// <paramref name="after"/>, the next or current suspension point throws <see cref="GreenTimeoutException"/>.
    /// </summary>
    /// <example><code>using (Green.Timeout(TimeSpan.FromSeconds(1))) { conn.Receive(buf); }</code></example>
    public static TimeoutScope Timeout(TimeSpan after)
    {
        var hub = Hub.Current;
        return new TimeoutScope(hub, hub.CurrentGreenlet, after);
    }

    /// <summary>Runs <paramref name="fn"/>; returns <paramref name="timeoutValue"/> if it does not finish within <paramref name="after"/>.</summary>
    public static T WithTimeout<T>(TimeSpan after, Func<T> fn, T timeoutValue)
    {
        ArgumentNullException.ThrowIfNull(fn);
        using var scope = Timeout(after);
        try
        {
            return fn();
        }
        catch (GreenTimeoutException timedOut) when (timedOut.Scope == scope)
        {
            return timeoutValue;
        }
    }

    /// <summary>The resumable twin of <see cref="WithTimeout{T}(TimeSpan, Func{T}, T)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask<T> WithTimeout<T>(GreenSuspend suspend, TimeSpan after, Func<GreenTask<T>> fn, T timeoutValue)
    {
        ArgumentNullException.ThrowIfNull(fn);
        using var scope = Timeout(after);
        try
        {
            return await fn();
        }
        catch (GreenTimeoutException timedOut) when (timedOut.Scope == scope)
        {
            return timeoutValue;
        }
    }

    // ---- offloading blocking work ------------------------------------------------------------------

    /// <summary>
    /// Runs <paramref name="fn"/> on GreenRuntime's offload thread pool while the caller parks (gevent's threadpool), and
    /// returns its result or rethrows its exception.
    /// </summary>
    /// <remarks>
    /// The pool's threads are its own, not .NET's <see cref="ThreadPool"/>, so blocking there starves nothing; they start
    /// on demand and exit when idle. A kill or timeout of the caller returns at once; <paramref name="fn"/> keeps its
    /// thread until it returns (it cannot be stopped), and its result is dropped.
    /// </remarks>
    public static T Offload<T>(Func<T> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        var hub = Hub.Current;
        hub.EnsureCanBlock("Green.Offload");
        return hub.Block(Offload(default(GreenSuspend), fn));
    }

    /// <summary>Runs <paramref name="fn"/> on GreenRuntime's offload thread pool while the caller parks.</summary>
    /// <remarks>See <see cref="Offload{T}(Func{T})"/>.</remarks>
    public static void Offload(Action fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        var hub = Hub.Current;
        hub.EnsureCanBlock("Green.Offload");
        hub.Block(Offload(default(GreenSuspend), fn));
    }

    /// <summary>The resumable twin of <see cref="Offload{T}(Func{T})"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask<T> Offload<T>(GreenSuspend suspend, Func<T> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return await OffloadCall.Start(fn, static (fn, _) => fn(), "Green.Offload work");
    }

    /// <summary>The resumable twin of <see cref="Offload(Action)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static async GreenTask Offload(GreenSuspend suspend, Action fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        await OffloadCall.Start(fn, static (fn, _) =>
        {
            fn();
            return true;
        }, "Green.Offload work");
    }
}
