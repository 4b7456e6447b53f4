using GreenRuntime.Waiting;

namespace GreenRuntime.Queues;

/// <summary>
/// A <c>Put</c> made from a thread other than the queue's hub: posted to the hub, which accepts the item (there is room,
/// or a getter takes it) or refuses it (<c>block: false</c> and no room), while the calling OS thread waits for the
/// answer. Until accepted it waits in the queue's putters as an observer, in FIFO order with the parked greenlets.
/// </summary>
/// <remarks>
/// Exactly one outcome wins (a compare-and-swap on the state): the hub's accept or refuse, or the caller's give-up when
/// its timeout passes. So the item is stored once or not at all — never lost after the caller was told it was put,
/// never stored after the caller was told it was not.
/// </remarks>
internal sealed class ForeignPut<T>(T item) : IWaitObserver
{
    private const int Pending = 0;
    private const int Accepted = 1;
    private const int Refused = 2;
    private const int Abandoned = 3;

    private int _state;

    public T Item => item;

    /// <summary>Whether the hub took the item (read on the hub after <see cref="TryAccept"/>).</summary>
    public bool IsAccepted => Volatile.Read(ref _state) == Accepted;

    /// <summary>Whether the caller gave up (its timeout passed) before the hub answered.</summary>
    public bool IsAbandoned => Volatile.Read(ref _state) == Abandoned;

    /// <summary>On the hub: commits to storing the item; false if the caller already gave up.</summary>
    public bool TryAccept() => Settle(Accepted);

    /// <summary>On the hub: tells the caller there was no room (<c>block: false</c>).</summary>
    public void Refuse() => Settle(Refused);

    /// <summary>A free slot (or a getter) reached this put: accept it; the queue then stores the item.</summary>
    public void OnSignaled(object source) => TryAccept();

    /// <summary>
    /// On the calling thread: waits for the hub's answer; true if the item was accepted. When
    /// <paramref name="timeout"/> passes first the put is abandoned (false) unless the hub answered in the meantime.
    /// </summary>
    public bool WaitForAnswer(TimeSpan? timeout)
    {
        lock (this)
        {
            if (timeout is not { } t || t == System.Threading.Timeout.InfiniteTimeSpan)
            {
                while (Volatile.Read(ref _state) == Pending)
                    Monitor.Wait(this);
            }
            else
            {
                long deadline = Environment.TickCount64 + (long)Math.Ceiling(t.TotalMilliseconds);
                while (Volatile.Read(ref _state) == Pending)
                {
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0)
                        break;
                    Monitor.Wait(this, (int)Math.Min(left, int.MaxValue));
                }
            }
        }
        if (Interlocked.CompareExchange(ref _state, Abandoned, Pending) == Pending)
            return false;
        return Volatile.Read(ref _state) == Accepted;
    }

    private bool Settle(int outcome)
    {
        if (Interlocked.CompareExchange(ref _state, outcome, Pending) != Pending)
            return false;
        lock (this)
            Monitor.PulseAll(this);
        return true;
    }
}
