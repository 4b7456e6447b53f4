using System.Runtime.CompilerServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Locals;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Locals;

/// <summary>GreenLocal: one value per greenlet (gevent.local.local; test__local.py).</summary>
public class GreenLocalTests
{
    [Fact]
    public void A_hundred_greenlets_each_read_back_their_own_value_across_suspension_points() => OnFreshThread(() =>
    {
        var local = new GreenLocal<int>();
        local.Value = -1;
        var greenlets = Enumerable.Range(1, 100).Select(i => Green.Spawn(LocalGreenlets.StoreAndReadBack, local, i)).ToArray();
        Green.JoinAll(greenlets);
        for (int i = 1; i <= 100; i++)
            Assert.Equal($"before 0, after a yield {i}, after a sleep {i * 10}", greenlets[i - 1].Get());
        Assert.Equal(-1, local.Value);
    });

    [Fact]
    public void Ordinary_code_has_its_own_value_and_a_greenlet_that_stored_nothing_reads_default() => OnFreshThread(() =>
    {
        var local = new GreenLocal<string>();
        Assert.Null(local.Value);
        Assert.False(local.IsValueCreated);
        local.Value = "main";
        Assert.True(local.IsValueCreated);
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            string? first = local.Value;
            bool created = local.IsValueCreated;
            local.Value = "greenlet";
            await Green.Sleep(default(GreenSuspend), 0);
            return $"{first ?? "null"} {created} {local.Value}";
        });
        Assert.Equal("null False greenlet", g.Get());
        Assert.Equal("main", local.Value);
    });

    [Fact]
    public void The_value_factory_runs_once_per_greenlet_on_its_first_read() => OnFreshThread(() =>
    {
        int calls = 0;
        var local = new GreenLocal<List<string>>(() =>
        {
            calls++;
            return [];
        });
        async GreenTask<int> Use(string name)
        {
            local.Value!.Add(name);
            await Green.Sleep(default(GreenSuspend), 0);
            local.Value!.Add(name);
            return local.Value!.Count;
        }
        var a = Green.Spawn(default(GreenSuspend), Use, "a");
        var b = Green.Spawn(default(GreenSuspend), Use, "b");
        Assert.Equal(2, a.Get());
        Assert.Equal(2, b.Get());
        Assert.Equal(2, calls);
        Assert.Empty(local.Value!); // ordinary code's own, the third call
        Assert.Equal(3, calls);

        // A greenlet that stores before it reads never calls the factory.
        var storesFirst = Green.Spawn(default(GreenSuspend), async () =>
        {
            local.Value = ["mine"];
            await Green.Sleep(default(GreenSuspend), 0);
            return local.Value![0];
        });
        Assert.Equal("mine", storesFirst.Get());
        Assert.Equal(3, calls);
        Assert.Throws<ArgumentNullException>(() => new GreenLocal<int>(null!));
    });

    [Fact]
    public void A_factory_that_throws_stores_nothing_and_runs_again_on_the_next_read() => OnFreshThread(() =>
    {
        int calls = 0;
        var local = new GreenLocal<int>(() => ++calls == 1 ? throw new InvalidOperationException("first") : 42);
        Assert.Throws<InvalidOperationException>(() => local.Value);
        Assert.False(local.IsValueCreated);
        Assert.Equal(42, local.Value);
        Assert.Equal(42, local.Value);
        Assert.Equal(2, calls);
    });

    [Fact]
    public void A_finished_greenlet_keeps_none_of_its_values_alive_even_while_it_is_referenced() => OnFreshThread(() =>
    {
        var local = new GreenLocal<object>();
        var stored = new WeakReference[1];
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            StoreGarbage(local, stored);
            await Green.Sleep(default(GreenSuspend), 0);
            Assert.NotNull(local.Value);
        });
        g.Join();
        Assert.True(g.Successful, g.Exception?.ToString());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(stored[0].IsAlive);
        GC.KeepAlive(g);
    });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreGarbage(GreenLocal<object> local, WeakReference[] stored)
    {
        var value = new byte[1024];
        stored[0] = new WeakReference(value);
        local.Value = value;
    }

    [Fact]
    public void Another_thread_has_its_own_value_as_with_ThreadLocal() => OnFreshThread(() =>
    {
        var local = new GreenLocal<string>(() => Thread.CurrentThread.Name ?? "unnamed");
        local.Value = "first thread";
        string? seen = null;
        var other = new Thread(() =>
        {
            string initial = local.Value!;
            local.Value = "second thread";
            var g = Green.Spawn(() => local.Value = "its greenlet");
            g.Join();
            seen = $"{initial}, then {local.Value}";
        }) { Name = "other" };
        other.Start();
        other.Join();
        Assert.Equal("other, then second thread", seen);
        Assert.Equal("first thread", local.Value);
    });

    [Fact]
    public void A_slot_left_by_a_collected_local_reads_as_empty_for_the_local_that_reuses_its_index() => OnFreshThread(() =>
    {
        var old = LocalKey.Allocate();
        var slots = LocalSlots.OfCurrent(create: true)!;
        slots.Add(old, "stale");
        old.Free();
        var reused = LocalKey.Allocate();
        Assert.Equal(old.Index, reused.Index);
        Assert.Null(slots.Find<string>(reused));
        Assert.Equal("stale", slots.Find<string>(old)!.Value);
        reused.Free();
    });
}
