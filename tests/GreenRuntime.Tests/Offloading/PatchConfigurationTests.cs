using System.Collections.Concurrent;
using GreenRuntime.Tests.Library;
using GreenRuntime.Tests.Monkey;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Offloading;

/// <summary>
/// The patch configuration at run time: GreenRuntime.Tests.Library sets <c>&lt;GreenPatchesOff&gt;Offload&lt;/GreenPatchesOff&gt;</c>,
/// so its <c>BlockingCollection.Take</c> is compiled as written — it runs on the hub's thread and stalls the other
/// greenlets until the item comes, where this assembly's (everything on) is offloaded.
/// </summary>
public class PatchConfigurationTests
{
    [Fact]
    public void A_call_switched_off_by_the_MSBuild_property_blocks_the_hub_as_written() => OnFreshThread(() =>
    {
        using var items = new BlockingCollection<int>();
        var ticker = Ticker.Start();
        var taker = Green.Spawn(SwitchedOffGreenlets.TakeAsWritten, items);
        var feeder = StartThread(() =>
        {
            Thread.Sleep(300);
            items.Add(3);
        }, "feeder", out var failure);
        var (item, thread) = taker.Get();
        var largestGap = ticker.Stop();
        JoinThread(feeder, failure);
        Assert.Equal(3, item);
        Assert.Equal(Environment.CurrentManagedThreadId, thread);
        // The hub's thread was in Take until the feeder came, 300 ms after it started.
        Assert.True(largestGap >= TimeSpan.FromMilliseconds(250), $"the ticker kept ticking (largest gap {largestGap.TotalMilliseconds} ms): the call did not block");
    });
}
