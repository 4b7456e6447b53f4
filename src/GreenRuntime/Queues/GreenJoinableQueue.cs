using System.ComponentModel;
using GreenRuntime.CompilerServices;

namespace GreenRuntime;

/// <summary>
/// A FIFO queue that also counts unfinished work (gevent.queue.JoinableQueue): every item put adds one to
/// <see cref="UnfinishedTasks"/>, a consumer calls <see cref="TaskDone"/> when it has finished with an item it got, and
/// <see cref="Join(TimeSpan?)"/> waits until the count is back to zero.
/// </summary>
/// <typeparam name="T">The items' type.</typeparam>
public class GreenJoinableQueue<T> : GreenQueue<T>
{
    private readonly Hub _hub = Hub.Current;
    private readonly GreenEvent _allDone = new();
    private int _unfinished;

    /// <summary>Creates a joinable queue holding at most <paramref name="maxSize"/> items (<see langword="null"/>: unbounded).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSize"/> is zero or negative.</exception>
    public GreenJoinableQueue(int? maxSize = null)
        : base(maxSize, fifo: true, observesStores: true)
    {
        _allDone.Set();
    }

    /// <summary>Items put and not yet marked done with <see cref="TaskDone"/>.</summary>
    public int UnfinishedTasks
    {
        get
        {
            _hub.CheckThread(this);
            return _unfinished;
        }
    }

    private protected override void StoreOverride(T item)
    {
        base.StoreOverride(item);
        if (_unfinished++ == 0)
            _allDone.Clear();
    }

    /// <summary>
    /// Marks one item got from the queue as finished; when every item put is, wakes every <see cref="Join(TimeSpan?)"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called more times than items were put.</exception>
    public void TaskDone()
    {
        _hub.CheckThread(this);
        if (_unfinished == 0)
        {
            throw new InvalidOperationException(
                $"TaskDone was called more times than items were put into {this}: call it once per item you got, after finishing with it.");
        }
        if (--_unfinished == 0)
            _allDone.Set();
    }

    /// <summary>Waits until every item put has been marked done; returns false if <paramref name="timeout"/> passed first.</summary>
    public bool Join(TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        if (_unfinished == 0)
            return true;
        _hub.EnsureCanBlock("GreenJoinableQueue.Join");
        return _allDone.Wait(timeout);
    }

    /// <summary>The resumable twin of <see cref="Join(TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenEvent.Awaitable Join(GreenSuspend suspend, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return _allDone.Wait(suspend, timeout);
    }

    /// <inheritdoc />
    public override string ToString() => $"{base.ToString()[..^1]}, {_unfinished} unfinished)";
}
