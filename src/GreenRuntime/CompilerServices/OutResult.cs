using System.ComponentModel;

namespace GreenRuntime.CompilerServices;

/// <summary>
/// The awaited result of a monkey patch whose target has an <c>out</c> parameter: the call's value and the value
/// of the <c>out</c> argument. The generator writes <c>(await Patch(...)).Unpack(out e)</c>, since an awaited
/// method cannot take <c>out</c> arguments itself.
/// </summary>
/// <typeparam name="TResult">What the patched method returns.</typeparam>
/// <typeparam name="TOut">The type of its <c>out</c> parameter.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct OutResult<TResult, TOut>
{
    private readonly TResult _result;
    private readonly TOut _out;

    /// <summary>A result of <paramref name="result"/> with <paramref name="out"/> for the <c>out</c> argument.</summary>
    public OutResult(TResult result, TOut @out)
    {
        _result = result;
        _out = @out;
    }

    /// <summary>Writes the <c>out</c> argument and returns the call's value.</summary>
    public TResult Unpack(out TOut value)
    {
        value = _out;
        return _result;
    }
}
