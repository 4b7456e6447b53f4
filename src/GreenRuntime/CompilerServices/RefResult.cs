using System.ComponentModel;

namespace GreenRuntime.CompilerServices;

/// <summary>
/// The awaited result of a monkey patch whose target has a <c>ref</c> parameter (the patch took its value in):
/// the call's value and the value to write back. The generator writes <c>(await Patch(..., x)).Unpack(ref x)</c>,
/// since an awaited method cannot take <c>ref</c> arguments itself.
/// </summary>
/// <typeparam name="TResult">What the patched method returns.</typeparam>
/// <typeparam name="TRef">The type of its <c>ref</c> parameter.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct RefResult<TResult, TRef>
{
    private readonly TResult _result;
    private readonly TRef _ref;

    /// <summary>A result of <paramref name="result"/> that writes <paramref name="ref"/> back to the <c>ref</c> argument.</summary>
    public RefResult(TResult result, TRef @ref)
    {
        _result = result;
        _ref = @ref;
    }

    /// <summary>Writes the <c>ref</c> argument back and returns the call's value.</summary>
    public TResult Unpack(ref TRef value)
    {
        value = _ref;
        return _result;
    }
}
