using System.Collections.Concurrent;
using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Offloading;
using static GreenRuntime.Offloading.OffloadTokens;

namespace GreenRuntime.Monkey;

/// <summary>
/// The blocking waits of <see cref="System.Threading"/> and <see cref="BlockingCollection{T}"/>, offloaded (tier 3):
/// inside a <c>[Greenlet]</c> body <c>ev.Wait()</c> becomes <c>await SynchronizationOffloadPatches.Wait(ev, default(GreenSuspend))</c>,
/// which waits on GreenRuntime's offload pool while the greenlet parks and the hub runs the others.
/// </summary>
/// <remarks>
/// <para>
/// Each patch first asks without waiting (<c>Wait(0)</c>, <c>TryTake(out item, 0)</c>, ...) on the greenlet's own
/// thread, so a wait that is already satisfied costs no thread hop, and arguments are checked there, as the call
/// checks them.
/// </para>
/// <para>
/// A kill or timeout of the greenlet returns at once. The offloaded wait then stops too: through the call's
/// <see cref="CancellationToken"/> overload where it has one (<see cref="ManualResetEventSlim"/>,
/// <see cref="CountdownEvent"/>, <see cref="Barrier"/>, <see cref="BlockingCollection{T}"/>: a cancelled <c>Take</c>
/// consumes no item, a cancelled <c>SignalAndWait</c> withdraws its signal); by waiting on the token's handle beside
/// the handle (<c>WaitHandle.WaitOne</c>/<c>WaitAny</c>: the handle is not acquired); or by waiting in slices of
/// 50 ms and checking between them (<c>Thread.Join</c>, <c>WaitHandle.WaitAll</c>).
/// </para>
/// <para>
/// A <see cref="Mutex"/> belongs to the thread that acquires it, so a <c>WaitOne</c>/<c>WaitAll</c>/<c>WaitAny</c>
/// involving one is not offloaded: it waits on the greenlet's thread, blocking the hub, as written. <c>Monitor.Wait</c>
/// (which needs the lock's thread) is not patched. A <see cref="Barrier"/>'s post-phase action may run on the pool
/// thread of the last participant.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Offload | GreenPatch.Synchronization)]
public static class SynchronizationOffloadPatches
{
    private const int Infinite = System.Threading.Timeout.Infinite;

    /// <summary>How long an offloaded wait that has no cancellable overload waits between looks at its cancellation.</summary>
    private const int PollSliceMilliseconds = 50;

    // ---- ManualResetEventSlim --------------------------------------------------------------------

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait()"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait))]
    public static GreenTask Wait(ManualResetEventSlim manualResetEvent, GreenSuspend suspend) => WaitEvent(manualResetEvent, Infinite, default);

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait(int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait))]
    public static GreenTask<bool> Wait(ManualResetEventSlim manualResetEvent, GreenSuspend suspend, int millisecondsTimeout) =>
        WaitEvent(manualResetEvent, millisecondsTimeout, default);

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait(TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait))]
    public static GreenTask<bool> Wait(ManualResetEventSlim manualResetEvent, GreenSuspend suspend, TimeSpan timeout) =>
        WaitEvent(manualResetEvent, ToMilliseconds(timeout), default);

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait(CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait))]
    public static GreenTask Wait(ManualResetEventSlim manualResetEvent, GreenSuspend suspend, CancellationToken cancellationToken) =>
        WaitEvent(manualResetEvent, Infinite, cancellationToken);

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait(int, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait))]
    public static GreenTask<bool> Wait(ManualResetEventSlim manualResetEvent, GreenSuspend suspend, int millisecondsTimeout, CancellationToken cancellationToken) =>
        WaitEvent(manualResetEvent, millisecondsTimeout, cancellationToken);

    /// <summary>Replaces <see cref="ManualResetEventSlim.Wait(TimeSpan, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(ManualResetEventSlim), nameof(ManualResetEventSlim.Wait))]
    public static GreenTask<bool> Wait(ManualResetEventSlim manualResetEvent, GreenSuspend suspend, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitEvent(manualResetEvent, ToMilliseconds(timeout), cancellationToken);

    private static GreenTask<bool> WaitEvent(ManualResetEventSlim manualResetEvent, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        CheckMilliseconds(millisecondsTimeout);
        bool set = manualResetEvent.Wait(0, cancellationToken);
        if (set || millisecondsTimeout == 0)
            return GreenTask.FromResult(set);
        return OffloadCall.Run(
            (manualResetEvent, millisecondsTimeout, cancellationToken),
            static (s, offload) => Call(s, s.cancellationToken, offload, static (s, token) => s.manualResetEvent.Wait(s.millisecondsTimeout, token)),
            "ManualResetEventSlim.Wait",
            cancellable: true);
    }

    // ---- CountdownEvent ----------------------------------------------------------------------------

    /// <summary>Replaces <see cref="CountdownEvent.Wait()"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(CountdownEvent), nameof(CountdownEvent.Wait))]
    public static GreenTask Wait(CountdownEvent countdownEvent, GreenSuspend suspend) => WaitCountdown(countdownEvent, Infinite, default);

    /// <summary>Replaces <see cref="CountdownEvent.Wait(int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(CountdownEvent), nameof(CountdownEvent.Wait))]
    public static GreenTask<bool> Wait(CountdownEvent countdownEvent, GreenSuspend suspend, int millisecondsTimeout) =>
        WaitCountdown(countdownEvent, millisecondsTimeout, default);

    /// <summary>Replaces <see cref="CountdownEvent.Wait(TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(CountdownEvent), nameof(CountdownEvent.Wait))]
    public static GreenTask<bool> Wait(CountdownEvent countdownEvent, GreenSuspend suspend, TimeSpan timeout) =>
        WaitCountdown(countdownEvent, ToMilliseconds(timeout), default);

    /// <summary>Replaces <see cref="CountdownEvent.Wait(CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(CountdownEvent), nameof(CountdownEvent.Wait))]
    public static GreenTask Wait(CountdownEvent countdownEvent, GreenSuspend suspend, CancellationToken cancellationToken) =>
        WaitCountdown(countdownEvent, Infinite, cancellationToken);

    /// <summary>Replaces <see cref="CountdownEvent.Wait(int, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(CountdownEvent), nameof(CountdownEvent.Wait))]
    public static GreenTask<bool> Wait(CountdownEvent countdownEvent, GreenSuspend suspend, int millisecondsTimeout, CancellationToken cancellationToken) =>
        WaitCountdown(countdownEvent, millisecondsTimeout, cancellationToken);

    /// <summary>Replaces <see cref="CountdownEvent.Wait(TimeSpan, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(CountdownEvent), nameof(CountdownEvent.Wait))]
    public static GreenTask<bool> Wait(CountdownEvent countdownEvent, GreenSuspend suspend, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitCountdown(countdownEvent, ToMilliseconds(timeout), cancellationToken);

    private static GreenTask<bool> WaitCountdown(CountdownEvent countdownEvent, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        CheckMilliseconds(millisecondsTimeout);
        bool set = countdownEvent.Wait(0, cancellationToken);
        if (set || millisecondsTimeout == 0)
            return GreenTask.FromResult(set);
        return OffloadCall.Run(
            (countdownEvent, millisecondsTimeout, cancellationToken),
            static (s, offload) => Call(s, s.cancellationToken, offload, static (s, token) => s.countdownEvent.Wait(s.millisecondsTimeout, token)),
            "CountdownEvent.Wait",
            cancellable: true);
    }

    // ---- Barrier -----------------------------------------------------------------------------------

    /// <summary>Replaces <see cref="Barrier.SignalAndWait()"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Barrier), nameof(Barrier.SignalAndWait))]
    public static GreenTask SignalAndWait(Barrier barrier, GreenSuspend suspend) => SignalAndWaitCore(barrier, Infinite, default);

    /// <summary>Replaces <see cref="Barrier.SignalAndWait(int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Barrier), nameof(Barrier.SignalAndWait))]
    public static GreenTask<bool> SignalAndWait(Barrier barrier, GreenSuspend suspend, int millisecondsTimeout) =>
        SignalAndWaitCore(barrier, millisecondsTimeout, default);

    /// <summary>Replaces <see cref="Barrier.SignalAndWait(TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Barrier), nameof(Barrier.SignalAndWait))]
    public static GreenTask<bool> SignalAndWait(Barrier barrier, GreenSuspend suspend, TimeSpan timeout) =>
        SignalAndWaitCore(barrier, ToMilliseconds(timeout), default);

    /// <summary>Replaces <see cref="Barrier.SignalAndWait(CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Barrier), nameof(Barrier.SignalAndWait))]
    public static GreenTask SignalAndWait(Barrier barrier, GreenSuspend suspend, CancellationToken cancellationToken) =>
        SignalAndWaitCore(barrier, Infinite, cancellationToken);

    /// <summary>Replaces <see cref="Barrier.SignalAndWait(int, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Barrier), nameof(Barrier.SignalAndWait))]
    public static GreenTask<bool> SignalAndWait(Barrier barrier, GreenSuspend suspend, int millisecondsTimeout, CancellationToken cancellationToken) =>
        SignalAndWaitCore(barrier, millisecondsTimeout, cancellationToken);

    /// <summary>Replaces <see cref="Barrier.SignalAndWait(TimeSpan, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Barrier), nameof(Barrier.SignalAndWait))]
    public static GreenTask<bool> SignalAndWait(Barrier barrier, GreenSuspend suspend, TimeSpan timeout, CancellationToken cancellationToken) =>
        SignalAndWaitCore(barrier, ToMilliseconds(timeout), cancellationToken);

    private static GreenTask<bool> SignalAndWaitCore(Barrier barrier, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(barrier);
        CheckMilliseconds(millisecondsTimeout);
        // Signalling is the wait's first half: with no time to wait it does not block, and needs no thread.
        if (millisecondsTimeout == 0)
            return GreenTask.FromResult(barrier.SignalAndWait(0, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return OffloadCall.Run(
            (barrier, millisecondsTimeout, cancellationToken),
            static (s, offload) => Call(s, s.cancellationToken, offload, static (s, token) => s.barrier.SignalAndWait(s.millisecondsTimeout, token)),
            "Barrier.SignalAndWait",
            cancellable: true);
    }

    // ---- WaitHandle --------------------------------------------------------------------------------

    /// <summary>Replaces <see cref="WaitHandle.WaitOne()"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(WaitHandle), nameof(WaitHandle.WaitOne))]
    public static GreenTask<bool> WaitOne(WaitHandle waitHandle, GreenSuspend suspend) => WaitOneCore(waitHandle, Infinite);

    /// <summary>Replaces <see cref="WaitHandle.WaitOne(int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(WaitHandle), nameof(WaitHandle.WaitOne))]
    public static GreenTask<bool> WaitOne(WaitHandle waitHandle, GreenSuspend suspend, int millisecondsTimeout) => WaitOneCore(waitHandle, millisecondsTimeout);

    /// <summary>Replaces <see cref="WaitHandle.WaitOne(TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(WaitHandle), nameof(WaitHandle.WaitOne))]
    public static GreenTask<bool> WaitOne(WaitHandle waitHandle, GreenSuspend suspend, TimeSpan timeout) => WaitOneCore(waitHandle, ToMilliseconds(timeout));

    private static GreenTask<bool> WaitOneCore(WaitHandle waitHandle, int millisecondsTimeout)
    {
        ArgumentNullException.ThrowIfNull(waitHandle);
        CheckMilliseconds(millisecondsTimeout);
        // A mutex is acquired by the thread that waits: only the greenlet's own thread can take it for the greenlet.
        if (waitHandle is Mutex)
            return GreenTask.FromResult(waitHandle.WaitOne(millisecondsTimeout));
        bool signalled = waitHandle.WaitOne(0);
        if (signalled || millisecondsTimeout == 0)
            return GreenTask.FromResult(signalled);
        // The cancellation handle comes first: when both are signalled, WaitAny takes the first, so a cancelled wait
        // never acquires the handle (an auto-reset event's signal stays for the next waiter).
        return OffloadCall.Run(
            (waitHandle, millisecondsTimeout),
            static (s, offload) => WaitHandle.WaitAny([offload.WaitHandle, s.waitHandle], s.millisecondsTimeout) == 1,
            "WaitHandle.WaitOne",
            cancellable: true);
    }

    /// <summary>Replaces <see cref="WaitHandle.WaitAny(WaitHandle[])"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(WaitHandle), nameof(WaitHandle.WaitAny))]
    public static GreenTask<int> WaitAny(GreenSuspend suspend, WaitHandle[] waitHandles) => WaitAnyCore(waitHandles, Infinite);

    /// <summary>Replaces <see cref="WaitHandle.WaitAny(WaitHandle[], int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(WaitHandle), nameof(WaitHandle.WaitAny))]
    public static GreenTask<int> WaitAny(GreenSuspend suspend, WaitHandle[] waitHandles, int millisecondsTimeout) => WaitAnyCore(waitHandles, millisecondsTimeout);

    /// <summary>Replaces <see cref="WaitHandle.WaitAny(WaitHandle[], TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(WaitHandle), nameof(WaitHandle.WaitAny))]
    public static GreenTask<int> WaitAny(GreenSuspend suspend, WaitHandle[] waitHandles, TimeSpan timeout) => WaitAnyCore(waitHandles, ToMilliseconds(timeout));

    private static GreenTask<int> WaitAnyCore(WaitHandle[] waitHandles, int millisecondsTimeout)
    {
        ArgumentNullException.ThrowIfNull(waitHandles);
        CheckMilliseconds(millisecondsTimeout);
        if (ContainsMutex(waitHandles))
            return GreenTask.FromResult(WaitHandle.WaitAny(waitHandles, millisecondsTimeout));
        // Also checks the handles (null, too many) as the call does.
        int ready = WaitHandle.WaitAny(waitHandles, 0);
        if (ready != WaitHandle.WaitTimeout || millisecondsTimeout == 0)
            return GreenTask.FromResult(ready);
        var handles = (WaitHandle[])waitHandles.Clone();
        return OffloadCall.Run(
            (handles, millisecondsTimeout),
            static (s, offload) => WaitAnyOrCancelled(s.handles, s.millisecondsTimeout, offload),
            "WaitHandle.WaitAny",
            cancellable: true);
    }

    /// <summary>WaitAny with the token's handle first (it wins when both are signalled); a full array is polled instead.</summary>
    private static int WaitAnyOrCancelled(WaitHandle[] handles, int millisecondsTimeout, CancellationToken offload)
    {
        const int MaxHandles = 64;
        if (handles.Length >= MaxHandles)
        {
            int found = WaitHandle.WaitTimeout;
            Poll(millisecondsTimeout, offload, slice => (found = WaitHandle.WaitAny(handles, slice)) != WaitHandle.WaitTimeout);
            return found;
        }
        var withCancellation = new WaitHandle[handles.Length + 1];
        withCancellation[0] = offload.WaitHandle;
        handles.CopyTo(withCancellation, 1);
        int index = WaitHandle.WaitAny(withCancellation, millisecondsTimeout);
        return index is WaitHandle.WaitTimeout or 0 ? WaitHandle.WaitTimeout : index - 1;
    }

    /// <summary>Replaces <see cref="WaitHandle.WaitAll(WaitHandle[])"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(WaitHandle), nameof(WaitHandle.WaitAll))]
    public static GreenTask<bool> WaitAll(GreenSuspend suspend, WaitHandle[] waitHandles) => WaitAllCore(waitHandles, Infinite);

    /// <summary>Replaces <see cref="WaitHandle.WaitAll(WaitHandle[], int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(WaitHandle), nameof(WaitHandle.WaitAll))]
    public static GreenTask<bool> WaitAll(GreenSuspend suspend, WaitHandle[] waitHandles, int millisecondsTimeout) => WaitAllCore(waitHandles, millisecondsTimeout);

    /// <summary>Replaces <see cref="WaitHandle.WaitAll(WaitHandle[], TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(WaitHandle), nameof(WaitHandle.WaitAll))]
    public static GreenTask<bool> WaitAll(GreenSuspend suspend, WaitHandle[] waitHandles, TimeSpan timeout) => WaitAllCore(waitHandles, ToMilliseconds(timeout));

    private static GreenTask<bool> WaitAllCore(WaitHandle[] waitHandles, int millisecondsTimeout)
    {
        ArgumentNullException.ThrowIfNull(waitHandles);
        CheckMilliseconds(millisecondsTimeout);
        if (ContainsMutex(waitHandles))
            return GreenTask.FromResult(WaitHandle.WaitAll(waitHandles, millisecondsTimeout));
        bool all = WaitHandle.WaitAll(waitHandles, 0);
        if (all || millisecondsTimeout == 0)
            return GreenTask.FromResult(all);
        // WaitAll takes all handles at once or none; between slices it holds none, so stopping there takes nothing.
        var handles = (WaitHandle[])waitHandles.Clone();
        return OffloadCall.Run(
            (handles, millisecondsTimeout),
            static (s, offload) => Poll(s.millisecondsTimeout, offload, slice => WaitHandle.WaitAll(s.handles, slice)),
            "WaitHandle.WaitAll",
            cancellable: true);
    }

    private static bool ContainsMutex(WaitHandle[] handles)
    {
        foreach (var handle in handles)
        {
            if (handle is Mutex)
                return true;
        }
        return false;
    }

    // ---- Thread.Join -------------------------------------------------------------------------------

    /// <summary>Replaces <see cref="Thread.Join()"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Thread), nameof(Thread.Join))]
    public static GreenTask Join(Thread thread, GreenSuspend suspend) => JoinCore(thread, Infinite);

    /// <summary>Replaces <see cref="Thread.Join(int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Thread), nameof(Thread.Join))]
    public static GreenTask<bool> Join(Thread thread, GreenSuspend suspend, int millisecondsTimeout) => JoinCore(thread, millisecondsTimeout);

    /// <summary>Replaces <see cref="Thread.Join(TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Thread), nameof(Thread.Join))]
    public static GreenTask<bool> Join(Thread thread, GreenSuspend suspend, TimeSpan timeout) => JoinCore(thread, ToMilliseconds(timeout));

    private static GreenTask<bool> JoinCore(Thread thread, int millisecondsTimeout)
    {
        ArgumentNullException.ThrowIfNull(thread);
        CheckMilliseconds(millisecondsTimeout);
        bool ended = thread.Join(0);
        if (ended || millisecondsTimeout == 0)
            return GreenTask.FromResult(ended);
        return OffloadCall.Run(
            (thread, millisecondsTimeout),
            static (s, offload) => Poll(s.millisecondsTimeout, offload, slice => s.thread.Join(slice)),
            "Thread.Join",
            cancellable: true);
    }

    // ---- BlockingCollection<T> ---------------------------------------------------------------------

    /// <summary>Replaces <see cref="BlockingCollection{T}.Take()"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(BlockingCollection<>), nameof(BlockingCollection<int>.Take))]
    public static GreenTask<T> Take<T>(BlockingCollection<T> collection, GreenSuspend suspend) => TakeCore(collection, default);

    /// <summary>Replaces <see cref="BlockingCollection{T}.Take(CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(BlockingCollection<>), nameof(BlockingCollection<int>.Take))]
    public static GreenTask<T> Take<T>(BlockingCollection<T> collection, GreenSuspend suspend, CancellationToken cancellationToken) =>
        TakeCore(collection, cancellationToken);

    private static GreenTask<T> TakeCore<T>(BlockingCollection<T> collection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (collection.TryTake(out var item, 0, cancellationToken))
            return GreenTask.FromResult(item);
        // Completed and empty: Take throws at once, as the call does.
        if (collection.IsCompleted)
            return GreenTask.FromResult(collection.Take(cancellationToken));
        return OffloadCall.Run(
            (collection, cancellationToken),
            static (s, offload) => Call(s, s.cancellationToken, offload, static (s, token) => s.collection.Take(token)),
            "BlockingCollection.Take",
            cancellable: true);
    }

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTake(out T, int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(BlockingCollection<>), nameof(BlockingCollection<int>.TryTake))]
    public static GreenTask<OutResult<bool, T>> TryTake<T>(BlockingCollection<T> collection, GreenSuspend suspend, int millisecondsTimeout) =>
        TryTakeCore(collection, millisecondsTimeout, default);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTake(out T, TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(BlockingCollection<>), nameof(BlockingCollection<int>.TryTake))]
    public static GreenTask<OutResult<bool, T>> TryTake<T>(BlockingCollection<T> collection, GreenSuspend suspend, TimeSpan timeout) =>
        TryTakeCore(collection, ToMilliseconds(timeout), default);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryTake(out T, int, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(BlockingCollection<>), nameof(BlockingCollection<int>.TryTake))]
    public static GreenTask<OutResult<bool, T>> TryTake<T>(
        BlockingCollection<T> collection, GreenSuspend suspend, int millisecondsTimeout, CancellationToken cancellationToken) =>
        TryTakeCore(collection, millisecondsTimeout, cancellationToken);

    private static GreenTask<OutResult<bool, T>> TryTakeCore<T>(BlockingCollection<T> collection, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        CheckMilliseconds(millisecondsTimeout);
        bool taken = collection.TryTake(out var item, 0, cancellationToken);
        if (taken || millisecondsTimeout == 0 || collection.IsCompleted)
            return GreenTask.FromResult(new OutResult<bool, T>(taken, item!));
        return OffloadCall.Run(
            (collection, millisecondsTimeout, cancellationToken),
            static (s, offload) => Call(s, s.cancellationToken, offload, static (s, token) =>
                s.collection.TryTake(out var item, s.millisecondsTimeout, token) ? new OutResult<bool, T>(true, item) : new OutResult<bool, T>(false, default!)),
            "BlockingCollection.TryTake",
            cancellable: true);
    }

    /// <summary>Replaces <see cref="BlockingCollection{T}.Add(T)"/> inside <c>[Greenlet]</c> bodies (it waits while a bounded collection is full).</summary>
    [Patches(typeof(BlockingCollection<>), nameof(BlockingCollection<int>.Add))]
    public static GreenTask Add<T>(BlockingCollection<T> collection, GreenSuspend suspend, T item) => TryAddCore(collection, item, Infinite, default);

    /// <summary>Replaces <see cref="BlockingCollection{T}.Add(T, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(BlockingCollection<>), nameof(BlockingCollection<int>.Add))]
    public static GreenTask Add<T>(BlockingCollection<T> collection, GreenSuspend suspend, T item, CancellationToken cancellationToken) =>
        TryAddCore(collection, item, Infinite, cancellationToken);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryAdd(T, int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(BlockingCollection<>), nameof(BlockingCollection<int>.TryAdd))]
    public static GreenTask<bool> TryAdd<T>(BlockingCollection<T> collection, GreenSuspend suspend, T item, int millisecondsTimeout) =>
        TryAddCore(collection, item, millisecondsTimeout, default);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryAdd(T, TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(BlockingCollection<>), nameof(BlockingCollection<int>.TryAdd))]
    public static GreenTask<bool> TryAdd<T>(BlockingCollection<T> collection, GreenSuspend suspend, T item, TimeSpan timeout) =>
        TryAddCore(collection, item, ToMilliseconds(timeout), default);

    /// <summary>Replaces <see cref="BlockingCollection{T}.TryAdd(T, int, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(BlockingCollection<>), nameof(BlockingCollection<int>.TryAdd))]
    public static GreenTask<bool> TryAdd<T>(BlockingCollection<T> collection, GreenSuspend suspend, T item, int millisecondsTimeout, CancellationToken cancellationToken) =>
        TryAddCore(collection, item, millisecondsTimeout, cancellationToken);

    private static GreenTask<bool> TryAddCore<T>(BlockingCollection<T> collection, T item, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        CheckMilliseconds(millisecondsTimeout);
        // Throws at once when adding was completed, as the call does; an unbounded collection always has room.
        bool added = collection.TryAdd(item, 0, cancellationToken);
        if (added || millisecondsTimeout == 0)
            return GreenTask.FromResult(added);
        return OffloadCall.Run(
            (collection, item, millisecondsTimeout, cancellationToken),
            static (s, offload) => Call(s, s.cancellationToken, offload, static (s, token) => s.collection.TryAdd(s.item, s.millisecondsTimeout, token)),
            "BlockingCollection.Add",
            cancellable: true);
    }

    /// <summary>
    /// Waits in slices of at most <see cref="PollSliceMilliseconds"/>, so that a cancelled <paramref name="offload"/>
    /// stops the wait soon after; false when the time ran out (or the wait was cancelled, whose result is dropped).
    /// </summary>
    private static bool Poll(int millisecondsTimeout, CancellationToken offload, Func<int, bool> waitSlice)
    {
        long deadline = millisecondsTimeout == Infinite ? long.MaxValue : Environment.TickCount64 + millisecondsTimeout;
        while (true)
        {
            long left = deadline == long.MaxValue ? PollSliceMilliseconds : deadline - Environment.TickCount64;
            if (left <= 0)
                return false;
            if (waitSlice((int)Math.Min(left, PollSliceMilliseconds)))
                return true;
            if (offload.IsCancellationRequested)
                return false;
        }
    }
}
