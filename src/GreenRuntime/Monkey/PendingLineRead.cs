using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// A hub-native line read (<see cref="StreamReaderPatches"/>) whose receive had to wait: the source of the task the
/// patch returns, continued by the receive, which then reads the line. One per green stream, reused (as the socket
/// waits of <c>Sockets/Linux/ParkedIo</c> are): a line server's steady state allocates nothing here.
/// </summary>
/// <remarks>
/// Its awaiter takes the line before the stream can start another read, so reuse is safe. The receive's failure or
/// the kill or timeout that ended it is this task's failure, socket failures wrapped as <see cref="StreamReaderPatches"/>
/// says. A line that turns out not to be whole goes on through <c>ReadLineAsync</c>, whose outcome this task forwards.
/// </remarks>
internal sealed class PendingLineRead : GreenTaskSource<string?>, IResumable
{
    private StreamReader? _reader;
    private GreenNetworkStream? _stream;
    private GreenTask<int> _receiving;
    private GreenTaskSource<string?>? _throughTwin;
    private ReaderMode _mode;
    private GreenSuspend _suspend;

    /// <summary>Continues after <paramref name="receiving"/> (a receive into <paramref name="stream"/>'s read-ahead that waits).</summary>
    public GreenTask<string?> Start(StreamReader reader, GreenNetworkStream stream, GreenTask<int> receiving, ReaderMode mode, GreenSuspend suspend)
    {
        ResetForReuse();
        _reader = reader;
        _stream = stream;
        _mode = mode;
        _suspend = suspend;
        _receiving = receiving;
        receiving.Source!.SetContinuation(this);
        return new GreenTask<string?>(this);
    }

    /// <summary>Run when the receive completes, or when the twin it handed the line to does.</summary>
    public void Resume()
    {
        if (_throughTwin is { } twin)
        {
            _throughTwin = null;
            Finish(twin);
            return;
        }
        var receiving = _receiving;
        var reader = _reader!;
        var stream = _stream!;
        _receiving = default;
        _reader = null;
        _stream = null;
        GreenTask<string?> line;
        try
        {
            line = StreamReaderPatches.ReadLineFromReceived(reader, stream, StreamReaderPatches.Received(receiving), _mode, _suspend);
        }
        catch (Exception failure)
        {
            SetException(failure);
            return;
        }
        if (line.Source is { IsCompleted: false } pending)
        {
            _throughTwin = pending;
            pending.SetContinuation(this);
            return;
        }
        Finish(line);
    }

    private void Finish(GreenTaskSource<string?> source)
    {
        string? line;
        try
        {
            line = source.GetResult();
        }
        catch (Exception failure)
        {
            SetException(failure);
            return;
        }
        SetResult(line);
    }

    private void Finish(GreenTask<string?> task)
    {
        if (task.Source is { } source)
        {
            Finish(source);
            return;
        }
        SetResult(task.GetResult());
    }
}
