namespace GreenRuntime.Waiting;

/// <summary>
/// Something that becomes ready once and tells its observers (gevent's <c>rawlink</c>): a greenlet finishing, an event
/// being set, an async result getting its value. <c>Green.Wait</c>, <c>Green.IWait</c> and <c>Green.JoinAll</c> wait on
/// any mix of them through this.
/// </summary>
/// <remarks>Every implementation is also the public <see cref="IGreenWaitable"/> that <c>Green.Wait</c> takes.</remarks>
internal interface IWaitable : IGreenWaitable
{
    /// <summary>The hub the object belongs to; observers must be added from its thread.</summary>
    Hub Hub { get; }

    /// <summary>Whether waiting would return at once (finished, set, has a result).</summary>
    bool IsReady { get; }

    /// <summary>Tells <paramref name="observer"/> once, when the object becomes ready; not at once if it already is.</summary>
    void AddObserver(IWaitObserver observer);

    /// <summary>Forgets <paramref name="observer"/> (it stopped waiting before the object became ready).</summary>
    void RemoveObserver(IWaitObserver observer);

    bool IGreenWaitable.Ready => IsReady;

    IWaitable IGreenWaitable.Waitable => this;
}
