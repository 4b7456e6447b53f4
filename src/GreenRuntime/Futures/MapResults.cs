using System.Collections;
using System.Diagnostics;

namespace GreenRuntime.Futures;

/// <summary>
/// What <see cref="Executor.Map{T, R}"/> returns: its futures, already submitted, read in order — one result per
/// future, or (<c>chunkSize</c> &gt; 1) each future's array of results in turn. It is its own enumerator and can be
/// enumerated once (CPython's map returns a generator).
/// </summary>
/// <remarks>
/// Taking a result waits for its future (<see cref="WaitNext"/>: the one wait, so that a greenlet-parking variant has
/// one place to change) for what is left of the timeout; a failure there — the work's exception, the timeout, a
/// cancellation — is rethrown after cancelling the futures not reached yet, and ends the enumeration, as the
/// generator's <c>finally</c> does in CPython. <see cref="Dispose"/> before the end cancels them too.
/// </remarks>
internal sealed class MapResults<R> : IEnumerable<R>, IEnumerator<R>
{
    private readonly Future[] _futures;
    private readonly bool _chunked;
    private readonly long _deadline;
    private int _next;
    private R[]? _chunk;
    private int _inChunk;
    private R _current = default!;
    private bool _enumerated;

    /// <param name="futures">One <see cref="Future{T}"/> of <typeparamref name="R"/> per item, or of <typeparamref name="R"/>[] per chunk.</param>
    /// <param name="chunked">Whether the futures are chunks' (<c>R[]</c>).</param>
    /// <param name="deadline">The <see cref="Stopwatch"/> timestamp every result must be ready by; <see cref="long.MaxValue"/>: none.</param>
    public MapResults(Future[] futures, bool chunked, long deadline)
    {
        _futures = futures;
        _chunked = chunked;
        _deadline = deadline;
    }

    /// <inheritdoc />
    public R Current => _current;

    object? IEnumerator.Current => _current;

    /// <summary>The enumeration, once.</summary>
    /// <exception cref="InvalidOperationException">The results were enumerated already.</exception>
    public IEnumerator<R> GetEnumerator()
    {
        if (_enumerated)
            throw new InvalidOperationException("Map's results can be enumerated only once: each is taken from its future as the enumeration reaches it. Keep them with ToList() to read them again.");
        _enumerated = true;
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Moves to the next result, waiting for its future.</summary>
    public bool MoveNext()
    {
        if (_chunk is not null && _inChunk < _chunk.Length)
        {
            _current = _chunk[_inChunk++];
            return true;
        }
        _chunk = null;
        if (_next >= _futures.Length)
            return false;
        var future = _futures[_next++];
        try
        {
            if (_chunked)
            {
                _chunk = WaitNext((Future<R[]>)future);
                _inChunk = 1;
                _current = _chunk[0];
            }
            else
            {
                _current = WaitNext((Future<R>)future);
            }
        }
        catch
        {
            // The enumeration ends here: nothing after this result will be read.
            future.Cancel();
            CancelRest();
            throw;
        }
        return true;
    }

    /// <summary>The result of <paramref name="future"/>, waiting for what is left of the timeout.</summary>
    private TResult WaitNext<TResult>(Future<TResult> future) => future.Result(TimeLeft());

    /// <summary>What is left of the timeout (never negative), or <see langword="null"/> for none.</summary>
    private TimeSpan? TimeLeft()
    {
        if (_deadline == long.MaxValue)
            return null;
        long left = _deadline - Stopwatch.GetTimestamp();
        return left <= 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, left);
    }

    /// <summary>Cancels the work not reached yet (what has started runs to its end, unread).</summary>
    public void Dispose() => CancelRest();

    /// <summary>Not supported: the results are read once.</summary>
    public void Reset() => throw new NotSupportedException("Map's results can be enumerated only once.");

    private void CancelRest()
    {
        for (; _next < _futures.Length; _next++)
            _futures[_next].Cancel();
        _chunk = null;
    }
}
