using System.ComponentModel;
using GreenRuntime.CompilerServices;
using GreenRuntime.Greenlets;

namespace GreenRuntime;

// The Spawn and SpawnLater overload families: 0-4 arguments, Action and Func, and the hidden twin
// overloads that generated code calls with a [Greenlet] method's resumable twin.
public static partial class Green
{
    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <param name="fn">The function to run.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet Spawn(Action fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, GreenTask>>(fn) is { } twin)
            return Spawn(default(GreenSuspend), () => twin(default));
        return Start(Created(fn), null);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet Spawn(GreenSuspend suspend, Func<GreenTask> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created(fn), null);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet Spawn<T1>(Action<T1> fn, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, GreenTask>>(fn) is { } twin)
            return Spawn(default(GreenSuspend), a1 => twin(default, a1), arg1);
        return Start(Created((Action)(() => fn(arg1))), null);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet Spawn<T1>(GreenSuspend suspend, Func<T1, GreenTask> fn, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created(new VoidTwinBody<T1>(fn, arg1)), null);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet Spawn<T1, T2>(Action<T1, T2> fn, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, GreenTask>>(fn) is { } twin)
            return Spawn(default(GreenSuspend), (a1, a2) => twin(default, a1, a2), arg1, arg2);
        return Start(Created((Action)(() => fn(arg1, arg2))), null);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet Spawn<T1, T2>(GreenSuspend suspend, Func<T1, T2, GreenTask> fn, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created(new VoidTwinBody<T1, T2>(fn, arg1, arg2)), null);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet Spawn<T1, T2, T3>(Action<T1, T2, T3> fn, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, T3, GreenTask>>(fn) is { } twin)
            return Spawn(default(GreenSuspend), (a1, a2, a3) => twin(default, a1, a2, a3), arg1, arg2, arg3);
        return Start(Created((Action)(() => fn(arg1, arg2, arg3))), null);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet Spawn<T1, T2, T3>(GreenSuspend suspend, Func<T1, T2, T3, GreenTask> fn, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created(new VoidTwinBody<T1, T2, T3>(fn, arg1, arg2, arg3)), null);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet Spawn<T1, T2, T3, T4>(Action<T1, T2, T3, T4> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, T3, T4, GreenTask>>(fn) is { } twin)
            return Spawn(default(GreenSuspend), (a1, a2, a3, a4) => twin(default, a1, a2, a3, a4), arg1, arg2, arg3, arg4);
        return Start(Created((Action)(() => fn(arg1, arg2, arg3, arg4))), null);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet Spawn<T1, T2, T3, T4>(GreenSuspend suspend, Func<T1, T2, T3, T4, GreenTask> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created(new VoidTwinBody<T1, T2, T3, T4>(fn, arg1, arg2, arg3, arg4)), null);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet<R> Spawn<R>(Func<R> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, GreenTask<R>>>(fn) is { } twin)
            return Spawn(default(GreenSuspend), () => twin(default));
        return Start(Created<R>(fn), null);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<R> Spawn<R>(GreenSuspend suspend, Func<GreenTask<R>> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created<R>(fn), null);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet<R> Spawn<T1, R>(Func<T1, R> fn, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, GreenTask<R>>>(fn) is { } twin)
            return Spawn(default(GreenSuspend), a1 => twin(default, a1), arg1);
        return Start(Created<R>((Func<R>)(() => fn(arg1))), null);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<R> Spawn<T1, R>(GreenSuspend suspend, Func<T1, GreenTask<R>> fn, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created<R>(new TwinBody<T1, R>(fn, arg1)), null);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet<R> Spawn<T1, T2, R>(Func<T1, T2, R> fn, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, GreenTask<R>>>(fn) is { } twin)
            return Spawn(default(GreenSuspend), (a1, a2) => twin(default, a1, a2), arg1, arg2);
        return Start(Created<R>((Func<R>)(() => fn(arg1, arg2))), null);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<R> Spawn<T1, T2, R>(GreenSuspend suspend, Func<T1, T2, GreenTask<R>> fn, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created<R>(new TwinBody<T1, T2, R>(fn, arg1, arg2)), null);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet<R> Spawn<T1, T2, T3, R>(Func<T1, T2, T3, R> fn, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, T3, GreenTask<R>>>(fn) is { } twin)
            return Spawn(default(GreenSuspend), (a1, a2, a3) => twin(default, a1, a2, a3), arg1, arg2, arg3);
        return Start(Created<R>((Func<R>)(() => fn(arg1, arg2, arg3))), null);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<R> Spawn<T1, T2, T3, R>(GreenSuspend suspend, Func<T1, T2, T3, GreenTask<R>> fn, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created<R>(new TwinBody<T1, T2, T3, R>(fn, arg1, arg2, arg3)), null);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet; it never runs synchronously, and greenlets first run in spawn order.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet<R> Spawn<T1, T2, T3, T4, R>(Func<T1, T2, T3, T4, R> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, T3, T4, GreenTask<R>>>(fn) is { } twin)
            return Spawn(default(GreenSuspend), (a1, a2, a3, a4) => twin(default, a1, a2, a3, a4), arg1, arg2, arg3, arg4);
        return Start(Created<R>((Func<R>)(() => fn(arg1, arg2, arg3, arg4))), null);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<R> Spawn<T1, T2, T3, T4, R>(GreenSuspend suspend, Func<T1, T2, T3, T4, GreenTask<R>> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created<R>(new TwinBody<T1, T2, T3, T4, R>(fn, arg1, arg2, arg3, arg4)), null);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The function to run.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet SpawnLater(TimeSpan delay, Action fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, GreenTask>>(fn) is { } twin)
            return SpawnLater(default(GreenSuspend), delay, () => twin(default));
        return Start(Created(fn), delay);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The twin to run.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLater(GreenSuspend suspend, TimeSpan delay, Func<GreenTask> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created(fn), delay);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet SpawnLater<T1>(TimeSpan delay, Action<T1> fn, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, GreenTask>>(fn) is { } twin)
            return SpawnLater(default(GreenSuspend), delay, a1 => twin(default, a1), arg1);
        return Start(Created((Action)(() => fn(arg1))), delay);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLater<T1>(GreenSuspend suspend, TimeSpan delay, Func<T1, GreenTask> fn, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created(new VoidTwinBody<T1>(fn, arg1)), delay);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet SpawnLater<T1, T2>(TimeSpan delay, Action<T1, T2> fn, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, GreenTask>>(fn) is { } twin)
            return SpawnLater(default(GreenSuspend), delay, (a1, a2) => twin(default, a1, a2), arg1, arg2);
        return Start(Created((Action)(() => fn(arg1, arg2))), delay);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLater<T1, T2>(GreenSuspend suspend, TimeSpan delay, Func<T1, T2, GreenTask> fn, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created(new VoidTwinBody<T1, T2>(fn, arg1, arg2)), delay);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet SpawnLater<T1, T2, T3>(TimeSpan delay, Action<T1, T2, T3> fn, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, T3, GreenTask>>(fn) is { } twin)
            return SpawnLater(default(GreenSuspend), delay, (a1, a2, a3) => twin(default, a1, a2, a3), arg1, arg2, arg3);
        return Start(Created((Action)(() => fn(arg1, arg2, arg3))), delay);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLater<T1, T2, T3>(GreenSuspend suspend, TimeSpan delay, Func<T1, T2, T3, GreenTask> fn, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created(new VoidTwinBody<T1, T2, T3>(fn, arg1, arg2, arg3)), delay);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet SpawnLater<T1, T2, T3, T4>(TimeSpan delay, Action<T1, T2, T3, T4> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, T3, T4, GreenTask>>(fn) is { } twin)
            return SpawnLater(default(GreenSuspend), delay, (a1, a2, a3, a4) => twin(default, a1, a2, a3, a4), arg1, arg2, arg3, arg4);
        return Start(Created((Action)(() => fn(arg1, arg2, arg3, arg4))), delay);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet SpawnLater<T1, T2, T3, T4>(GreenSuspend suspend, TimeSpan delay, Func<T1, T2, T3, T4, GreenTask> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created(new VoidTwinBody<T1, T2, T3, T4>(fn, arg1, arg2, arg3, arg4)), delay);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The function to run.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet<R> SpawnLater<R>(TimeSpan delay, Func<R> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, GreenTask<R>>>(fn) is { } twin)
            return SpawnLater(default(GreenSuspend), delay, () => twin(default));
        return Start(Created<R>(fn), delay);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The twin to run.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<R> SpawnLater<R>(GreenSuspend suspend, TimeSpan delay, Func<GreenTask<R>> fn)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created<R>(fn), delay);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet<R> SpawnLater<T1, R>(TimeSpan delay, Func<T1, R> fn, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, GreenTask<R>>>(fn) is { } twin)
            return SpawnLater(default(GreenSuspend), delay, a1 => twin(default, a1), arg1);
        return Start(Created<R>((Func<R>)(() => fn(arg1))), delay);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<R> SpawnLater<T1, R>(GreenSuspend suspend, TimeSpan delay, Func<T1, GreenTask<R>> fn, T1 arg1)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created<R>(new TwinBody<T1, R>(fn, arg1)), delay);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet<R> SpawnLater<T1, T2, R>(TimeSpan delay, Func<T1, T2, R> fn, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, GreenTask<R>>>(fn) is { } twin)
            return SpawnLater(default(GreenSuspend), delay, (a1, a2) => twin(default, a1, a2), arg1, arg2);
        return Start(Created<R>((Func<R>)(() => fn(arg1, arg2))), delay);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<R> SpawnLater<T1, T2, R>(GreenSuspend suspend, TimeSpan delay, Func<T1, T2, GreenTask<R>> fn, T1 arg1, T2 arg2)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created<R>(new TwinBody<T1, T2, R>(fn, arg1, arg2)), delay);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet<R> SpawnLater<T1, T2, T3, R>(TimeSpan delay, Func<T1, T2, T3, R> fn, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, T3, GreenTask<R>>>(fn) is { } twin)
            return SpawnLater(default(GreenSuspend), delay, (a1, a2, a3) => twin(default, a1, a2, a3), arg1, arg2, arg3);
        return Start(Created<R>((Func<R>)(() => fn(arg1, arg2, arg3))), delay);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<R> SpawnLater<T1, T2, T3, R>(GreenSuspend suspend, TimeSpan delay, Func<T1, T2, T3, GreenTask<R>> fn, T1 arg1, T2 arg2, T3 arg3)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created<R>(new TwinBody<T1, T2, T3, R>(fn, arg1, arg2, arg3)), delay);
    }

    /// <summary>Schedules <paramref name="fn"/> to run in a new greenlet after <paramref name="delay"/>.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The function to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <returns>The new greenlet.</returns>
    public static Greenlet<R> SpawnLater<T1, T2, T3, T4, R>(TimeSpan delay, Func<T1, T2, T3, T4, R> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(fn);
        if (TwinDelegates.Find<Func<GreenSuspend, T1, T2, T3, T4, GreenTask<R>>>(fn) is { } twin)
            return SpawnLater(default(GreenSuspend), delay, (a1, a2, a3, a4) => twin(default, a1, a2, a3, a4), arg1, arg2, arg3, arg4);
        return Start(Created<R>((Func<R>)(() => fn(arg1, arg2, arg3, arg4))), delay);
    }

    /// <summary>Spawns a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <typeparam name="T1">The type of argument 1.</typeparam>
    /// <typeparam name="T2">The type of argument 2.</typeparam>
    /// <typeparam name="T3">The type of argument 3.</typeparam>
    /// <typeparam name="T4">The type of argument 4.</typeparam>
    /// <typeparam name="R">The function's return type.</typeparam>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="delay">How long to wait before the greenlet is scheduled.</param>
    /// <param name="fn">The twin to run.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <returns>The new greenlet.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Greenlet<R> SpawnLater<T1, T2, T3, T4, R>(GreenSuspend suspend, TimeSpan delay, Func<T1, T2, T3, T4, GreenTask<R>> fn, T1 arg1, T2 arg2, T3 arg3, T4 arg4)
    {
        ArgumentNullException.ThrowIfNull(fn);
        return Start(Created<R>(new TwinBody<T1, T2, T3, T4, R>(fn, arg1, arg2, arg3, arg4)), delay);
    }

}
