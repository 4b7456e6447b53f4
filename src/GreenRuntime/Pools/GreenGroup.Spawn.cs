using GreenRuntime.CompilerServices;
using GreenRuntime.Templates;

namespace GreenRuntime;

// The Spawn overload family (Green.Spawn's: 0-4 arguments, Action and Func, and the hidden twin overloads) is expanded
// from these two start methods by src/GreenRuntime.Templates; docs/internals.md, "Overload families". The twin overloads
// return an awaitable of the greenlet: a full pool's spawn is a suspension point.
#pragma warning disable CS1734 // the docs are the overloads', whose fn these methods do not have
public partial class GreenGroup
{
    /// <summary>
    /// Starts <paramref name="fn"/> in a new greenlet of this group; it leaves the group when it finishes. A full
    /// <see cref="GreenPool"/> first waits for a free slot (FIFO among waiting spawners), running the hub meanwhile;
    /// inside a <c>[Greenlet]</c> method the wait suspends the caller.
    /// </summary>
    /// <typeparam name="TGreenlet">The greenlet's type.</typeparam>
    /// <param name="greenlet">The new greenlet, not started yet.</param>
    /// <returns>The new greenlet, in the group.</returns>
    [OverloadFamily("Spawn", TwinSummary = "Spawns a [Greenlet] method's resumable twin into the group, once it has room; used by generated code.", TwinStart = nameof(SpawnedTwin))]
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
