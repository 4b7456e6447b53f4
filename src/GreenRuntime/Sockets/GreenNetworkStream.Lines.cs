using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Monkey;
using GreenRuntime.Sockets.Linux;

namespace GreenRuntime.Sockets;

/// <summary>
/// The hub-native line path of a green network stream (<see cref="StreamReaderPatches"/>,
/// <see cref="StreamWriterPatches"/>): bytes received on the hub for a <see cref="StreamReader"/>'s synchronous
/// <c>ReadLine</c> (the read-ahead), and bytes a <see cref="StreamWriter"/>'s synchronous <c>WriteLine</c>/<c>Flush</c>
/// could not send at once (the write-behind).
/// </summary>
/// <remarks>
/// <para>
/// The read-ahead is filled by one receive of at most the reader's byte-buffer size, right before the patch calls the
/// reader's synchronous <c>ReadLine</c> — only when that call is known to stop at a line end within the bytes at hand,
/// or at the end of the stream — so the reader's first <c>Read</c> of the stream takes all of it, with no system call.
/// It is never left holding bytes across a wait: a line that is not whole yet goes on through the reader's
/// <c>ReadLineAsync</c>, whose first read takes the read-ahead too. Every read of the stream serves it first all the
/// same (the synchronous and asynchronous overloads, and the tier-1 patches'), so no byte is ever read out of order.
/// </para>
/// <para>
/// The write-behind exists only during a patched writer call: the stream's synchronous <c>Write</c> sends what the
/// socket takes without waiting (epoll backend) and keeps the rest, in order; after the writer's call the patch sends
/// the rest through the stream's own <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> while the
/// greenlet parks — with the cancellation, the one-write-at-a-time rule and the portable backend's ordering of a
/// write already in flight that every green stream write has.
/// </para>
/// </remarks>
internal sealed partial class GreenNetworkStream
{
    private byte[]? _ahead;
    private int _aheadStart;
    private int _aheadEnd;
    private bool _aheadAtEnd;   // the receive for a line read saw the end of the stream: the next read returns 0

    private PendingLineRead? _pendingLineRead;

    private byte[]? _behind;
    private int _behindCount;
    private bool _writingBehind;

    /// <summary>The line read to wait for a receive with (<see cref="Monkey.PendingLineRead"/>): the last one again once it completed.</summary>
    internal PendingLineRead PendingLineRead =>
        _pendingLineRead is { IsCompleted: true } done ? done : _pendingLineRead = new PendingLineRead();

    /// <summary>Whether a read has read-ahead bytes (or the end of the stream) to take before the socket's.</summary>
    internal bool HasAhead => _aheadEnd > _aheadStart || _aheadAtEnd;

    /// <summary>Whether an asynchronous write of this stream is waiting: a patched write must not send before it.</summary>
    internal bool WriteWaiting => _write is { IsPending: true };

    /// <summary>Takes read-ahead bytes (see <see cref="HasAhead"/>): the count copied, 0 for the end of the stream.</summary>
    internal int TakeAhead(Span<byte> destination)
    {
        int count = Math.Min(destination.Length, _aheadEnd - _aheadStart);
        if (count == 0 && destination.Length > 0)
        {
            // A zero-length destination learns nothing: the end stays owed to the next real read.
            _aheadAtEnd = false;
            return 0;
        }
        _ahead.AsSpan(_aheadStart, count).CopyTo(destination);
        _aheadStart += count;
        return count;
    }

    /// <summary>
    /// Receives, for a line read, at most <paramref name="capacity"/> bytes into the empty read-ahead (parking the
    /// greenlet until some come); <see cref="Received"/> records the count. Failures are the socket's, unwrapped.
    /// </summary>
    internal GreenTask<int> ReceiveAhead(int capacity)
    {
        if (HasAhead)
            throw new InvalidOperationException("The read-ahead of a green network stream is received only when empty.");
        if (_ahead is null || _ahead.Length < capacity)
            _ahead = new byte[capacity];
        _aheadStart = _aheadEnd = 0;
        return SocketIo.Receive(Socket, _ahead.AsMemory(0, capacity), SocketFlags.None, long.MaxValue);
    }

    /// <summary>The receive of <see cref="ReceiveAhead"/> returned <paramref name="count"/> (0: the end of the stream).</summary>
    internal ReadOnlySpan<byte> Received(int count)
    {
        _aheadEnd = count;
        _aheadAtEnd = count == 0;
        return _ahead.AsSpan(0, count);
    }

    /// <summary>The reader's read is over: an end of stream it did not take is not owed to a later read.</summary>
    internal void EndLineRead() => _aheadAtEnd = false;

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count)
    {
        if (HasAhead)
        {
            ValidateBufferArguments(buffer, offset, count);
            return TakeAhead(buffer.AsSpan(offset, count));
        }
        return base.Read(buffer, offset, count);
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => HasAhead ? TakeAhead(buffer) : base.Read(buffer);

    /// <inheritdoc />
    public override int ReadByte()
    {
        if (!HasAhead)
            return base.ReadByte();
        Span<byte> one = stackalloc byte[1];
        return TakeAhead(one) == 0 ? -1 : one[0];
    }

    /// <summary>Starts a patched writer call: until <see cref="EndWritingBehind"/>, a synchronous write never waits.</summary>
    internal void BeginWritingBehind() => _writingBehind = true;

    /// <summary>Ends a patched writer call; one that failed leaves nothing to send.</summary>
    internal void EndWritingBehind(bool failed)
    {
        _writingBehind = false;
        if (failed)
            _behindCount = 0;
    }

    /// <summary>The bytes a patched writer call wrote that the socket did not take at once (empty: all sent).</summary>
    internal ReadOnlyMemory<byte> Behind => _behind.AsMemory(0, _behindCount);

    /// <summary>The write-behind has been sent (or given up by a kill, having sent a prefix).</summary>
    internal void SentBehind() => _behindCount = 0;

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        if (!_writingBehind)
        {
            base.Write(buffer, offset, count);
            return;
        }
        ValidateBufferArguments(buffer, offset, count);
        WriteBehind(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_writingBehind)
            WriteBehind(buffer);
        else
            base.Write(buffer);
    }

    /// <inheritdoc />
    public override void WriteByte(byte value)
    {
        if (_writingBehind)
            WriteBehind([value]);
        else
            base.WriteByte(value);
    }

    private void WriteBehind(ReadOnlySpan<byte> buffer)
    {
        if (!CanWrite)
            throw new ObjectDisposedException(typeof(NetworkStream).FullName);
        // As the asynchronous write would refuse it: bytes must not go before those of a write still waiting.
        if (WriteWaiting)
            throw new InvalidOperationException("Another write on this stream has not finished; a green network stream does one write at a time.");
        int sent = 0;
        // Bytes go straight from the caller's buffer only when nothing is queued before them, and only on epoll: the
        // portable backend may be finishing a send a cancelled write left running (StreamWrite waits for it).
        if (_behindCount == 0 && Hub.Current.Backend == HubBackend.Epoll)
        {
            try
            {
                var error = EpollSocketOps.SendRest(Hub.Current.Epoll.Register(Socket), buffer, ref sent, SocketFlags.None);
                if (error == SocketError.Success)
                    return;
                if (error != SocketError.WouldBlock)
                    throw new SocketException((int)error);
            }
            catch (Exception failure) when (NetworkStreamPatches.IsSocketFailure(failure))
            {
                throw NetworkStreamPatches.Failure("write", failure);
            }
        }
        var rest = buffer.Slice(sent);
        if (_behind is null || _behind.Length - _behindCount < rest.Length)
            Array.Resize(ref _behind, Math.Max(_behindCount + rest.Length, Math.Max(256, (_behind?.Length ?? 0) * 2)));
        rest.CopyTo(_behind.AsSpan(_behindCount));
        _behindCount += rest.Length;
    }
}
