using System.Diagnostics;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Waiting;

/// <summary>
/// A twin waiting for a <see cref="Task"/> that runs elsewhere (the thread pool, an async API): the greenlet
/// parks, the completion is posted back to the hub, and a kill or timeout abandons the wait at once.
/// </summary>
internal readonly struct TaskAwaitable<T> : ICriticalNotifyCompletion, IGreenAwaiter
{
    private readonly Hub _hub;
    private readonly Task<T> _task;
    private readonly string _description;

    public TaskAwaitable(Hub hub, Task<T> task, string description)
    {
        _hub = hub;
        _task = task;
        _description = description;
    }

    public TaskAwaitable<T> GetAwaiter() => this;

    public bool IsCompleted => _task.IsCompleted || _hub.CurrentGreenlet.Interruption is not null;

    [StackTraceHidden]
    public T GetResult()
    {
        Hub.ThrowIfInterrupted(_hub.CurrentGreenlet);
        return _task.GetAwaiter().GetResult();
    }

    void IGreenAwaiter.OnCompleted(IResumable continuation)
    {
        var ticket = _hub.ParkExternal(_hub.CurrentGreenlet, continuation, _description, interruptible: true);
        _task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(ticket.Post);
    }

    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    public void UnsafeOnCompleted(Action continuation) =>
        ((IGreenAwaiter)this).OnCompleted(new ActionResumable(continuation));
}
