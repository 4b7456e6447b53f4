using System.Net.Sockets;

namespace GreenRuntime.Sockets;

/// <summary>
/// The <see cref="NetworkStream"/> green code gets — from <c>new NetworkStream(socket)</c> and
/// <see cref="TcpClient.GetStream"/> inside <c>[Greenlet]</c> bodies (<c>Monkey/NetworkStreamConstructionPatches</c>,
/// <c>TcpPatches.GetStream</c>): its asynchronous reads and writes go through the hub's own I/O loop.
/// </summary>
/// <remarks>
/// <para>
/// Called on a hub that is running its loop — in a greenlet, or in a hub callback such as the continuation of a
/// <see cref="StreamReader"/> whose read this stream completed — <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>
/// and <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> make the non-blocking system call first and
/// return a completed <see cref="ValueTask{TResult}"/> when it is done (data, end of stream, all sent). Only on
/// <c>EAGAIN</c> do they wait, with no greenlet parked: a reusable operation (<see cref="StreamOperation{T}"/>)
/// takes the socket's read or write slot on the hub's backend, and readiness runs it on the hub thread, which
/// retries the call and completes the <see cref="ValueTask{TResult}"/> there — so the awaiting code (the
/// <see cref="StreamReader"/>, and through it the tier-2 await of <c>reader.ReadLine()</c>) resumes on the hub, with
/// no thread hop and, on the epoll backend, no allocation.
/// </para>
/// <para>
/// Everywhere else — another thread, ordinary code on the hub's thread outside its loop (nothing would run the
/// hub), the synchronous members — it is exactly a <see cref="NetworkStream"/>: the tier-1 patches make the
/// synchronous reads and writes green inside <c>[Greenlet]</c> bodies, as for a plain <see cref="NetworkStream"/>.
/// As <see cref="NetworkStream"/>'s own, the asynchronous calls ignore <see cref="NetworkStream.ReadTimeout"/> and
/// <see cref="NetworkStream.WriteTimeout"/>; a cancelled token ends a waiting read having consumed nothing
/// (<see cref="OperationCanceledException"/>) and a waiting write having sent a prefix. Socket failures come as
/// <see cref="NetworkStream"/>'s do, an <see cref="IOException"/> around the <see cref="SocketException"/>.
/// </para>
/// </remarks>
internal sealed partial class GreenNetworkStream : NetworkStream
{
    private StreamRead? _read;
    private StreamWrite? _write;

    public GreenNetworkStream(Socket socket, FileAccess access, bool ownsSocket)
        : base(socket, access, ownsSocket)
    {
    }

    /// <summary>The hub whose loop is running on this thread now, if any: the one the asynchronous calls wait on.</summary>
    private static Hub? RunningHub() => Hub.CurrentOrNull is { Dispatching: true } hub ? hub : null;

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (RunningHub() is not { } hub)
            return HasAhead ? new ValueTask<int>(TakeAhead(buffer.Span)) : base.ReadAsync(buffer, cancellationToken);
        ThrowIfCannot(read: true);
        if (cancellationToken.IsCancellationRequested)
            return ValueTask.FromCanceled<int>(cancellationToken);
        if (HasAhead)
            return new ValueTask<int>(TakeAhead(buffer.Span));
        return (_read ??= new StreamRead(this)).Start(hub, buffer, cancellationToken);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        if (RunningHub() is null && !HasAhead)
            return base.ReadAsync(buffer, offset, count, cancellationToken);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (RunningHub() is not { } hub)
            return base.WriteAsync(buffer, cancellationToken);
        ThrowIfCannot(read: false);
        if (cancellationToken.IsCancellationRequested)
            return ValueTask.FromCanceled(cancellationToken);
        return (_write ??= new StreamWrite(this)).Start(hub, buffer, cancellationToken);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        if (RunningHub() is null)
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>NetworkStream's checks, thrown (not faulted) as its own async calls throw them: disposed first, then the direction.</summary>
    private void ThrowIfCannot(bool read)
    {
        if (!CanRead && !CanWrite)
            throw new ObjectDisposedException(typeof(NetworkStream).FullName);
        if (read && !CanRead)
            throw new InvalidOperationException("The operation is not allowed on a write-only stream.");
        if (!read && !CanWrite)
            throw new InvalidOperationException("The operation is not allowed on a read-only stream.");
    }
}
