using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Pools;

/// <summary>Producer → bounded queue → pool of workers → queue → consumer (issue 8's pipeline).</summary>
public class PipelineTests
{
    [Fact]
    public void Every_item_flows_through_the_three_stages_within_the_queue_and_pool_bounds() => OnFreshThread(() =>
    {
        var pipeline = new Pipeline(queueSize: 4, workers: 5);
        var producer = Green.Spawn(() => pipeline.Produce(200));
        var dispatcher = Green.Spawn(() => pipeline.Dispatch());
        var consumer = Green.Spawn(() => pipeline.Consume());

        var results = consumer.Get();
        Green.JoinAll([producer, dispatcher], raiseError: true);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * i), results.Order());
        Assert.NotEqual(Enumerable.Range(0, 200).Select(i => i * i), results); // the workers really overlapped
        Assert.Equal(5, pipeline.Work.Most);
        // The bounded queue held the producer back: at most its size ahead, plus the item being put.
        Assert.InRange(pipeline.MostAhead, 1, 4 + 1);
        Assert.Empty(pipeline.Workers);
        Assert.Equal(0, pipeline.Input.Count);
        Assert.Equal(0, pipeline.Output.Count);
    });
}
