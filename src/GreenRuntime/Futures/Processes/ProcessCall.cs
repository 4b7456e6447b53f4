using System.Text.Json;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// A submitted call on its way to a worker: the executor's <see cref="FutureCall"/>, the checked method, and the
/// arguments serialized at <c>Submit</c> (so a value that cannot cross fails there, not later).
/// </summary>
internal sealed class ProcessCall
{
    private ProcessCall(FutureCall call, ProcessMethod method, byte[] arguments)
    {
        Call = call;
        Method = method;
        Arguments = arguments;
    }

    public FutureCall Call { get; }

    public Future Future => Call.Future;

    public ProcessMethod Method { get; }

    public byte[] Arguments { get; }

    /// <summary>A <c>Map</c> piece: the method runs once per item, and the result is their array.</summary>
    public bool IsChunk { get; private init; }

    /// <summary>Pairs the worker's outcome with this call; set when it is sent.</summary>
    public long Id { get; set; }

    /// <summary>Checks and serializes <paramref name="call"/>; <see cref="ArgumentException"/> if it cannot run in a worker.</summary>
    public static ProcessCall Prepare(FutureCall call)
    {
        var method = ProcessMethod.For(call.Function, "fn");
        return call is IMapChunk
            ? new ProcessCall(call, method, method.SerializeChunk(call.Arguments)) { IsChunk = true }
            : new ProcessCall(call, method, method.SerializeArguments(call.Arguments));
    }

    /// <summary>The work frame for the worker.</summary>
    public byte[] ToFrame() => Frames.Build(FrameKind.Work, new WorkItem(Id, Method.Target, Arguments, IsChunk).ToJson());

    /// <summary>Finishes the future with the worker's result, read as the future's result type.</summary>
    public void Complete(JsonElement result, int workerProcessId)
    {
        object? value;
        try
        {
            value = Call.ResultType == typeof(void) ? null : result.Deserialize(Call.ResultType, ProcessSerialization.Options);
        }
        catch (Exception failure) when (failure is JsonException or NotSupportedException or InvalidOperationException)
        {
            Future.TrySetException(new InvalidDataException(
                $"The result of {Method.Target} from worker process {workerProcessId} could not be read as a {Call.ResultType}: {failure.Message}", failure));
            return;
        }
        FutureResults.TrySetResult(Future, Call.ResultType, value);
    }
}
