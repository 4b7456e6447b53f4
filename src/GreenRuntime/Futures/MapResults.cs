using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace GreenRuntime.Futures;

/// <summary>
/// What <see cref="Executor.Map{T, R}"/> returns: its futures, already submitted, read in order — one result per
/// future, or (<c>chunkSize</c> &gt; 1) each future's array of results in turn. It can be enumerated once (CPython's
/// map returns a generator).
/// </summary>
/// <remarks>
/// A green sequence (<see cref="GreenEnumerable{T}"/>): a <c>foreach</c> over it inside a <c>[Greenlet]</c> method
/// parks the greenlet while the next future is pending; from ordinary code it runs the hub (<see cref="GreenEnumerator{T}"/>).
/// Taking a result waits for its future for what is left of the timeout; a failure there — the work's exception, the
/// timeout, a cancellation — is rethrown after cancelling the futures not reached yet, and ends the enumeration, as the
/// generator's <c>finally</c> does in CPython. Disposing the enumerator before the end cancels them too.
/// </remarks>
internal sealed class MapResults<R> : GreenEnumerable<R>
{
    private readonly Future[] _futures;
    private readonly bool _chunked;
    private readonly long _deadline;
    private int _enumerated;

    /// <param name="futures">One <see cref="Future{T}"/> of <typeparamref name="R"/> per item, or of <typeparamref name="R"/>[] per chunk.</param>
    /// <param name="chunked">Whether the futures are chunks' (<c>R[]</c>).</param>
    /// <param name="deadline">The <see cref="Stopwatch"/> timestamp every result must be ready by; <see cref="long.MaxValue"/>: none.</param>
    public MapResults(Future[] futures, bool chunked, long deadline)
    {
        _futures = futures;
        _chunked = chunked;
        _deadline = deadline;
    }

    /// <summary>The enumeration, once.</summary>
    /// <exception cref="InvalidOperationException">The results were enumerated already.</exception>
    public override GreenEnumerator<R> GetEnumerator()
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
            throw new InvalidOperationException("Map's results can be enumerated only once: each is taken from its future as the enumeration reaches it. Keep them with ToList() to read them again.");
        return new Results(this);
    }

    private sealed class Results : GreenEnumerator<R>, IFutureWaiter
    {
        private readonly Hub _hub;
        private readonly Future[] _futures;
        private readonly bool _chunked;
        private readonly EnumeratorWake _wake;
        private int _next;
        private R[]? _chunk;
        private int _inChunk;
        private bool _failed;

        // The pending future the enumeration waits for (its waiter registered), and whether the hub counts on another
        // thread finishing it.
        private Future? _watched;
        private bool _expecting;

        public Results(MapResults<R> results)
            : base(DoneFutures.Remaining(results._deadline))
        {
            _hub = Hub.Current;
            _futures = results._futures;
            _chunked = results._chunked;
            _wake = new EnumeratorWake(_hub, Wake);
        }

        protected override bool TryTakeNext([MaybeNullWhen(false)] out R item)
        {
            if (_chunk is not null && _inChunk < _chunk.Length)
            {
                item = _chunk[_inChunk++];
                return true;
            }
            _chunk = null;
            item = default;
            if (_failed || _next >= _futures.Length)
                return false;
            var future = _futures[_next];
            if (!future.Done)
            {
                Watch(future);
                return false;
            }
            Unwatch();
            _next++;
            try
            {
                // Done: no wait (a cancelled future throws OperationCanceledException, a failed one its exception).
                if (_chunked)
                {
                    _chunk = ((Future<R[]>)future).Result(TimeSpan.Zero);
                    _inChunk = 1;
                    item = _chunk[0];
                }
                else
                {
                    item = ((Future<R>)future).Result(TimeSpan.Zero);
                }
            }
            catch
            {
                // The enumeration ends here: nothing after this result will be read.
                _failed = true;
                CancelRest();
                throw;
            }
            return true;
        }

        protected override bool IsFinished => _chunk is null && (_failed || _next >= _futures.Length);

        protected override void OnTimeout()
        {
            int left = _futures.Length - _next;
            CancelRest();
            throw new TimeoutException($"Map's timeout passed with {left} of {_futures.Length} results not ready.");
        }

        /// <summary>Cancels the work not reached yet (what has started runs to its end, unread).</summary>
        protected override void OnDispose() => CancelRest();

        void IFutureWaiter.FutureDone(Future future) => _wake.Post();

        private void Watch(Future future)
        {
            if (ReferenceEquals(_watched, future))
                return;
            Unwatch();
            _watched = future;
            if (!ReferenceEquals(future.CompletingHub, _hub))
            {
                _expecting = true;
                _hub.ExpectOtherThread();
            }
            future.AddWaiter(this);
        }

        private void Unwatch()
        {
            if (_watched is not { } watched)
                return;
            _watched = null;
            watched.RemoveWaiter(this);
            if (_expecting)
            {
                _expecting = false;
                _hub.StopExpectingOtherThread();
            }
        }

        private void CancelRest()
        {
            Unwatch();
            for (; _next < _futures.Length; _next++)
                _futures[_next].Cancel();
            _chunk = null;
        }

        public override string ToString() => $"Executor.Map's results ({_futures.Length - _next} of {_futures.Length} futures left)";
    }
}
