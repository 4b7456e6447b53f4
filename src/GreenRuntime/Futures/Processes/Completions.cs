namespace GreenRuntime.Futures.Processes;

/// <summary>
/// The calls a reader of a worker's pipe has answered, finished (<see cref="Run"/>) once it has let the pipe go: a done
/// callback may then submit, wait or shut the pool down.
/// </summary>
internal struct Completions
{
    private ProcessCall? _first;
    private ProcessCall? _last;

    public readonly bool IsEmpty => _first is null;

    public void Add(ProcessCall call)
    {
        if (_last is null)
            _first = call;
        else
            _last.NextDone = call;
        _last = call;
    }

    /// <summary>Finishes every call added, in order; the list is empty after it.</summary>
    public void Run()
    {
        var call = _first;
        _first = _last = null;
        while (call is not null)
        {
            var next = call.NextDone;
            call.NextDone = null;
            call.Finish();
            call = next;
        }
    }
}
