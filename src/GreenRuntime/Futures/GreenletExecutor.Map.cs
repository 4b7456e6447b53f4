using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Greenlets;

namespace GreenRuntime.Futures;

// Map on a greenlet executor: the whole map is one entry of the queue, whose pieces (an item, or a chunk of chunkSize
// items) the workers take one at a time, in order, as they would take a future's call per piece — without a future, a
// call object, a twin lookup or a waiter per piece (docs/internals.md, "Executors").
public sealed partial class GreenletExecutor
{
    private protected override GreenEnumerable<R>? MapOnWorkers<T, R>(Func<T, R> fn, IEnumerable<T> items, int chunkSize, long deadline)
    {
        var read = items.TryGetNonEnumeratedCount(out int count) ? new List<T>(count) : [];
        try
        {
            foreach (var item in items)
                read.Add(item);
        }
        catch
        {
            // The items read before the failure were submitted, as the base's submit per item does; nobody reads them.
            if (read.Count > 0)
            {
                var partial = new ItemsMap<T, R>(this, fn, [.. read], chunkSize);
                try
                {
                    Admit(() => ScheduleMap(partial));
                }
                catch (InvalidOperationException)
                {
                    // Shut down: nothing runs; the items' own exception is the one to see.
                }
            }
            throw;
        }
        if (read.Count == 0)
            return new MapResults<R>([], chunked: chunkSize > 1, deadline); // nothing submitted, so no shut-down check either
        var map = new ItemsMap<T, R>(this, fn, [.. read], chunkSize);
        Admit(() => ScheduleMap(map));
        return new ItemsMap<T, R>.Sequence(map, deadline);
    }

    /// <summary>Queues a map as one entry holding all its pieces; under the lifecycle lock, as <see cref="Schedule"/>.</summary>
    private void ScheduleMap(MapWork map)
    {
        lock (_gate)
        {
            _queued.Enqueue(map);
            _pending += map.Pieces;
        }
        if (_hub.IsOwnerThread)
            StartWorkers();
        else
            _hub.Post(_startWorkers);
    }

    /// <summary>
    /// A map in the queue: <see cref="Pieces"/> pieces taken by the workers in order (<see cref="TryTakePiece"/>); it
    /// stays first in the queue while some are left. A piece is pending until taken, running until finished, and
    /// cancelled if the map was cancelled before it was taken — the states of its future in the base's map.
    /// </summary>
    private abstract class MapWork(GreenletExecutor executor, int pieces)
    {
        protected readonly GreenletExecutor Executor = executor;

        /// <summary>How many pieces (items, or chunks).</summary>
        public readonly int Pieces = pieces;

        // Guarded by the executor's _gate: how many pieces the workers took (the next one is pieces[_taken]), and
        // whether the pieces not taken are cancelled.
        private int _taken;
        private bool _stopped;

        /// <summary>Whether a worker can take a piece; the caller holds the executor's gate.</summary>
        public bool HasUntakenLocked => !_stopped && _taken < Pieces;

        /// <summary>A worker greenlet's loop over the pieces, until none is left to take.</summary>
        public abstract GreenTask Work();

        /// <summary>Tells the map's reader, on whatever thread, that its pieces not taken were cancelled.</summary>
        public abstract void WakeReader();

        /// <summary>Takes the next piece for a worker (the executor's pending count drops); false when none is left.</summary>
        protected bool TryTakePiece(out int piece)
        {
            lock (Executor._gate)
            {
                if (!HasUntakenLocked)
                {
                    piece = 0;
                    return false;
                }
                piece = _taken++;
                Executor._pending--;
                return true;
            }
        }

        /// <summary>Cancels the pieces not taken; true if there were any. The caller holds the executor's gate.</summary>
        public bool CancelUntakenLocked()
        {
            if (!HasUntakenLocked)
                return false;
            Executor._pending -= Pieces - _taken;
            _stopped = true;
            return true;
        }

        /// <summary>The reader cancels the pieces it will not read and no worker took (they never run).</summary>
        protected void CancelUntaken()
        {
            lock (Executor._gate)
            {
                if (CancelUntakenLocked())
                    Monitor.PulseAll(Executor._gate); // a Shutdown(wait: true) on another thread may wait for them
            }
        }

        /// <summary>Whether <paramref name="piece"/> was cancelled before a worker took it.</summary>
        protected bool IsCancelled(int piece)
        {
            lock (Executor._gate)
                return _stopped && piece >= _taken;
        }
    }

    /// <summary>
    /// The pieces of one <c>Map</c> and their outcomes: the items' results in place, which pieces finished, and the
    /// exception of each that failed. Workers run on the executor's hub; the reader may be on another thread.
    /// </summary>
    private sealed class ItemsMap<T, R> : MapWork
    {
        private readonly Func<T, R> _fn;
        private readonly Func<GreenSuspend, T, GreenTask<R>>? _twin; // a [Greenlet] method's twin, found once per map
        private readonly T[] _items;
        private readonly int _chunkSize;
        private readonly R[] _results;
        private readonly bool[] _finished;        // per piece; written by the workers after its results (release)
        private Exception?[]? _failures;          // per piece, allocated by the first failure; written before _finished

        // The piece the reader waits for (-1: none): the worker that finishes it wakes the reader.
        private int _waitingFor = -1;
        private Results? _reader;

        public ItemsMap(GreenletExecutor executor, Func<T, R> fn, T[] items, int chunkSize)
            : base(executor, (int)(((long)items.Length + chunkSize - 1) / chunkSize))
        {
            _fn = fn;
            _twin = TwinDelegates.Find<Func<GreenSuspend, T, GreenTask<R>>>(fn);
            _items = items;
            _chunkSize = chunkSize;
            _results = new R[items.Length];
            _finished = new bool[Pieces];
        }

        public override async GreenTask Work()
        {
            while (TryTakePiece(out int piece))
            {
                int start = piece * _chunkSize;
                int end = (int)Math.Min((long)start + _chunkSize, _items.Length);
                Exception? failure = null;
                bool suspended = false;
                try
                {
                    if (_twin is { } twin)
                    {
                        for (int i = start; i < end; i++)
                        {
                            var running = twin(default, _items[i]);
                            suspended |= !running.IsCompleted;
                            _results[i] = await running;
                        }
                    }
                    else
                    {
                        for (int i = start; i < end; i++)
                            _results[i] = _fn(_items[i]);
                    }
                }
                catch (Exception error)
                {
                    // The whole piece fails (a chunk's later items do not run), as its future would.
                    failure = error;
                }
                Finish(piece, failure);
                // It never suspended: let the other greenlets run before the next piece.
                if (!suspended)
                    await Green.Sleep(default(GreenSuspend), 0);
            }
        }

        private void Finish(int piece, Exception? failure)
        {
            if (failure is not null)
                (_failures ??= new Exception?[Pieces])[piece] = failure;
            Volatile.Write(ref _finished[piece], true);
            // A full fence against the reader's: it sets _waitingFor, then looks at _finished.
            if (Interlocked.CompareExchange(ref _waitingFor, -1, piece) == piece)
                _reader!.Waker.Post();
        }

        public override void WakeReader()
        {
            if (Volatile.Read(ref _reader) is { } reader && Interlocked.Exchange(ref _waitingFor, -1) != -1)
                reader.Waker.Post();
        }

        /// <summary>What <c>Map</c> returns: the results, enumerable once.</summary>
        public sealed class Sequence(ItemsMap<T, R> map, long deadline) : GreenEnumerable<R>
        {
            private int _enumerated;

            /// <summary>The enumeration, once.</summary>
            /// <exception cref="InvalidOperationException">The results were enumerated already.</exception>
            public override GreenEnumerator<R> GetEnumerator()
            {
                if (Interlocked.Exchange(ref _enumerated, 1) != 0)
                    throw new InvalidOperationException("Map's results can be enumerated only once: each is taken from its future as the enumeration reaches it. Keep them with ToList() to read them again.");
                return new Results(map, deadline);
            }
        }

        /// <summary>
        /// The enumeration of the results, in the items' order, as <see cref="MapResults{R}"/> reads futures: a piece
        /// that failed rethrows its exception when reached, one cancelled throws <see cref="OperationCanceledException"/>,
        /// the timeout <see cref="TimeoutException"/>; each failure (and leaving early) cancels the pieces not taken.
        /// </summary>
        private sealed class Results : GreenEnumerator<R>
        {
            private readonly ItemsMap<T, R> _map;
            private readonly Hub _hub;
            private readonly bool _remote;     // the workers' hub is another thread's: a wait counts on that thread
            private int _next;                 // the next piece to read
            private int _inChunk;              // the next result of the piece being read, up to _chunkEnd
            private int _chunkEnd;
            private bool _failed;
            private bool _expecting;

            public Results(ItemsMap<T, R> map, long deadline)
                : base(DoneFutures.Remaining(deadline))
            {
                _map = map;
                _hub = Hub.Current;
                _remote = !ReferenceEquals(_hub, map.Executor._hub);
                Waker = new EnumeratorWake(_hub, Wake);
                Volatile.Write(ref map._reader, this);
            }

            public EnumeratorWake Waker { get; }

            protected override bool TryTakeNext([MaybeNullWhen(false)] out R item)
            {
                var map = _map;
                if (_inChunk < _chunkEnd)
                {
                    item = map._results[_inChunk++];
                    return true;
                }
                item = default;
                if (_failed || _next >= map.Pieces)
                    return false;
                int piece = _next;
                if (!Volatile.Read(ref map._finished[piece]))
                {
                    Interlocked.Exchange(ref map._waitingFor, piece);
                    if (!Volatile.Read(ref map._finished[piece]))
                    {
                        if (map.IsCancelled(piece))
                        {
                            Fail();
                            throw new OperationCanceledException("The future was cancelled before its work ran.");
                        }
                        if (_remote && !_expecting)
                        {
                            _expecting = true;
                            _hub.ExpectOtherThread();
                        }
                        return false;
                    }
                }
                StopExpecting();
                _next++;
                if (map._failures?[piece] is { } failure)
                {
                    Fail();
                    ExceptionDispatchInfo.Throw(failure);
                }
                int start = piece * map._chunkSize;
                _chunkEnd = (int)Math.Min((long)start + map._chunkSize, map._items.Length);
                _inChunk = start + 1;
                item = map._results[start];
                return true;
            }

            protected override bool IsFinished => _inChunk >= _chunkEnd && (_failed || _next >= _map.Pieces);

            protected override void OnTimeout()
            {
                int left = _map.Pieces - _next;
                CancelRest();
                throw new TimeoutException($"Map's timeout passed with {left} of {_map.Pieces} results not ready.");
            }

            /// <summary>Cancels the work not reached yet (what has started runs to its end, unread).</summary>
            protected override void OnDispose() => CancelRest();

            /// <summary>The enumeration ends here: nothing after this result will be read.</summary>
            private void Fail()
            {
                _failed = true;
                CancelRest();
            }

            private void CancelRest()
            {
                StopExpecting();
                _map.CancelUntaken();
                _next = _map.Pieces;
                _inChunk = _chunkEnd;
            }

            private void StopExpecting()
            {
                if (!_expecting)
                    return;
                _expecting = false;
                _hub.StopExpectingOtherThread();
            }

            public override string ToString() => $"Executor.Map's results ({_map.Pieces - _next} of {_map.Pieces} pieces left)";
        }
    }
}
