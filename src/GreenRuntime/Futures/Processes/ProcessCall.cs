using System.Text.Json;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// A submitted call on its way to a worker: the executor's <see cref="FutureCall"/>, the checked method, and the
/// arguments serialized at <c>Submit</c> (so a value that cannot cross fails there, not later).
/// </summary>
/// <remarks>
/// A thread that blocks on the future reads the worker's reply itself when it can (<see cref="IDirectWait"/>,
/// <see cref="PoolWorker.ReadFor"/>). Whoever reads a reply completes the call only after it has handed the pipe back
/// (<see cref="Completions"/>), so that a done callback never runs while it holds the pipe.
/// </remarks>
internal sealed class ProcessCall : IDirectWait
{
    private PoolWorker? _worker;
    private object? _value;
    private Exception? _failure;

    private ProcessCall(FutureCall call, ProcessMethod method, byte[] arguments)
    {
        Call = call;
        Method = method;
        Arguments = arguments;
        call.Future.DirectWait = this;
    }

    public FutureCall Call { get; }

    public Future Future => Call.Future;

    public ProcessMethod Method { get; }

    public byte[] Arguments { get; }

    /// <summary>A <c>Map</c> piece: the method runs once per item, and the result is their array.</summary>
    public bool IsChunk { get; private init; }

    /// <summary>Pairs the worker's outcome with this call; set when it is sent.</summary>
    public long Id { get; set; }

    /// <summary>The worker it was sent to; set (under the pool's lock) when it is sent.</summary>
    public PoolWorker? Worker
    {
        get => Volatile.Read(ref _worker);
        set => Volatile.Write(ref _worker, value);
    }

    /// <summary>The next call in a <see cref="Completions"/> list.</summary>
    internal ProcessCall? NextDone { get; set; }

    /// <summary>Checks and serializes <paramref name="call"/>; <see cref="ArgumentException"/> if it cannot run in a worker.</summary>
    public static ProcessCall Prepare(FutureCall call)
    {
        var method = ProcessMethod.For(call.Function, "fn");
        return call is IMapChunk
            ? new ProcessCall(call, method, method.SerializeChunk(call.Arguments)) { IsChunk = true }
            : new ProcessCall(call, method, method.SerializeArguments(call.Arguments));
    }

    /// <summary>The work frame for the worker.</summary>
    public byte[] ToFrame() => WorkItem.Frame(Id, Method.TargetProperties, Arguments, IsChunk);

    /// <summary>Reads the worker's result as the future's result type, for <see cref="Finish"/>; a result that does not read fails the call.</summary>
    public void ReadResult(JsonElement result, int workerProcessId)
    {
        try
        {
            _value = Call.ResultType == typeof(void) ? null : ProcessSerialization.Read(result, Call.ResultType);
        }
        catch (Exception failure) when (failure is JsonException or NotSupportedException or InvalidOperationException)
        {
            _failure = new InvalidDataException(
                $"The result of {Method.Target} from worker process {workerProcessId} could not be read as a {Call.ResultType}: {failure.Message}", failure);
        }
    }

    /// <summary>The call failed (in the worker, or its reply could not be read); <see cref="Finish"/> fails the future with it.</summary>
    public void SetFailure(Exception failure) => _failure = failure;

    /// <summary>Finishes the future with what <see cref="ReadResult"/> or <see cref="SetFailure"/> left.</summary>
    public void Finish()
    {
        if (_failure is { } failure)
            Future.TrySetException(failure);
        else
            FutureResults.TrySetResult(Future, Call.ResultType, _value);
        _value = null;
        _failure = null;
    }

    /// <summary>A thread blocked on the future: reads the reply itself when the call is running on a worker whose pipe is free.</summary>
    void IDirectWait.WaitHere(long deadline) => Worker?.ReadFor(this, deadline);
}
