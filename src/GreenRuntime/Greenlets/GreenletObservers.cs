using GreenRuntime.CompilerServices;
using GreenRuntime.Hubs;
using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>Told when a greenlet finishes (joiners that are not greenlets, links, async awaiters).</summary>
internal interface IGreenletObserver : IWaitObserver
{
    void OnFinished(Greenlet greenlet);

    void IWaitObserver.OnSignaled(object source) => OnFinished((Greenlet)source);
}

internal enum LinkKind
{
    Any,
    Value,
    Exception,
}

/// <summary>A <see cref="Greenlet.Link"/> callback: runs on the hub, after the greenlet died, in link order.</summary>
/// <remarks>
/// Once scheduled it stays among the dead greenlet's observers until it runs, so an <see cref="Greenlet.Unlink"/> by
/// an earlier link of the same notification still cancels it (gevent pops its links one at a time).
/// </remarks>
internal sealed class LinkCallback(Greenlet source, Action<Greenlet> callback, LinkKind kind) : HubCallback, IGreenletObserver
{
    public Action<Greenlet> Callback => callback;

    public override string ToString() => $"a link callback ({UserMethodNames.Of(callback.Method)}) of greenlet '{source.Name}'";

    public void OnFinished(Greenlet greenlet)
    {
        bool wanted = kind switch
        {
            LinkKind.Value => greenlet.Successful,
            LinkKind.Exception => !greenlet.Successful,
            _ => true,
        };
        if (!wanted)
            return;
        greenlet.AddObserver(this);
        greenlet.Hub.ScheduleCallback(this);
    }

    public override void Invoke(Hub hub)
    {
        if (!source.TakeScheduledLink(this))
            return; // unlinked after it was scheduled
        try
        {
            callback(source);
        }
        catch (Exception exception)
        {
            hub.ReportError(source, exception);
        }
    }
}

/// <summary>An <c>await greenlet</c> from async code, possibly on another thread.</summary>
internal sealed class AsyncWaiter(Action continuation, SynchronizationContext? context) : IGreenletObserver
{
    public static void Register(Greenlet greenlet, Action continuation)
    {
        var waiter = new AsyncWaiter(continuation, SynchronizationContext.Current);
        if (greenlet.Dead)
        {
            // Finished since IsCompleted was asked: its hub may not run again.
            waiter.OnFinished(greenlet);
            return;
        }
        // Registration happens on the hub thread, so it never races with the greenlet finishing.
        greenlet.Hub.Post(() =>
        {
            if (greenlet.Dead)
                waiter.OnFinished(greenlet);
            else
                greenlet.AddObserver(waiter);
        });
    }

    public void OnFinished(Greenlet greenlet)
    {
        // Never run foreign continuations on the hub thread: they could block it.
        if (context is not null)
            context.Post(static state => ((Action)state!)(), continuation);
        else
            ThreadPool.UnsafeQueueUserWorkItem(static action => action(), continuation, preferLocal: false);
    }
}
