using System.Diagnostics;
using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>
/// A flag greenlets can wait for (gevent.event.Event): <see cref="Set"/> wakes every waiter, and later
/// waits return at once until <see cref="Clear"/>.
/// </summary>
public sealed class GreenEvent : IWaitable
{
    private readonly Hub _hub = Hub.Current;
    private readonly WaiterQueue _waiters = new();
    private bool _set;

    // Waiters the last Set woke that have not run yet. While there are any the event is still notifying, and a new
    // wait runs after them, not before (gevent's "wait while notifying").
    private int _notifying;

    /// <summary>The waiters (tests: a wait that ended must leave no observer behind).</summary>
    internal WaiterQueue Waiters => _waiters;

    /// <summary>Whether the flag is set.</summary>
    public bool IsSet => _set;

    /// <summary>Sets the flag and wakes every waiting greenlet.</summary>
    public void Set()
    {
        _hub.CheckThread(this);
        if (_set)
            return;
        _set = true;
        _notifying += _waiters.WakeAll(_hub, this);
    }

    /// <summary>Clears the flag; later waits block until the next <see cref="Set"/>.</summary>
    public void Clear()
    {
        _hub.CheckThread(this);
        _set = false;
    }

    /// <summary>Waits until the flag is set; returns false if <paramref name="timeout"/> passed first.</summary>
    public bool Wait(TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        if (_set && _notifying == 0)
            return true;
        _hub.EnsureCanBlock("GreenEvent.Wait");
        return _hub.Block(WaitTask(timeout));
    }

    private async GreenTask<bool> WaitTask(TimeSpan? timeout) => await Wait(default(GreenSuspend), timeout);

    /// <summary>The resumable twin of <see cref="Wait(TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Awaitable Wait(GreenSuspend suspend, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return new Awaitable(this, Hub.DeadlineAfter(timeout));
    }

    Hub IWaitable.Hub => _hub;

    bool IWaitable.IsReady => _set;

    void IWaitable.AddObserver(IWaitObserver observer) => _waiters.Add(observer);

    void IWaitable.RemoveObserver(IWaitObserver observer) => _waiters.Remove(observer);

    /// <inheritdoc />
    public override string ToString() => _set ? "GreenEvent (set)" : "GreenEvent (not set)";

    /// <summary>A twin waiting for the event.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Awaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly GreenEvent _event;
        private readonly long _deadline;

        internal Awaitable(GreenEvent greenEvent, long deadline)
        {
            _event = greenEvent;
            _deadline = deadline;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public Awaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for (set, and done waking the waiters of the last Set).</summary>
        public bool IsCompleted =>
            (_event._set && _event._notifying == 0)
            || _event._hub.CurrentGreenlet.Interruption is not null
            || Hub.DeadlinePassed(_deadline);

        /// <summary>Returns whether the event was set (false: timed out).</summary>
        [StackTraceHidden]
        public bool GetResult()
        {
            var greenlet = _event._hub.CurrentGreenlet;
            bool signaled = WaiterQueue.EndWait(greenlet);
            if (signaled)
                _event._notifying--;
            // Woken by Set (even if cleared since), or resumed after the waiters of the last Set, unless a kill, a
            // timeout scope or the deadline ended the wait.
            bool wasSet = greenlet.Interruption is null
                && (signaled
                    || _event._set
                    || ((greenlet.Flags & Greenlet.FlagTimedOut) == 0
                        && !Hub.DeadlinePassed(_deadline)));
            Hub.ThrowIfInterrupted(greenlet);
            return wasSet;
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation) => Register(continuation);

        internal void Register(IResumable continuation)
        {
            var hub = _event._hub;
            var waiter = hub.CurrentGreenlet;
            if (_event._set)
            {
                // Set, but still waking the waiters of the last Set: run after them.
                hub.Yield(waiter, continuation);
                return;
            }
            _event._waiters.Park(hub, continuation, _event, _deadline);
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) =>
            ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
    }
}
