using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// A call (or a <c>foreach</c>) inside a <c>[Greenlet]</c> body that suspends the greenlet, as <see cref="SuspensionPoints.Classify"/>
/// found it. Holds symbols: use it inside a transform or an analyzer callback, never in a pipeline output.
/// </summary>
internal sealed class SuspensionPoint
{
    public SuspensionPoint(SuspensionKind kind, IMethodSymbol target, IMethodSymbol? replacement, bool isAwaited, PatchSwitches switches = PatchSwitches.None)
    {
        Kind = kind;
        Target = target;
        Replacement = replacement;
        IsAwaited = isAwaited;
        Switches = switches;
    }

    /// <summary>A call (or object creation) replaced by <paramref name="patch"/>.</summary>
    public SuspensionPoint(IMethodSymbol target, MonkeyPatch patch)
        : this(SuspensionKind.MonkeyPatch, target, patch.Awaited, isAwaited: true, patch.Switches)
    {
        Patch = patch;
    }

    /// <summary>
    /// The tier and group that make this point green, any of which the patch configuration may switch off
    /// (<see cref="PatchConfiguration"/>); <see cref="PatchSwitches.None"/> for the points that are always green
    /// (calls of <c>[Greenlet]</c> methods, GreenRuntime's own waits, green <c>foreach</c> loops).
    /// </summary>
    public PatchSwitches Switches { get; }

    /// <summary>
    /// A <c>foreach</c> over a green sequence (<see cref="SuspensionKind.GreenForEach"/>): <paramref name="moveNext"/> is the
    /// enumerator's plain <c>MoveNext()</c>, <paramref name="marker"/> its <c>MoveNext(GreenSuspend)</c>.
    /// </summary>
    public SuspensionPoint(IMethodSymbol moveNext, IMethodSymbol marker, string loopName)
        : this(SuspensionKind.GreenForEach, moveNext, marker, isAwaited: true)
    {
        LoopName = loopName;
    }

    /// <summary>A tier-2 point: a call awaited through its async twin, or a wait for a task (<see cref="SuspensionKind.AsyncTwin"/>).</summary>
    public SuspensionPoint(IMethodSymbol target, AsyncTwin twin, PatchGroup group)
        : this(SuspensionKind.AsyncTwin, target, twin.Twin, isAwaited: true, PatchSwitches.AsyncTwins | SwitchOf(group))
    {
        AsyncTwin = twin;
        Group = group;
    }

    /// <summary>The configuration switch of <paramref name="group"/> (the same name).</summary>
    private static PatchSwitches SwitchOf(PatchGroup group) => group switch
    {
        PatchGroup.Time => PatchSwitches.Time,
        PatchGroup.Sockets => PatchSwitches.Sockets,
        PatchGroup.Streams => PatchSwitches.Streams,
        PatchGroup.Files => PatchSwitches.Files,
        PatchGroup.Dns => PatchSwitches.Dns,
        PatchGroup.Http => PatchSwitches.Http,
        PatchGroup.Processes => PatchSwitches.Processes,
        PatchGroup.Tasks => PatchSwitches.Tasks,
        PatchGroup.Synchronization => PatchSwitches.Synchronization,
        PatchGroup.Console => PatchSwitches.Console,
        _ => PatchSwitches.None,
    };

    /// <summary>What kind of suspension point this is.</summary>
    public SuspensionKind Kind { get; }

    /// <summary>
    /// The method the user's code calls (for <see cref="SuspensionKind.DelayWait"/>, <c>Task.Wait()</c>; for <c>t.Result</c>, the
    /// property's getter; for a
    /// patched object creation, the constructor; for a green <c>foreach</c>, the enumerator's <c>MoveNext()</c>).
    /// </summary>
    public IMethodSymbol Target { get; }

    /// <summary>
    /// What the call becomes (the awaited method): the monkey patch for <see cref="SuspensionKind.MonkeyPatch"/>
    /// (the readiness phase of a two-phase patch, see <see cref="Patch"/>); the marker overload
    /// for GreenRuntime APIs and for <c>[Greenlet]</c> methods from referenced assemblies; <see langword="null"/>
    /// for <c>[Greenlet]</c> methods of this compilation (their twin is being generated) and for
    /// <see cref="SuspensionKind.DelayWait"/>.
    /// </summary>
    public IMethodSymbol? Replacement { get; }

    /// <summary>
    /// Whether the rewritten call is awaited. Every kind is, except function-taking APIs whose marker overload
    /// returns something that is not awaitable (<c>Green.Spawn</c> returns the new <c>Greenlet</c> at once).
    /// </summary>
    public bool IsAwaited { get; }

    /// <summary>How a message names a <see cref="SuspensionKind.GreenForEach"/> loop (<c>foreach over pool.IMap(Fetch, urls)</c>); otherwise <see langword="null"/>.</summary>
    public string? LoopName { get; }

    /// <summary>The monkey patch and its shape, for <see cref="SuspensionKind.MonkeyPatch"/>; otherwise <see langword="null"/>.</summary>
    public MonkeyPatch? Patch { get; }

    /// <summary>How a <see cref="SuspensionKind.AsyncTwin"/> point is bridged; otherwise <see langword="null"/>.</summary>
    public AsyncTwin? AsyncTwin { get; }

    /// <summary>Which group of patches the point belongs to (what the patch configuration switches off by name).</summary>
    public PatchGroup Group { get; }
}
