using GreenRuntime.CompilerServices;

namespace GreenRuntime.Greenlets;

/// <summary>A greenlet body that needs more than a delegate: a twin and the arguments to call it with.</summary>
internal abstract class GreenletBody
{
    /// <summary>Runs the body up to its first suspension; null means it finished and stored its result.</summary>
    public abstract GreenTaskSource? Start(Greenlet greenlet);

    /// <summary>The function the greenlet runs (for <see cref="Greenlet.ToString"/>).</summary>
    public abstract Delegate Function { get; }

    /// <summary>The arguments it is called with (for <see cref="Greenlet.ToString"/>).</summary>
    public abstract object?[] Arguments { get; }
}

internal sealed class TwinBody<T1, R>(Func<T1, GreenTask<R>> fn, T1 arg1) : GreenletBody
{
    public override Delegate Function => fn;

    public override object?[] Arguments => [arg1];

    public override GreenTaskSource? Start(Greenlet greenlet)
    {
        var task = fn(arg1);
        if (task.Source is not null)
            return task.Source;
        ((Greenlet<R>)greenlet).SetValue(task.GetResult());
        return null;
    }
}

internal sealed class VoidTwinBody<T1>(Func<T1, GreenTask> fn, T1 arg1) : GreenletBody
{
    public override Delegate Function => fn;

    public override object?[] Arguments => [arg1];

    public override GreenTaskSource? Start(Greenlet greenlet) => fn(arg1).Source;
}

internal sealed class TwinBody<T1, T2, R>(Func<T1, T2, GreenTask<R>> fn, T1 arg1, T2 arg2) : GreenletBody
{
    public override Delegate Function => fn;

    public override object?[] Arguments => [arg1, arg2];

    public override GreenTaskSource? Start(Greenlet greenlet)
    {
        var task = fn(arg1, arg2);
        if (task.Source is not null)
            return task.Source;
        ((Greenlet<R>)greenlet).SetValue(task.GetResult());
        return null;
    }
}

internal sealed class VoidTwinBody<T1, T2>(Func<T1, T2, GreenTask> fn, T1 arg1, T2 arg2) : GreenletBody
{
    public override Delegate Function => fn;

    public override object?[] Arguments => [arg1, arg2];

    public override GreenTaskSource? Start(Greenlet greenlet) => fn(arg1, arg2).Source;
}

internal sealed class TwinBody<T1, T2, T3, R>(Func<T1, T2, T3, GreenTask<R>> fn, T1 arg1, T2 arg2, T3 arg3) : GreenletBody
{
    public override Delegate Function => fn;

    public override object?[] Arguments => [arg1, arg2, arg3];

    public override GreenTaskSource? Start(Greenlet greenlet)
    {
        var task = fn(arg1, arg2, arg3);
        if (task.Source is not null)
            return task.Source;
        ((Greenlet<R>)greenlet).SetValue(task.GetResult());
        return null;
    }
}

internal sealed class VoidTwinBody<T1, T2, T3>(Func<T1, T2, T3, GreenTask> fn, T1 arg1, T2 arg2, T3 arg3) : GreenletBody
{
    public override Delegate Function => fn;

    public override object?[] Arguments => [arg1, arg2, arg3];

    public override GreenTaskSource? Start(Greenlet greenlet) => fn(arg1, arg2, arg3).Source;
}

internal sealed class TwinBody<T1, T2, T3, T4, R>(Func<T1, T2, T3, T4, GreenTask<R>> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4) : GreenletBody
{
    public override Delegate Function => fn;

    public override object?[] Arguments => [arg1, arg2, arg3, arg4];

    public override GreenTaskSource? Start(Greenlet greenlet)
    {
        var task = fn(arg1, arg2, arg3, arg4);
        if (task.Source is not null)
            return task.Source;
        ((Greenlet<R>)greenlet).SetValue(task.GetResult());
        return null;
    }
}

internal sealed class VoidTwinBody<T1, T2, T3, T4>(Func<T1, T2, T3, T4, GreenTask> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4) : GreenletBody
{
    public override Delegate Function => fn;

    public override object?[] Arguments => [arg1, arg2, arg3, arg4];

    public override GreenTaskSource? Start(Greenlet greenlet) => fn(arg1, arg2, arg3, arg4).Source;
}
