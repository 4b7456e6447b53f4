using System.Collections.Concurrent;

namespace GreenRuntime.Tests.Library;

/// <summary>
/// This assembly switches the offload tier off (<c>&lt;GreenPatchesOff&gt;Offload&lt;/GreenPatchesOff&gt;</c> in its project):
/// a [Greenlet] method's offload-tier call is compiled as written, and blocks its hub's thread.
/// </summary>
public static partial class SwitchedOffGreenlets
{
    /// <summary>Takes an item with <c>BlockingCollection.Take</c>, which the setting leaves blocking; returns it and the thread that took it.</summary>
    [Greenlet]
    public static (int Item, int Thread) TakeAsWritten(BlockingCollection<int> items)
    {
        Green.Sleep(0);
#pragma warning disable GRN0032 // Deliberately: this is what the setting does.
        int item = items.Take();
#pragma warning restore GRN0032
        return (item, Environment.CurrentManagedThreadId);
    }
}
