using System.Diagnostics;
using System.ComponentModel;

namespace GreenRuntime.CompilerServices;

/// <summary>
/// What the generator's interceptors call for a <c>[Greenlet]</c> method called from ordinary code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GreenCall
{
    /// <summary>A direct call: runs this thread's hub until the twin returns, like gevent's main greenlet.</summary>
    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    public static void Run(GreenTask task)
    {
        if (!task.IsCompleted)
            Hub.Current.Block(task);
        else
            task.GetResult();
    }

    /// <summary>A direct call: runs this thread's hub until the twin returns, like gevent's main greenlet.</summary>
    [StackTraceHidden]
    [MethodImpl(HotPath.Options)]
    public static T Run<T>(GreenTask<T> task) => task.IsCompleted ? task.GetResult() : Hub.Current.Block(task);

    /// <summary>
    /// The call <c>M(args)</c> that is the whole body of a lambda passed to a GreenRuntime API
    /// (<c>Green.Spawn(() =&gt; M(args))</c>): the new greenlet takes over M's twin instead of blocking.
    /// </summary>
    [StackTraceHidden]
    public static void RunAsLambdaBody(GreenTask task)
    {
        if (!task.IsCompleted && TryCapture(task.Source!))
            return;
        Run(task);
    }

    /// <inheritdoc cref="RunAsLambdaBody(GreenTask)"/>
    [StackTraceHidden]
    public static T RunAsLambdaBody<T>(GreenTask<T> task)
    {
        if (!task.IsCompleted && TryCapture(task.Source!))
            return default!;
        return Run(task);
    }

    private static bool TryCapture(GreenTaskSource source)
    {
        var hub = Hub.Current;
        var target = hub.CaptureTarget;
        if (target is null || target != hub.CurrentGreenlet)
            return false;
        hub.CaptureTarget = null;
        hub.Captured = source;
        return true;
    }
}
