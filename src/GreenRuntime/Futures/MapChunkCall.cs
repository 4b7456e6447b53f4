using GreenRuntime.CompilerServices;
using GreenRuntime.Greenlets;

namespace GreenRuntime.Futures;

/// <summary>
/// One piece of a <c>Map</c> with <c>chunkSize</c> &gt; 1: the user's function applied to each of a few items in turn;
/// the future's result is the array of their results. An exception from one item fails the whole piece (the
/// enumeration rethrows it when it reaches the piece's first result).
/// </summary>
/// <remarks>
/// <see cref="Function"/> is the user's function and <see cref="Arguments"/> are the items, each the one argument of
/// its own call — not one call with many arguments: an executor that ships calls elsewhere (a process pool) tells a
/// chunk by <see cref="IMapChunk"/> and calls the function once per item.
/// </remarks>
internal sealed class MapChunkCall<T, R>(Func<T, R> fn, T[] items) : FutureCall, IMapChunk
{
    public override Future<R[]> Future { get; } = new();

    public override Delegate Function => fn;

    public override object?[] Arguments => Array.ConvertAll(items, item => (object?)item);

    public override Type ResultType => typeof(R[]);

    public Type ItemResultType => typeof(R);

    public int Count => items.Length;

    public override void Run()
    {
        if (!Future.SetRunningOrNotifyCancel())
            return;
        var results = new R[items.Length];
        try
        {
            for (int i = 0; i < items.Length; i++)
                results[i] = fn(items[i]);
        }
        catch (Exception failure)
        {
            Future.TrySetException(failure);
            return;
        }
        Future.TrySetResult(results);
    }

    /// <summary>For a <c>[Greenlet]</c> method group: the chunk run by its twin, item after item (a greenlet executor's).</summary>
    public override GreenFutureCall? FindTwin() =>
        TwinDelegates.Find<Func<GreenSuspend, T, GreenTask<R>>>(fn) is { } twin ? new TwinChunk(this, items, twin) : null;

    private sealed class TwinChunk(MapChunkCall<T, R> chunk, T[] items, Func<GreenSuspend, T, GreenTask<R>> twin) : GreenFutureCall
    {
        public override Future<R[]> Future => chunk.Future;

        public override Delegate Function => chunk.Function;

        public override object?[] Arguments => chunk.Arguments;

        public override Type ResultType => chunk.ResultType;

        public override async GreenTask RunGreen()
        {
            if (!Future.SetRunningOrNotifyCancel())
                return;
            var results = new R[items.Length];
            try
            {
                for (int i = 0; i < items.Length; i++)
                    results[i] = await twin(default, items[i]);
            }
            catch (Exception failure)
            {
                Future.TrySetException(failure);
                return;
            }
            Future.TrySetResult(results);
        }
    }
}

/// <summary>
/// A <see cref="FutureCall"/> that is a <c>Map</c> chunk: <see cref="FutureCall.Function"/> is called once for each of
/// <see cref="FutureCall.Arguments"/>, and the future's result is an array of <see cref="ItemResultType"/>.
/// </summary>
internal interface IMapChunk
{
    /// <summary>What one call of the function returns (the array's element type).</summary>
    Type ItemResultType { get; }

    /// <summary>How many items, hence calls.</summary>
    int Count { get; }
}
