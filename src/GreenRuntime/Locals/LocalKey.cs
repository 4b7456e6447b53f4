namespace GreenRuntime.Locals;

/// <summary>
/// Where a <see cref="GreenLocal{T}"/> keeps its value in each greenlet's <see cref="LocalSlots"/>: an index, reused once
/// the local is collected, and a version no other local ever has, so a slot a collected local left behind reads as empty.
/// </summary>
internal sealed class LocalKey
{
    private static readonly object s_gate = new();
    private static readonly Stack<int> s_free = new();
    private static int s_nextIndex;
    private static long s_nextVersion;

    private LocalKey(int index, long version)
    {
        Index = index;
        Version = version;
    }

    public int Index { get; }

    public long Version { get; }

    public static LocalKey Allocate()
    {
        lock (s_gate)
        {
            int index = s_free.Count > 0 ? s_free.Pop() : s_nextIndex++;
            return new LocalKey(index, ++s_nextVersion);
        }
    }

    /// <summary>Gives the index back (the local was collected); values left in live greenlets go with them.</summary>
    public void Free()
    {
        lock (s_gate)
            s_free.Push(Index);
    }
}
