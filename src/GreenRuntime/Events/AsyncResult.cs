using System.Diagnostics;
using System.ComponentModel;
using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>
/// A value or an exception that greenlets can wait for (gevent.event.AsyncResult): <see cref="Set"/> or
/// <see cref="SetException"/> wakes every waiter in the order they started waiting, and later waits return at once.
/// </summary>
/// <remarks>
/// <para>Like gevent's, the result can be set again: a later <see cref="Set"/> or <see cref="SetException"/> replaces
/// the outcome (it stays ready).</para>
/// <para><b>From another thread.</b> <see cref="Set"/> and <see cref="SetException"/> are thread-safe entry points
/// (DESIGN §3: completing a future): called from a thread other than the hub's, they post the completion to the hub
/// (<see cref="Hub.Post"/>) and return; the waiters wake on the hub's thread. Everything else belongs to the hub's
/// thread. A hub whose only hope is such a completion would raise <see cref="LoopExitException"/> before it
/// arrives: set <see cref="ExpectsSetFromOtherThread"/> first.</para>
/// </remarks>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class AsyncResult<T> : IWaitable
{
    private readonly Hub _hub = Hub.Current;
    private readonly WaiterQueue _waiters = new();
    private bool _ready;
    private T? _value;
    private Exception? _exception;
    private bool _expectsOtherThread;

    // Waiters the last completion woke that have not run yet: a new wait runs after them (as GreenEvent's).
    private int _notifying;

    /// <summary>Whether a value or an exception was set.</summary>
    public bool Ready => _ready;

    /// <summary>Whether a value was set (not an exception).</summary>
    public bool Successful => _ready && _exception is null;

    /// <summary>The value, or <see langword="default"/> until <see cref="Set"/> (and after <see cref="SetException"/>).</summary>
    public T? Value => _exception is null ? _value : default;

    /// <summary>The exception set with <see cref="SetException"/>, or <see langword="null"/>.</summary>
    public Exception? Exception => _exception;

    /// <summary>
    /// Whether another thread is going to complete this result: while it is set and the result is not, the hub counts
    /// on that completion, so a wait on it blocks instead of raising <see cref="LoopExitException"/> when nothing else
    /// could wake the hub (and <see cref="Hub.Run"/> keeps running). It is cleared when the result is completed.
    /// </summary>
    public bool ExpectsSetFromOtherThread
    {
        get => _expectsOtherThread;
        set
        {
            _hub.CheckThread(this);
            if (value == _expectsOtherThread || (value && _ready))
                return;
            _expectsOtherThread = value;
            if (value)
                _hub.ExpectOtherThread();
            else
                _hub.StopExpectingOtherThread();
        }
    }

    /// <summary>Stores <paramref name="value"/> and wakes every waiter. Thread-safe: see the remarks.</summary>
    public void Set(T value)
    {
        if (!_hub.IsOwnerThread)
        {
            _hub.Post(() => Complete(value, null));
            return;
        }
        Complete(value, null);
    }

    /// <summary>
    /// Stores <paramref name="exception"/>, which <see cref="Get(bool, TimeSpan?)"/> rethrows with its original stack
    /// trace, and wakes every waiter. Thread-safe: see the remarks.
    /// </summary>
    public void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (!_hub.IsOwnerThread)
        {
            _hub.Post(() => Complete(default, exception));
            return;
        }
        Complete(default, exception);
    }

    private void Complete(T? value, Exception? exception)
    {
        _value = value;
        _exception = exception;
        ExpectsSetFromOtherThread = false;
        if (_ready)
            return;
        _ready = true;
        _notifying += _waiters.WakeAll(_hub, this);
    }

    /// <summary>
    /// Returns the value, waiting for it if <paramref name="block"/> is true; rethrows the exception set with
    /// <see cref="SetException"/> with its original stack trace. Throws <see cref="GreenTimeoutException"/> if nothing is
    /// set within <paramref name="timeout"/> (at once when <paramref name="block"/> is false).
    /// </summary>
    public T Get(bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        if (!_ready && block)
            Wait(timeout);
        return Outcome(block, timeout);
    }

    /// <summary>The resumable twin of <see cref="Get(bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Awaitable Get(GreenSuspend suspend, bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return new Awaitable(this, block ? Hub.DeadlineAfter(timeout) : long.MinValue, forGet: true, timeout);
    }

    /// <summary>Waits until the result is ready; returns false if <paramref name="timeout"/> passed first. Never throws the result's exception.</summary>
    public bool Wait(TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        if (_ready && _notifying == 0)
            return true;
        _hub.EnsureCanBlock("AsyncResult.Wait");
        return _hub.Block(WaitTask(timeout));
    }

    private async GreenTask<bool> WaitTask(TimeSpan? timeout) => await Wait(default(GreenSuspend), timeout);

    /// <summary>The resumable twin of <see cref="Wait(TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public WaitAwaitable Wait(GreenSuspend suspend, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        return new WaitAwaitable(new Awaitable(this, Hub.DeadlineAfter(timeout), forGet: false, timeout));
    }

    [StackTraceHidden]
    private T Outcome(bool block, TimeSpan? timeout)
    {
        if (!_ready)
        {
            throw new GreenTimeoutException(block
                ? $"The AsyncResult was not set within {timeout}."
                : "The AsyncResult is not set (Get was called with block: false).");
        }
        if (_exception is not null)
            ExceptionDispatchInfo.Throw(_exception);
        return _value!;
    }

    Hub IWaitable.Hub => _hub;

    bool IWaitable.IsReady => _ready;

    void IWaitable.AddObserver(IWaitObserver observer) => _waiters.Add(observer);

    void IWaitable.RemoveObserver(IWaitObserver observer) => _waiters.Remove(observer);

    /// <inheritdoc />
    public override string ToString() =>
        !_ready ? $"AsyncResult<{typeof(T).Name}> (not set)"
        : _exception is not null ? $"AsyncResult<{typeof(T).Name}> (failed: {_exception.GetType().Name})"
        : $"AsyncResult<{typeof(T).Name}> (set)";

    /// <summary>A twin waiting for the result; its result is the value (rethrowing the exception).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct Awaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly AsyncResult<T> _result;
        private readonly long _deadline;
        private readonly TimeSpan? _timeout;
        private readonly bool _forGet;

        internal Awaitable(AsyncResult<T> result, long deadline, bool forGet, TimeSpan? timeout)
        {
            _result = result;
            _deadline = deadline;
            _forGet = forGet;
            _timeout = timeout;
        }

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public Awaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for (ready, and done waking the waiters of the last completion).</summary>
        public bool IsCompleted =>
            (_result._ready && (_result._notifying == 0 || _forGet))
            || _result._hub.CurrentGreenlet.Interruption is not null
            || Hub.DeadlinePassed(_deadline);

        /// <summary>Returns the value; rethrows the result's exception; throws <see cref="GreenTimeoutException"/> on timeout.</summary>
        [StackTraceHidden]
        public T GetResult()
        {
            EndWait();
            return _result.Outcome(_deadline != long.MinValue, _timeout);
        }

        /// <summary>Ends the wait: whether the result is ready (false: timed out). Throws a pending kill or timeout scope.</summary>
        [StackTraceHidden]
        internal bool EndWait()
        {
            var greenlet = _result._hub.CurrentGreenlet;
            if (WaiterQueue.EndWait(greenlet))
                _result._notifying--;
            Hub.ThrowIfInterrupted(greenlet);
            return _result._ready;
        }

        void IGreenAwaiter.OnCompleted(IResumable continuation)
        {
            var hub = _result._hub;
            if (_result._ready)
            {
                // Ready, but still waking the waiters of the last completion: run after them.
                hub.Yield(hub.CurrentGreenlet, continuation);
                return;
            }
            _result._waiters.Park(hub, continuation, _result, _deadline);
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) =>
            ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
    }

    /// <summary>A twin's <see cref="Wait(GreenSuspend, TimeSpan?)"/>: whether the result became ready in time.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly struct WaitAwaitable : ICriticalNotifyCompletion, IGreenAwaiter
    {
        private readonly Awaitable _wait;

        internal WaitAwaitable(Awaitable wait) => _wait = wait;

        /// <summary>Gets the awaiter (the awaitable itself).</summary>
        public WaitAwaitable GetAwaiter() => this;

        /// <summary>Whether there is nothing to wait for.</summary>
        public bool IsCompleted => _wait.IsCompleted;

        /// <summary>Whether the result is ready (false: timed out). Never throws the result's exception.</summary>
        [StackTraceHidden]
        public bool GetResult() => _wait.EndWait();

        void IGreenAwaiter.OnCompleted(IResumable continuation) => ((IGreenAwaiter)_wait).OnCompleted(continuation);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) =>
            ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
    }
}
