using System.Diagnostics;
using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;

namespace GreenRuntime.Greenlets;

/// <summary>
/// <see cref="Green.JoinAll(IEnumerable{Greenlet}, TimeSpan?, bool, int?)"/>: joins every greenlet in turn, or, with a
/// count or raiseError, collects them in the order they finish through <see cref="ReadyObjects"/> (Green.Wait's).
/// </summary>
internal static class JoinAllWaiter
{
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

        // With a count or raiseError: the greenlets in the order they finish, as Green.Wait collects them (the ones
        // finished already first), rethrowing a failure as soon as it is seen.
        var done = new List<Greenlet>(wanted);
        using var finishing = new ReadyObjects(greenlets, RemainingUntil(deadline), count);
        while (await finishing.MoveNext(default(GreenSuspend)))
        {
            var greenlet = (Greenlet)finishing.Current;
            if (raiseError && greenlet.Exception is { } failure)
                ExceptionDispatchInfo.Throw(failure);
            done.Add(greenlet);
        }
        return done;
    }

    private static TimeSpan? RemainingUntil(long deadline)
    {
        if (deadline == long.MaxValue)
            return null;
        long left = Math.Max(0, deadline - Stopwatch.GetTimestamp());
        return TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
    }
}
