namespace GreenRuntime.Tests.Monkey;

/// <summary>
/// A stream whose reads wait until the test feeds them (from any thread) or their token is cancelled, and which keeps
/// what it saw: the token of the last read, and whether a read finished after it was cancelled.
/// </summary>
internal sealed class TokenWatchingStream : Stream
{
    private readonly object _gate = new();
    private TaskCompletionSource<int>? _pending;
    private byte[]? _buffer;
    private int _offset;

    /// <summary>The token the last <see cref="ReadAsync(byte[], int, int, CancellationToken)"/> was given.</summary>
    public CancellationToken LastToken { get; private set; }

    /// <summary>Set when a read's token was cancelled (its task then ends cancelled).</summary>
    public ManualResetEventSlim Cancelled { get; } = new();

    /// <summary>Set when a read starts waiting.</summary>
    public ManualResetEventSlim Reading { get; } = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending = pending;
            _buffer = buffer;
            _offset = offset;
        }
        LastToken = cancellationToken;
        cancellationToken.Register(() =>
        {
            if (pending.TrySetCanceled(cancellationToken))
                Cancelled.Set();
        });
        Reading.Set();
        return pending.Task;
    }

    /// <summary>Completes the waiting read with <paramref name="value"/> (from any thread); false if it ended already.</summary>
    public bool Feed(byte value)
    {
        lock (_gate)
        {
            if (_pending is null || _pending.Task.IsCompleted)
                return false;
            _buffer![_offset] = value;
            return _pending.TrySetResult(1);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The blocking Read must not be called inside a greenlet.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
