using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Greenlets;

namespace GreenRuntime;

// The Spawn overload family: Green.Spawn's, starting the greenlet in the group.
public partial class GreenGroup
{
    /// <summary>Starts <paramref name="fn"/> in a new greenlet of this group (a full <see cref="GreenPool"/> waits for a slot first, running the hub).</summary>
    /// <param name="fn">The function to run.</param>
    /// <returns>The new greenlet, in the group until it finishes.</returns>
    public Greenlet Spawn(Action fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, GreenTask>>(fn) is { } twin)
            return Spawned(new Greenlet(Hub.Current, (Func<GreenTask>)(() => twin(default))));
        return Spawned(new Greenlet(Hub.Current, fn));
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin into the group; used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <returns>The new greenlet, once it is in the group.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<Greenlet> Spawn(GreenSuspend suspend, Func<GreenTask> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return SpawnedTwin(new Greenlet(Hub.Current, fn));
    }

    /// <summary>Starts <paramref name="fn"/> in a new greenlet of this group (a full <see cref="GreenPool"/> waits for a slot first, running the hub).</summary>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <returns>The new greenlet, in the group until it finishes.</returns>
    public Greenlet<R> Spawn<R>(Func<R> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, GreenTask<R>>>(fn) is { } twin)
            return Spawned(new Greenlet<R>(Hub.Current, (Func<GreenTask<R>>)(() => twin(default))));
        return Spawned(new Greenlet<R>(Hub.Current, fn));
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin into the group; used by generated code.</summary>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <returns>The new greenlet, once it is in the group.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask<Greenlet<R>> Spawn<R>(GreenSuspend suspend, Func<GreenTask<R>> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return SpawnedTwin(new Greenlet<R>(Hub.Current, fn));
    }

    /// <summary>Ordinary code's spawn: admits the new greenlet at once, or runs the hub until a slot of the full pool is free.</summary>
    private TGreenlet Spawned<TGreenlet>(TGreenlet greenlet)
        where TGreenlet : Greenlet
    {
        CheckSpawn(greenlet);
        if (!HasFreeSlot)
        {
            try
            {
                _hub.EnsureCanBlock($"{GetType().Name}.Spawn (the pool is full)");
            }
            catch
            {
                greenlet.BeginKill(new GreenletExit());
                throw;
            }
        }
        return _hub.Block(Admit(greenlet, start: true));
    }

    /// <summary>A twin's spawn: admits the new greenlet, suspending the caller while the pool is full.</summary>
    private GreenTask<TGreenlet> SpawnedTwin<TGreenlet>(TGreenlet greenlet)
        where TGreenlet : Greenlet
    {
        CheckSpawn(greenlet);
        return Admit(greenlet, start: true);
    }
}
