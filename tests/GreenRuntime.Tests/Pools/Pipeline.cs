namespace GreenRuntime.Tests.Pools;

/// <summary>
/// The three-stage pipeline of issue 8, as a user writes it: a producer feeds a bounded queue, a dispatcher hands each
/// item to a pool of workers, the workers put their results on a second queue, and a consumer drains it.
/// </summary>
internal sealed partial class Pipeline(int queueSize, int workers)
{
    public GreenQueue<int?> Input { get; } = new(queueSize);

    public GreenQueue<int?> Output { get; } = new(queueSize);

    public GreenPool Workers { get; } = new(workers);

    public Concurrency Work { get; } = new();

    /// <summary>Most items produced but not yet taken by the dispatcher.</summary>
    public int MostAhead { get; private set; }

    private int _produced;
    private int _dispatched;

    [Greenlet]
    public void Produce(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Input.Put(i);
            _produced++;
            MostAhead = Math.Max(MostAhead, _produced - _dispatched);
        }
        Input.Put(null);
    }

    [Greenlet]
    public void Dispatch()
    {
        while (Input.Get() is int item)
        {
            _dispatched++;
            Workers.Spawn(Square, item);
        }
        Workers.Join();
        Output.Put(null);
    }

    [Greenlet]
    public void Square(int item)
    {
        Work.Enter();
        Thread.Sleep(item % 3); // suspends the worker: 0-2 ms, so results finish out of order
        Work.Exit();
        Output.Put(item * item);
    }

    [Greenlet]
    public List<int> Consume()
    {
        var results = new List<int>();
        while (Output.Get() is int result)
            results.Add(result);
        return results;
    }
}
