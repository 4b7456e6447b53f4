using System.Diagnostics;
using System.ComponentModel;
using GreenRuntime.CompilerServices;

namespace GreenRuntime;

/// <summary>A greenlet whose function returns a value of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The function's return type.</typeparam>
public sealed class Greenlet<T> : Greenlet
{
    private T _value = default!;

    internal Greenlet(Hub hub, object start)
        : base(hub, start)
    {
    }

    /// <summary>The function's return value once the greenlet finished successfully; <see langword="default"/> until then (gevent's <c>None</c>).</summary>
    public T Value => Successful ? _value : default!;

    /// <summary>
    /// Returns the greenlet's value, waiting for it if <paramref name="block"/> is true; rethrows the
    /// greenlet's exception with its original stack trace. Throws <see cref="GreenTimeoutException"/> if the
    /// greenlet is not finished in time.
    /// </summary>
    public new T Get(bool block = true, TimeSpan? timeout = null)
    {
        WaitForGet(block, timeout);
        return Value;
    }

    /// <summary>The resumable twin of <see cref="Get(bool, TimeSpan?)"/>, used by generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public new async GreenTask<T> Get(GreenSuspend suspend, bool block = true, TimeSpan? timeout = null)
    {
        await WaitForGet(suspend, block, timeout);
        return Value;
    }

    /// <summary>Lets <c>await greenlet</c> work from async code on any thread, giving the value.</summary>
    public new Awaiter GetAwaiter() => new(this);

    internal void SetValue(T value) => _value = value;

    private protected override object? BoxedValue => Value;

    private protected override GreenTaskSource? RunBody(object start)
    {
        switch (start)
        {
            case Greenlets.GreenletBody:
                return base.RunBody(start); // the generator's spawns: test it first
            case Func<GreenTask<T>> twin:
                var task = twin();
                if (task.Source is null)
                {
                    _value = task.GetResult();
                    return null;
                }
                return task.Source;
            case Func<T> function:
                return RunFunction(function);
            default:
                return base.RunBody(start);
        }
    }

    private GreenTaskSource? RunFunction(Func<T> function)
    {
        T result = default!;
        var captured = RunCapturing(() => result = function());
        if (captured is null)
            _value = result;
        return captured;
    }

    private protected override void StoreResult(GreenTaskSource finished)
    {
        if (finished is GreenTaskSource<T> typed)
            _value = typed.Result;
    }

    /// <summary>Awaits a greenlet from async code, giving its value.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public new readonly struct Awaiter : ICriticalNotifyCompletion
    {
        private readonly Greenlet<T> _greenlet;

        internal Awaiter(Greenlet<T> greenlet) => _greenlet = greenlet;

        /// <summary>Whether the greenlet has finished.</summary>
        public bool IsCompleted => _greenlet.Dead;

        /// <summary>Returns the value or rethrows the greenlet's exception.</summary>
        [StackTraceHidden]
        public T GetResult()
        {
            ((Greenlet)_greenlet).GetAwaiter().GetResult();
            return _greenlet.Value;
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => ((Greenlet)_greenlet).GetAwaiter().UnsafeOnCompleted(continuation);
    }
}
