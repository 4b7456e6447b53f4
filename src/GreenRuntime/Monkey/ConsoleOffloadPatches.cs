using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Offloading;

namespace GreenRuntime.Monkey;

/// <summary>
/// The console reads, offloaded (tier 3): <c>Console.ReadLine()</c> inside a <c>[Greenlet]</c> body becomes
/// <c>await ConsoleOffloadPatches.ReadLine(default(GreenSuspend))</c>, which reads on GreenRuntime's offload pool while
/// the greenlet parks and the hub runs the others.
/// </summary>
/// <remarks>
/// A console read cannot be cancelled: a greenlet killed or timed out while it waits leaves at once, but the pool
/// thread keeps waiting until the line (key, character) arrives, and what it read is dropped. Writes to the console
/// are ordinary synchronous writes and are not patched. <c>Console.In.ReadLine()</c> goes through
/// <see cref="TextReader"/>, not through these patches.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Offload | GreenPatch.Console)]
public static class ConsoleOffloadPatches
{
    /// <summary>Replaces <see cref="Console.ReadLine"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Console), nameof(Console.ReadLine))]
    public static GreenTask<string?> ReadLine(GreenSuspend suspend) =>
        OffloadCall.Run(0, static (_, _) => Console.ReadLine(), "Console.ReadLine");

    /// <summary>Replaces <see cref="Console.Read"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Console), nameof(Console.Read))]
    public static GreenTask<int> Read(GreenSuspend suspend) =>
        OffloadCall.Run(0, static (_, _) => Console.Read(), "Console.Read");

    /// <summary>Replaces <see cref="Console.ReadKey()"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Console), nameof(Console.ReadKey))]
    public static GreenTask<ConsoleKeyInfo> ReadKey(GreenSuspend suspend) =>
        OffloadCall.Run(0, static (_, _) => Console.ReadKey(), "Console.ReadKey");

    /// <summary>Replaces <see cref="Console.ReadKey(bool)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(Console), nameof(Console.ReadKey))]
    public static GreenTask<ConsoleKeyInfo> ReadKey(GreenSuspend suspend, bool intercept) =>
        OffloadCall.Run(intercept, static (intercept, _) => Console.ReadKey(intercept), "Console.ReadKey");
}
