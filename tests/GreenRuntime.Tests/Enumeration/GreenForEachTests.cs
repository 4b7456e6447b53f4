using System.Runtime.CompilerServices;
using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Enumeration;

/// <summary>
/// <c>foreach</c> over a green sequence inside a <c>[Greenlet]</c> method (the generator's rewrite, run for real): the
/// greenlet parks between items while others run, and the loop keeps C#'s foreach semantics — the enumerator is
/// disposed however the loop ends, each item is a fresh variable, conversions and deconstruction work.
/// </summary>
public class GreenForEachTests
{
    /// <summary>Feeds <paramref name="values"/> one per turn (a Sleep(0) after each), logging each, then finishes.</summary>
    private static Greenlet FeedOnePerTurn<T>(List<string> log, FedSequence<T> items, params T[] values) =>
        Green.Spawn(default(GreenSuspend), async () =>
        {
            foreach (var value in values)
            {
                log.Add($"put {value}");
                items.Feed(value);
                await Green.Sleep(default(GreenSuspend), 0);
            }
            log.Add("finish");
            items.Finish();
        });

    [Fact]
    public void A_foreach_in_a_greenlet_parks_between_items_while_another_greenlet_runs() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var items = new FedSequence<int>();
        var consumer = Green.Spawn(GreenForEachLoops.LogEach, log, items);
        var producer = FeedOnePerTurn(log, items, 1, 2, 3);
        Green.JoinAll(consumer, producer);
        Assert.Null(consumer.Exception);
        Assert.Equal(["put 1", "got 1", "put 2", "got 2", "put 3", "got 3", "finish", "done"], log);
        Assert.Equal(["disposed after 3 item(s)"], items.Disposals);
    });

    [Fact]
    public void A_direct_call_from_ordinary_code_runs_the_hub_while_its_foreach_waits() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var items = new FedSequence<int>();
        FeedOnePerTurn(log, items, 1, 2);
        GreenForEachLoops.LogEach(log, items);
        Assert.Equal(["put 1", "got 1", "put 2", "got 2", "finish", "done"], log);
    });

    [Fact]
    public void Break_disposes_the_enumerator_and_continue_moves_to_the_next_item() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var items = new FedSequence<int>();
        items.Feed(1);
        items.Feed(0);
        var consumer = Green.Spawn(GreenForEachLoops.SumUntilNegative, log, items);
        var producer = FeedOnePerTurn(log, items, 2, -1, 5);
        Assert.Equal(3, consumer.Get());
        producer.Join();
        Assert.Equal(["sum 1", "put 2", "sum 3", "put -1", "put 5", "finish"], log);
        Assert.Equal(["disposed after 4 item(s)"], items.Disposals);
        Assert.Equal([5], items.ToList());
    });

    [Fact]
    public void Return_from_inside_the_loop_disposes_the_enumerator() => OnFreshThread(() =>
    {
        var words = new FedSequence<string>();
        var consumer = Green.Spawn(GreenForEachLoops.FirstLongWord, words);
        FeedOnePerTurn([], words, "a", "bb", "cccc", "ddddd");
        Assert.Equal("cccc", consumer.Get());
        Assert.Equal(["disposed after 3 item(s)"], words.Disposals);
    });

    [Fact]
    public void An_exception_in_the_body_disposes_the_enumerator_and_fails_the_greenlet() => OnFreshThread(() =>
    {
        CaptureErrors();
        var log = new List<string>();
        var items = new FedSequence<int>();
        var consumer = Green.Spawn(GreenForEachLoops.ThrowOn, log, items, 2);
        FeedOnePerTurn([], items, 1, 2, 3);
        consumer.Join();
        Assert.Equal("bad item 2", Assert.IsType<FormatException>(consumer.Exception).Message);
        Assert.Equal(["got 1"], log);
        Assert.Equal(["disposed after 2 item(s)"], items.Disposals);
        // The rewritten loop keeps the body's lines: the trace points at the user's throw.
        var (file, line) = ThrowSite();
        Assert.Contains($"{file}:line {line}", consumer.Exception!.StackTrace);
        Assert.Contains("GreenForEachLoops.ThrowOn", consumer.Exception.StackTrace);
    });

    private static (string File, int Line) ThrowSite([CallerFilePath] string thisFile = "")
    {
        string file = Path.Combine(Path.GetDirectoryName(thisFile)!, "GreenForEachLoops.cs");
        int line = Array.FindIndex(File.ReadAllLines(file), l => l.Contains("throw new FormatException", StringComparison.Ordinal)) + 1;
        return (file, line);
    }

    [Fact]
    public void A_kill_while_parked_in_the_loop_runs_its_finally_blocks_and_disposes_the_enumerator() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var items = new FedSequence<int>();
        var consumer = Green.Spawn(GreenForEachLoops.LogUntilKilled, log, items);
        items.Feed(7);
        Green.Sleep(0);
        Assert.Equal(["got 7"], log);
        consumer.Kill();
        Assert.True(consumer.Successful);
        Assert.Equal(["got 7", "finally"], log);
        Assert.Equal(["disposed after 1 item(s)"], items.Disposals);
    });

    [Fact]
    public void Each_item_is_a_fresh_variable_that_a_lambda_captures() => OnFreshThread(() =>
    {
        var items = new FedSequence<int>();
        var consumer = Green.Spawn(GreenForEachLoops.CaptureEach, items);
        FeedOnePerTurn([], items, 1, 2, 3);
        Assert.Equal([1, 2, 3], consumer.Get().Select(f => f()));
    });

    [Fact]
    public void An_explicitly_typed_variable_converts_each_item() => OnFreshThread(() =>
    {
        var items = new FedSequence<int>();
        var consumer = Green.Spawn(GreenForEachLoops.SumAsLong, items);
        FeedOnePerTurn([], items, 1, 2);
        // As a long: an int shifted by 32 would be the int itself.
        Assert.Equal(3L << 32, consumer.Get());
    });

    [Fact]
    public void A_deconstructing_foreach_takes_each_item_apart() => OnFreshThread(() =>
    {
        var pairs = new FedSequence<(string Name, int Count)>();
        var consumer = Green.Spawn(GreenForEachLoops.Pairs, pairs);
        FeedOnePerTurn([], pairs, ("a", 1), ("b", 2));
        Assert.Equal("a=1,b=2", consumer.Get());
    });

    [Fact]
    public void Nested_loops_each_enumerate_and_dispose_their_own_enumerator() => OnFreshThread(() =>
    {
        var log = new List<string>();
        var outer = new FedSequence<string>();
        var inner = new FedSequence<int>();
        var consumer = Green.Spawn(GreenForEachLoops.Nested, log, outer, inner);
        FeedOnePerTurn([], inner, 1, 2, 0, 3, 0);
        FeedOnePerTurn([], outer, "a", "b");
        consumer.Get();
        Assert.Equal(["a1", "a2", "b3", "done"], log);
        Assert.Equal(["disposed after 3 item(s)", "disposed after 2 item(s)"], inner.Disposals);
        Assert.Equal(["disposed after 2 item(s)"], outer.Disposals);
    });
}
