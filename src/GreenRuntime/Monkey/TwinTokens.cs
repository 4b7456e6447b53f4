namespace GreenRuntime.Monkey;

/// <summary>
/// The cancellation tokens one hub hands to the <c>XxxAsync</c> twins its greenlets call (docs/internals.md,
/// "Suspension points", tier 2): every call gets the token of the source lent at the moment, so a twin that completes
/// at once costs no allocation. A call that has to wait takes the source with it (<see cref="Detach"/>): a kill or
/// timeout of that greenlet cancels it, and no other call shares it; the operation's completion gives it back.
/// </summary>
/// <remarks>Hub thread only.</remarks>
internal sealed class TwinTokens
{
    // Enough for a burst of waits to give their sources back without the next burst allocating again.
    private const int MaxSpare = 256;

    private CancellationTokenSource? _lent;
    private readonly Stack<CancellationTokenSource> _spare = new();

    /// <summary>The hub's tokens, made on first use.</summary>
    public static TwinTokens Of(Hub hub) => hub.TwinTokens ??= new TwinTokens();

    /// <summary>The token for the next twin call.</summary>
    public CancellationToken Lend()
    {
        var source = _lent ??= _spare.Count > 0 ? _spare.Pop() : new CancellationTokenSource();
        // A twin that completed at once should have left no registration behind; if one did, it must not hear a
        // cancellation meant for a later call that waited with this source.
        source.TryReset();
        return source.Token;
    }

    /// <summary>The source lent for the call that is about to wait: now that call's own, until it ends.</summary>
    public CancellationTokenSource? Detach()
    {
        var source = _lent;
        _lent = null;
        return source;
    }

    /// <summary>A detached source whose operation completed without being cancelled: lent again.</summary>
    public void Return(CancellationTokenSource source)
    {
        if (!source.TryReset())
            return;
        if (_lent is null)
            _lent = source;
        else if (_spare.Count < MaxSpare)
            _spare.Push(source);
    }
}
