using System.Diagnostics;
using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;

namespace GreenRuntime.Greenlets;

/// <summary>
/// <see cref="Green.JoinAll(IEnumerable{Greenlet}, TimeSpan?, bool, int?)"/>: collects greenlets in the order
/// they finish and wakes its owner on each.
/// </summary>
internal sealed class JoinAllWaiter : IGreenletObserver
{
    private readonly Hub _hub;
    private readonly WaiterQueue _owner = new();
    private readonly List<Greenlet> _finished = [];

    private JoinAllWaiter(Hub hub) => _hub = hub;

    public static async GreenTask<IReadOnlyList<Greenlet>> Run(Greenlet[] greenlets, long deadline, bool raiseError, int? count)
    {
        var hub = Hub.Current;
        foreach (var greenlet in greenlets)
        {
            // This thread's own hub needs no check (reading the managed thread id per greenlet is a TLS access).
            if (!ReferenceEquals(greenlet.Hub, hub))
                greenlet.Hub.CheckThread(greenlet);
        }
        int wanted = Math.Min(count ?? greenlets.Length, greenlets.Length);

        if (!raiseError && count is null)
        {
            // Plain join of all: wait for each in turn; FIFO scheduling makes this one wake-up per batch.
            foreach (var greenlet in greenlets)
            {
                if (!greenlet.Dead && !await greenlet.Join(default, RemainingUntil(deadline)))
                    break;
            }
            int dead = 0;
            foreach (var greenlet in greenlets)
            {
                if (greenlet.Dead)
                    dead++;
            }
            if (dead == greenlets.Length)
                return Array.AsReadOnly(greenlets);
            return Array.FindAll(greenlets, g => g.Dead);
        }

        var waiter = new JoinAllWaiter(hub);
        var done = new List<Greenlet>();
        var pending = new List<Greenlet>();
        foreach (var greenlet in greenlets)
        {
            if (greenlet.Dead)
                done.Add(greenlet);
            else
                pending.Add(greenlet);
        }
        foreach (var greenlet in pending)
            greenlet.AddObserver(waiter);
        try
        {
            int checkedUpTo = 0;
            while (true)
            {
                done.AddRange(waiter._finished);
                waiter._finished.Clear();
                if (raiseError)
                {
                    for (; checkedUpTo < done.Count; checkedUpTo++)
                    {
                        if (done[checkedUpTo].Exception is { } failure)
                            ExceptionDispatchInfo.Throw(failure);
                    }
                }
                if (done.Count >= wanted)
                    return done.Count > wanted ? done.GetRange(0, wanted) : done;
                if (Hub.DeadlinePassed(deadline))
                    return done;
                await new SignalAwaitable(hub, waiter._owner, waiter, deadline);
                Hub.ThrowIfInterrupted(hub.CurrentGreenlet);
            }
        }
        finally
        {
            foreach (var greenlet in pending)
            {
                if (!greenlet.Dead)
                    greenlet.RemoveObserver(waiter);
            }
        }
    }

    private static TimeSpan? RemainingUntil(long deadline)
    {
        if (deadline == long.MaxValue)
            return null;
        long left = Math.Max(0, deadline - Stopwatch.GetTimestamp());
        return TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
    }

    public void OnFinished(Greenlet greenlet)
    {
        _finished.Add(greenlet);
        _owner.WakeOne(_hub, greenlet);
    }

    public override string ToString() => "Green.JoinAll";
}
