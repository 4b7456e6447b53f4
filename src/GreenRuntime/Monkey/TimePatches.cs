using GreenRuntime.CompilerServices;
using System.ComponentModel;

namespace GreenRuntime.Monkey;

/// <summary>The time patch (gevent's <c>patch_time</c>): sleeps become hub timers.</summary>
/// <remarks><c>Task.Delay(d).Wait()</c> is recognised by the generator and becomes the same timer.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Time)]
public static class TimePatches
{
    /// <summary>Replaces <see cref="Thread.Sleep(int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Thread), nameof(Thread.Sleep))]
    public static SleepAwaitable Sleep(GreenSuspend suspend, int millisecondsTimeout) => Green.Sleep(suspend, millisecondsTimeout);

    /// <summary>Replaces <see cref="Thread.Sleep(TimeSpan)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Thread), nameof(Thread.Sleep))]
    public static SleepAwaitable Sleep(GreenSuspend suspend, TimeSpan timeout) => Green.Sleep(suspend, timeout);
}
