using BenchmarkDotNet.Attributes;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Issue 8's queue figure: a put + get handed between two greenlets against one <c>Green.Sleep(0)</c> yield, in the same
/// run (the Sleep(0) method is the baseline, so Ratio is queue / yield).
/// </summary>
/// <remarks>
/// Ping-pong: two greenlets and two unbounded queues; each put wakes the other greenlet, parked on its Get, and then
/// the putter parks on its own Get — one switch per put + get, as a <c>Sleep(0)</c> between two greenlets is one switch
/// per yield. The producer/consumer shape hands items through a queue of one slot: there each item costs two switches
/// (the consumer parks on the empty queue, the producer on the full one).
/// </remarks>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class QueueBenchmarks
{
    /// <summary>Put + get pairs (yields) per invocation.</summary>
    public const int Operations = 1_000_000;

    /// <summary>Two greenlets each making <see cref="Operations"/>/2 <c>Green.Sleep(0)</c>; per yield.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "green Sleep(0), 2 greenlets")]
    public void TwoYielders()
    {
        var a = Green.Spawn(Bodies.Yielder, Operations / 2);
        var b = Green.Spawn(Bodies.Yielder, Operations / 2);
        Green.JoinAll(a, b);
    }

    /// <summary>Ping-pong of ints through two queues; per put + get.</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "GreenQueue<int> put+get, ping-pong")]
    public void PingPongInt()
    {
        var there = new GreenQueue<int>();
        var back = new GreenQueue<int>();
        var ping = Green.Spawn(Bodies.PingInt, there, back, Operations / 2);
        var pong = Green.Spawn(Bodies.PongInt, there, back, Operations / 2);
        Green.JoinAll(ping, pong);
    }

    /// <summary>Ping-pong of strings through two queues; per put + get.</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "GreenQueue<string> put+get, ping-pong")]
    public void PingPongString()
    {
        var there = new GreenQueue<string>();
        var back = new GreenQueue<string>();
        var ping = Green.Spawn(Bodies.PingString, there, back, Operations / 2);
        var pong = Green.Spawn(Bodies.PongString, there, back, Operations / 2);
        Green.JoinAll(ping, pong);
    }

    /// <summary>A producer and a consumer greenlet on a queue of one slot; per item (one put + one get, two switches).</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "GreenQueue<int>(1) producer/consumer, per item")]
    public long ProducerConsumer()
    {
        var queue = new GreenQueue<int>(1);
        var consumer = Green.Spawn(Bodies.Consumer, queue, Operations);
        Green.Spawn(Bodies.Producer, queue, Operations);
        return consumer.Get();
    }
}
