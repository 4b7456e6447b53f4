using GreenRuntime.Locals;

namespace GreenRuntime;

/// <summary>
/// A value with one copy per greenlet (gevent.local.local), as <see cref="ThreadLocal{T}"/> has one per thread: each
/// greenlet reads back what it stored in <see cref="Value"/>, whatever other greenlets stored meanwhile.
/// </summary>
/// <remarks>
/// <para>Ordinary code (outside any greenlet) is the hub's main greenlet and has a copy of its own; so has every other
/// thread, whose ordinary code is its own hub's main greenlet — across threads a <see cref="GreenLocal{T}"/> behaves
/// like a <see cref="ThreadLocal{T}"/>, and it may be shared between threads. A greenlet that has not stored a value
/// reads <c>default</c>, or what the value factory returns (run once per greenlet, on its first read).</para>
/// <para>A greenlet's values are dropped when it finishes, so nothing it stored outlives it, even while the
/// <see cref="Greenlet"/> object is still referenced.</para>
/// </remarks>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class GreenLocal<T>
{
    private readonly Func<T>? _valueFactory;
    private readonly LocalKey _key = LocalKey.Allocate();

    /// <summary>Creates a local whose value is <c>default</c> in every greenlet until it stores one.</summary>
    public GreenLocal()
    {
    }

    /// <summary>Creates a local whose value in each greenlet starts as what <paramref name="valueFactory"/> returns.</summary>
    /// <param name="valueFactory">Called once per greenlet, on the first read of <see cref="Value"/> that finds no
    /// value (not if the greenlet stores one first). If it throws, nothing is stored and the next read calls it again.</param>
    /// <exception cref="ArgumentNullException"><paramref name="valueFactory"/> is null.</exception>
    public GreenLocal(Func<T> valueFactory)
    {
        ArgumentNullException.ThrowIfNull(valueFactory);
        _valueFactory = valueFactory;
    }

    /// <summary>The running greenlet's value (ordinary code's own, outside greenlets).</summary>
    public T? Value
    {
        get
        {
            if (LocalSlots.OfCurrent(create: false) is { } slots && slots.Find<T>(_key) is { } slot)
                return slot.Value;
            return Create();
        }
        set
        {
            var slots = LocalSlots.OfCurrent(create: true)!;
            if (slots.Find<T>(_key) is { } slot)
                slot.Value = value;
            else
                slots.Add(_key, value);
        }
    }

    /// <summary>Whether the running greenlet has a value: it stored one, or the factory ran for it.</summary>
    public bool IsValueCreated => LocalSlots.OfCurrent(create: false)?.Find<T>(_key) is not null;

    private T? Create()
    {
        if (_valueFactory is null)
            return default;
        // The factory may itself read or store locals: look the slots up again after it ran.
        var value = _valueFactory();
        LocalSlots.OfCurrent(create: true)!.Add(_key, value);
        return value;
    }

    /// <inheritdoc />
    ~GreenLocal() => _key.Free();
}
