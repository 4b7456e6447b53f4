using System.Text.RegularExpressions;
using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>Green.Current, names and greenlet state flags.</summary>
public class GreenletIdentityTests
{
    [Fact]
    public void Current_is_null_in_ordinary_code() => OnFreshThread(() =>
    {
        Assert.Null(Green.Current); // before this thread has a hub
        _ = Green.Hub;
        Assert.Null(Green.Current);
        Green.Spawn(() => { }).Join();
        Assert.Null(Green.Current);
    });

    [Fact]
    public void Current_is_the_running_greenlet() => OnFreshThread(() =>
    {
        Greenlet? seenInAction = null;
        var action = Green.Spawn(() => { seenInAction = Green.Current; });
        var function = Green.Spawn(() => Green.Current);
        var seenInTwin = new List<Greenlet?>();
        Greenlet? twin = null;
        twin = Green.Spawn(default(GreenSuspend), async () =>
        {
            seenInTwin.Add(Green.Current);
            await Green.Sleep(default(GreenSuspend), 0);
            seenInTwin.Add(Green.Current);
            await Green.Sleep(default(GreenSuspend), 1);
            seenInTwin.Add(Green.Current);
        });
        Green.JoinAll(action, function, twin);
        Assert.Same(action, seenInAction);
        Assert.Same(function, function.Value);
        Assert.Equal(3, seenInTwin.Count);
        Assert.All(seenInTwin, seen => Assert.Same(twin, seen));
    });

    [Fact]
    public void Name_defaults_to_Greenlet_N_in_spawn_order() => OnFreshThread(() =>
    {
        var greenlets = Enumerable.Range(0, 3).Select(_ => Green.Spawn(() => { })).ToList();
        var numbers = greenlets.Select(g =>
        {
            var match = Regex.Match(g.Name, @"^Greenlet-(\d+)$");
            Assert.True(match.Success, g.Name);
            return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(3, numbers.Distinct().Count());
        Green.JoinAll(greenlets);
        Assert.Equal(greenlets[0].Name, $"Greenlet-{numbers[0]}");
    });

    [Fact]
    public void Name_can_be_set_and_shows_in_ToString() => OnFreshThread(() =>
    {
        var g = Green.Spawn(() => { });
        g.Name = "worker-7";
        Assert.Equal("worker-7", g.Name);
        Assert.Contains("worker-7", g.ToString());
        g.Join();
        Assert.Equal("worker-7", g.Name);
        Assert.Contains("worker-7", g.ToString());
        g.Name = "renamed";
        Assert.Equal("renamed", g.Name);
        Assert.Throws<ArgumentNullException>(() => g.Name = null!);
    });

    [Fact]
    public void Greenlet_can_read_and_set_its_own_name() => OnFreshThread(() =>
    {
        var g = Green.Spawn(() =>
        {
            Green.Current!.Name = "self-named";
            return Green.Current.Name;
        });
        Assert.Equal("self-named", g.Get());
        Assert.Equal("self-named", g.Name);
    });

    [Fact]
    public void State_flags_follow_the_lifecycle() => OnFreshThread(() =>
    {
        CaptureErrors();
        var ev = new GreenEvent();
        var g = Green.Spawn(default(GreenSuspend), async () =>
        {
            await ev.Wait(default(GreenSuspend));
            return 1;
        });
        Assert.Equal((false, false, false, false), (g.Started, g.Ready, g.Dead, g.Successful));
        Green.Sleep(0);
        Assert.Equal((true, false, false, false), (g.Started, g.Ready, g.Dead, g.Successful));
        ev.Set();
        g.Join();
        Assert.Equal((true, true, true, true), (g.Started, g.Ready, g.Dead, g.Successful));

        var failed = Green.Spawn(() => throw new InvalidOperationException("x"));
        failed.Join();
        Assert.Equal((true, true, true, false), (failed.Started, failed.Ready, failed.Dead, failed.Successful));
    });
}
