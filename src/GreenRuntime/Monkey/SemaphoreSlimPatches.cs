using System.ComponentModel;
using GreenRuntime.CompilerServices;
using static GreenRuntime.Offloading.OffloadTokens;

namespace GreenRuntime.Monkey;

/// <summary>
/// <see cref="SemaphoreSlim.Wait()"/> and its overloads inside <c>[Greenlet]</c> bodies: an await of
/// <see cref="SemaphoreSlim.WaitAsync()"/> (the async-twin tier) that never loses a count.
/// </summary>
/// <remarks>
/// The plain twin rewrite would drop a count: when a <see cref="SemaphoreSlim.Release()"/> hands the count to the
/// greenlet's <c>WaitAsync</c> just as the greenlet is killed or timed out, the wait is given up, and nobody holds the
/// count the semaphore gave away. Here a wait that is given up returns the count once its <c>WaitAsync</c> turns out
/// to have acquired it. A wait that can be satisfied at once (<c>Wait(0)</c>) takes no turn of the hub; a cancelled
/// token and a disposed semaphore throw as the call throws.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.AsyncTwins | GreenPatch.Synchronization)]
public static class SemaphoreSlimPatches
{
    private const int Infinite = System.Threading.Timeout.Infinite;

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait()"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait))]
    public static async GreenTask Wait(SemaphoreSlim semaphore, GreenSuspend suspend) =>
        await Acquire(semaphore, Infinite, default);

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait(CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait))]
    public static async GreenTask Wait(SemaphoreSlim semaphore, GreenSuspend suspend, CancellationToken cancellationToken) =>
        await Acquire(semaphore, Infinite, cancellationToken);

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait(int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait))]
    public static GreenTask<bool> Wait(SemaphoreSlim semaphore, GreenSuspend suspend, int millisecondsTimeout) =>
        Acquire(semaphore, millisecondsTimeout, default);

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait(int, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait))]
    public static GreenTask<bool> Wait(SemaphoreSlim semaphore, GreenSuspend suspend, int millisecondsTimeout, CancellationToken cancellationToken) =>
        Acquire(semaphore, millisecondsTimeout, cancellationToken);

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait(TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait))]
    public static GreenTask<bool> Wait(SemaphoreSlim semaphore, GreenSuspend suspend, TimeSpan timeout) =>
        Acquire(semaphore, ToMilliseconds(timeout), default);

    /// <summary>Replaces <see cref="SemaphoreSlim.Wait(TimeSpan, CancellationToken)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(SemaphoreSlim), nameof(SemaphoreSlim.Wait))]
    public static GreenTask<bool> Wait(SemaphoreSlim semaphore, GreenSuspend suspend, TimeSpan timeout, CancellationToken cancellationToken) =>
        Acquire(semaphore, ToMilliseconds(timeout), cancellationToken);

    private static async GreenTask<bool> Acquire(SemaphoreSlim semaphore, int millisecondsTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(semaphore);
        CheckMilliseconds(millisecondsTimeout);
        if (semaphore.Wait(0, cancellationToken))
            return true;
        if (millisecondsTimeout == 0)
            return false;

        // The lent token is cancelled by a kill or timeout; the caller's token, if it can cancel, is linked to it.
        var lent = AsyncTwinPatches.Token(default);
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lent) : null;
        var acquiring = semaphore.WaitAsync(millisecondsTimeout, linked?.Token ?? lent);
        try
        {
            return await AsyncTwinPatches.AwaitCancellable(default, acquiring);
        }
        catch (Exception)
        {
            // Given up (or failed): if the WaitAsync took a count after all, nobody else will give it back.
            _ = acquiring.ContinueWith(
                static (wait, state) =>
                {
                    if (wait.IsCompletedSuccessfully && wait.Result)
                        ((SemaphoreSlim)state!).Release();
                },
                semaphore, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }
}
