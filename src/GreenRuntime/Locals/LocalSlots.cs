using GreenRuntime.CompilerServices;

namespace GreenRuntime.Locals;

/// <summary>
/// One greenlet's <see cref="GreenLocal{T}"/> values, indexed by <see cref="LocalKey.Index"/>. Kept off the greenlet
/// (most greenlets have none, and a parked greenlet stays small): in a table keyed weakly by the greenlet, found through
/// a flag test and a one-entry cache on the hub, and dropped when the greenlet finishes.
/// </summary>
internal sealed class LocalSlots
{
    private static readonly ConditionalWeakTable<Greenlet, LocalSlots> s_table = [];

    private Slot?[] _slots = new Slot?[4];

    /// <summary>The running greenlet's values; <see langword="null"/> if it has none and <paramref name="create"/> is false.</summary>
    [MethodImpl(HotPath.Options)]
    public static LocalSlots? OfCurrent(bool create)
    {
        var hub = Hub.Current;
        var greenlet = hub.CurrentGreenlet;
        if (ReferenceEquals(hub.LocalsOwner, greenlet))
            return hub.Locals;
        return Lookup(hub, greenlet, create);
    }

    private static LocalSlots? Lookup(Hub hub, Greenlet greenlet, bool create)
    {
        LocalSlots? slots = null;
        if ((greenlet.Flags & Greenlet.FlagHasLocals) != 0)
            s_table.TryGetValue(greenlet, out slots);
        if (slots is null)
        {
            if (!create)
                return null;
            slots = new LocalSlots();
            s_table.AddOrUpdate(greenlet, slots);
            greenlet.Flags |= Greenlet.FlagHasLocals;
        }
        hub.LocalsOwner = greenlet;
        hub.Locals = slots;
        return slots;
    }

    /// <summary>Drops a finished greenlet's values (called from its thread, when it dies).</summary>
    public static void Forget(Greenlet greenlet)
    {
        s_table.Remove(greenlet);
        greenlet.Flags &= ~Greenlet.FlagHasLocals;
        var hub = greenlet.Hub;
        if (ReferenceEquals(hub.LocalsOwner, greenlet))
        {
            hub.LocalsOwner = null;
            hub.Locals = null;
        }
    }

    [MethodImpl(HotPath.Options)]
    public Slot<T>? Find<T>(LocalKey key)
    {
        var slots = _slots;
        int index = key.Index;
        return (uint)index < (uint)slots.Length && slots[index] is Slot<T> slot && slot.Version == key.Version ? slot : null;
    }

    public void Add<T>(LocalKey key, T? value)
    {
        if (key.Index >= _slots.Length)
            Array.Resize(ref _slots, Math.Max(key.Index + 1, _slots.Length * 2));
        // A slot a collected local left at this index is overwritten.
        _slots[key.Index] = new Slot<T>(key.Version, value);
    }

    internal abstract class Slot(long version)
    {
        public readonly long Version = version;
    }

    internal sealed class Slot<T>(long version, T? value) : Slot(version)
    {
        public T? Value = value;
    }
}
