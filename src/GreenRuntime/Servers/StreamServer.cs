using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Greenlets;
using GreenRuntime.Sockets;

namespace GreenRuntime;

/// <summary>
/// A TCP (or Unix-domain stream) server that runs every connection's handler in its own greenlet, gevent's
/// <c>gevent.server.StreamServer</c>.
/// </summary>
/// <remarks>
/// <para>
/// The handler is called as <c>handle(connection, remoteEndPoint)</c> in a new greenlet; when it returns —
/// normally, with an exception (reported through <see cref="Hub.ErrorHandler"/> like any greenlet's), or
/// killed by <see cref="Stop(TimeSpan?)"/> — the server closes the connection. Make the handler a
/// <c>[Greenlet]</c> method (or a lambda that calls one) so its socket calls suspend the handler, not the hub.
/// </para>
/// <para>
/// Accept errors never stop the server: errors that belong to one pending connection (it was aborted or
/// reset before it was accepted) are skipped, and running out of resources (<c>EMFILE</c>, <c>ENFILE</c>,
/// <c>ENOBUFS</c>, ...) pauses accepting — 10 ms, doubling up to 1 s, or until a handler finishes and frees its
/// connection — and retries, reporting the error through <see cref="Hub.ErrorHandler"/> (with the accept loop's
/// greenlet) once per streak: errors less than 10 s apart are one streak. Connections already accepted are served
/// meanwhile, and new ones wait in the backlog. On Linux accepts stop short of the descriptor limit
/// (<c>RLIMIT_NOFILE</c>): the last 16 descriptors are left to the rest of the process, so the .NET runtime can
/// still start threads, and an accept that would take one fails with <c>EMFILE</c> like the limit itself.
/// </para>
/// <para>
/// Stopping (<see cref="Stop(TimeSpan?)"/>, gevent's <c>stop(timeout)</c>) is graceful: the listener closes at once, running
/// handlers get a grace period (<see cref="StopTimeout"/>) to finish, and the rest are killed with
/// <see cref="GreenletExit"/>. <see cref="ServeForever()"/> does that by itself on SIGINT (Ctrl+C) and SIGTERM, the way
/// .NET hosts and process managers stop a server (<see cref="StopOnSignals"/>).
/// </para>
/// <para>
/// A server belongs to the hub of the thread that created it; use it only from that thread.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// [Greenlet] static void Echo(Socket conn, EndPoint peer)
/// {
///     var buffer = new byte[4096];
///     int n;
///     while ((n = conn.Receive(buffer)) &gt; 0)
///         conn.Send(buffer.AsSpan(0, n));
/// }
///
/// using var server = new StreamServer(new IPEndPoint(IPAddress.Loopback, 5000), Echo) { StopTimeout = TimeSpan.FromSeconds(10) };
/// server.ServeForever();   // until Ctrl+C or SIGTERM: then handlers get 10 s to finish
/// return 0;
/// </code>
/// </example>
public sealed class StreamServer : IDisposable
{
    /// <summary>How long a killed handler gets to die (run its <c>finally</c> blocks) before Stop gives up on it.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Resource errors closer together than this are one streak, reported once.</summary>
    private static readonly TimeSpan ResourceStreakGap = TimeSpan.FromSeconds(10);

    private readonly Hub _hub;
    private readonly EndPoint? _listenOn;
    private readonly int _backlog;
    private readonly int? _maxConcurrentHandlers;
    private readonly GreenPool _pool;
    private readonly int _maxAcceptsPerTurn;
    /// <summary>The handler as the user gave it; null when generated code gave its twin.</summary>
    private readonly Action<Socket, EndPoint>? _handle;

    /// <summary>The handler's resumable twin (a [Greenlet] method, or given by generated code).</summary>
    private readonly Func<Socket, EndPoint, GreenTask>? _handleTwin;

    private readonly HashSet<Greenlet> _handlers = [];
    private readonly GreenEvent _handlerFinished = new();
    private readonly GreenEvent _stopped = new();
    private Socket? _listener;
    private EndPoint? _localEndPoint;
    private Greenlet? _acceptLoop;
    private bool _stopping;
    private bool _waitingForResources;
    private long _lastResourceError;

    /// <summary>Creates a server that will listen on <paramref name="listenOn"/> once started.</summary>
    /// <param name="listenOn">Where to listen; port 0 picks a free port (read it from <see cref="LocalEndPoint"/> after <see cref="Start"/>).</param>
    /// <param name="handle">Called in a new greenlet for every connection, with the connected socket and the peer's address.</param>
    /// <param name="backlog">The listen backlog (the kernel caps it at <c>somaxconn</c>).</param>
    /// <param name="maxConcurrentHandlers">At most this many handlers run at once; while that many run, the server stops accepting (like gevent's <c>spawn=Pool(n)</c>): the handlers run in a <see cref="GreenPool"/> of that size. Null: no bound (or give your own <see cref="Pool"/>).</param>
    /// <param name="maxAcceptsPerTurn">How many connections the accept loop takes in a row before it lets other greenlets run.</param>
    public StreamServer(
        EndPoint listenOn, Action<Socket, EndPoint> handle, int backlog = 1024, int? maxConcurrentHandlers = null, int maxAcceptsPerTurn = 100)
        : this(handle, TwinOf(handle), maxConcurrentHandlers, maxAcceptsPerTurn)
    {
        (_listenOn, _backlog) = CheckedListenArguments(listenOn, backlog);
    }

    /// <summary>Creates a server whose handler is a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="listenOn">Where to listen.</param>
    /// <param name="handle">The handler's twin.</param>
    /// <param name="backlog">The listen backlog.</param>
    /// <param name="maxConcurrentHandlers">At most this many handlers run at once. Null: no bound.</param>
    /// <param name="maxAcceptsPerTurn">How many connections the accept loop takes in a row before it lets other greenlets run.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public StreamServer(
        GreenSuspend suspend, EndPoint listenOn, Func<Socket, EndPoint, GreenTask> handle, int backlog = 1024, int? maxConcurrentHandlers = null, int maxAcceptsPerTurn = 100)
        : this(null, handle ?? throw new ArgumentNullException(nameof(handle)), maxConcurrentHandlers, maxAcceptsPerTurn)
    {
        (_listenOn, _backlog) = CheckedListenArguments(listenOn, backlog);
    }

    /// <summary>Creates a server that accepts connections from <paramref name="listener"/>, a socket that is already bound and listening; the server closes it when stopped.</summary>
    /// <param name="listener">A bound, listening stream socket.</param>
    /// <param name="handle">Called in a new greenlet for every connection, with the connected socket and the peer's address.</param>
    /// <param name="maxConcurrentHandlers">At most this many handlers run at once; while that many run, the server stops accepting. Null: no bound.</param>
    /// <param name="maxAcceptsPerTurn">How many connections the accept loop takes in a row before it lets other greenlets run.</param>
    public StreamServer(Socket listener, Action<Socket, EndPoint> handle, int? maxConcurrentHandlers = null, int maxAcceptsPerTurn = 100)
        : this(handle, TwinOf(handle), maxConcurrentHandlers, maxAcceptsPerTurn)
    {
        _listener = CheckedListener(listener);
        _localEndPoint = listener.LocalEndPoint;
    }

    /// <summary>Creates a server over a listening socket whose handler is a [Greenlet] method's resumable twin; used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="listener">A bound, listening stream socket.</param>
    /// <param name="handle">The handler's twin.</param>
    /// <param name="maxConcurrentHandlers">At most this many handlers run at once. Null: no bound.</param>
    /// <param name="maxAcceptsPerTurn">How many connections the accept loop takes in a row before it lets other greenlets run.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public StreamServer(GreenSuspend suspend, Socket listener, Func<Socket, EndPoint, GreenTask> handle, int? maxConcurrentHandlers = null, int maxAcceptsPerTurn = 100)
        : this(null, handle ?? throw new ArgumentNullException(nameof(handle)), maxConcurrentHandlers, maxAcceptsPerTurn)
    {
        _listener = CheckedListener(listener);
        _localEndPoint = listener.LocalEndPoint;
    }

    private StreamServer(Action<Socket, EndPoint>? handle, Func<Socket, EndPoint, GreenTask>? handleTwin, int? maxConcurrentHandlers, int maxAcceptsPerTurn)
    {
        if (maxConcurrentHandlers is { } max)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(maxConcurrentHandlers));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAcceptsPerTurn);
        _hub = Hub.Current;
        _handle = handle;
        _handleTwin = handleTwin;
        _maxConcurrentHandlers = maxConcurrentHandlers;
        _maxAcceptsPerTurn = maxAcceptsPerTurn;
        _pool = new GreenPool(maxConcurrentHandlers);
    }

    /// <summary>
    /// The pool the handlers run in, gevent's <c>StreamServer(..., spawn=Pool(n))</c>: while it is full the server stops
    /// accepting, and connections wait in the kernel's backlog until a handler finishes. By default a pool of
    /// <c>maxConcurrentHandlers</c> (no bound when that is null). Give your own to share a bound with other work
    /// (<c>new StreamServer(endpoint, Handle) { Pool = pool }</c>): the server then also waits for slots the other work
    /// frees, and <see cref="Stop(TimeSpan?)"/> and <see cref="Dispose"/> still stop only the server's own handlers.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set together with <c>maxConcurrentHandlers</c>, or to a pool of another thread's hub.</exception>
    public GreenPool Pool
    {
        get => _pool;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_maxConcurrentHandlers is not null)
                throw new InvalidOperationException("Give a StreamServer either maxConcurrentHandlers or a Pool, not both: the pool's size is the bound.");
            if (!ReferenceEquals(value.Hub, _hub))
                throw new InvalidOperationException($"{value} belongs to another thread's hub than this StreamServer: its handlers must run on the server's hub.");
            _pool = value;
        }
    }

    /// <summary>
    /// The twin of a handler that is a delegate to a [Greenlet] method (looked up once, by reflection), so it
    /// suspends instead of blocking the hub; null for any other delegate.
    /// </summary>
    private static Func<Socket, EndPoint, GreenTask>? TwinOf(Action<Socket, EndPoint> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (TwinDelegates.Find<Func<GreenSuspend, Socket, EndPoint, GreenTask>>(handle) is not { } twin)
            return null;
        return (connection, peer) => twin(default, connection, peer);
    }

    private static (EndPoint, int) CheckedListenArguments(EndPoint listenOn, int backlog)
    {
        ArgumentNullException.ThrowIfNull(listenOn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(backlog);
        return (listenOn, backlog);
    }

    private static Socket CheckedListener(Socket listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (listener.SocketType != SocketType.Stream || !IsListening(listener))
            throw new ArgumentException("The socket must be a bound stream socket in the listening state (call Bind and Listen first).", nameof(listener));
        return listener;
    }

    /// <summary>
    /// The address the server listens on: the bound endpoint once started (with the real port when port 0
    /// was asked for), the requested one before (gevent's <c>server.address</c>).
    /// </summary>
    public EndPoint Address => _localEndPoint ?? _listenOn!;

    /// <summary>
    /// The listening socket's bound endpoint (kept after the server stops), or <see langword="null"/> before
    /// <see cref="Start"/> for a server given an endpoint to listen on.
    /// </summary>
    public EndPoint? LocalEndPoint => _localEndPoint;

    /// <summary>Whether <see cref="Start"/> has been called.</summary>
    public bool Started { get; private set; }

    /// <summary>Whether the server has stopped accepting (it was stopped or disposed); it cannot be started again.</summary>
    public bool Closed => _stopping;

    /// <summary>
    /// The grace period: how long <see cref="Stop(TimeSpan?)"/> (and <see cref="ServeForever()"/> when interrupted or
    /// stopped by a signal) lets running handlers finish before it kills them; 1 second by default, as gevent's
    /// <c>stop_timeout</c>.
    /// </summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether <see cref="ServeForever()"/> stops the server gracefully when the process gets SIGINT (Ctrl+C) or
    /// SIGTERM, as a .NET host's <c>Run</c> does: it stops accepting at once, lets handlers finish for
    /// <see cref="StopTimeout"/>, kills the rest, and <see cref="ServeForever()"/> returns normally (so <c>Main</c>
    /// can return 0). The signal's default action — ending the process at once — is cancelled; a second signal gets
    /// it. True by default; set it to false to handle signals yourself (call <see cref="Stop(TimeSpan?)"/> from an
    /// action given to <see cref="Hub.Post"/>: a signal handler runs on another thread). Only
    /// <see cref="ServeForever()"/> listens, and only while it runs.
    /// </summary>
    public bool StopOnSignals { get; set; } = true;

    /// <summary>Number of handlers running now (for tests and monitoring).</summary>
    internal int HandlerCount => _handlers.Count;

    /// <summary>
    /// Binds and listens (unless the server was given a listening socket) and starts accepting connections
    /// in a greenlet; returns at once. The hub must run (a blocking call, <see cref="ServeForever()"/>, ...)
    /// for connections to be served.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server was already started, or was stopped.</exception>
    /// <exception cref="SocketException">The address could not be bound (in use, not available, ...).</exception>
    public void Start()
    {
        _hub.CheckThread(this);
        if (_stopping)
            throw new InvalidOperationException("This StreamServer was stopped; a stopped server cannot be started again.");
        if (Started)
            throw new InvalidOperationException("This StreamServer is already started.");
        if (_listener is null)
        {
            _listener = Listen(_listenOn!, _backlog);
            _localEndPoint = _listener.LocalEndPoint;
        }
        Started = true;
        _acceptLoop = Green.Spawn(default(GreenSuspend), AcceptLoop);
        _acceptLoop.Name = $"{this} accept loop";
    }

    /// <summary>
    /// Starts the server if it is not started, and serves until <see cref="Stop(TimeSpan?)"/> is called (from a
    /// handler or another greenlet) and has finished, or — with <see cref="StopOnSignals"/>, the default — until
    /// the process gets SIGINT (Ctrl+C) or SIGTERM and the graceful stop that starts has finished. From ordinary
    /// code this runs the hub, like gevent's <c>serve_forever</c>. If the wait is interrupted (a kill, a
    /// <see cref="Green.Timeout"/>), the server is stopped with <see cref="StopTimeout"/> before the interruption
    /// propagates.
    /// </summary>
    public void ServeForever()
    {
        _hub.CheckThread(this);
        _hub.EnsureCanBlock("StreamServer.ServeForever");
        _hub.Block(ServeForever(default(GreenSuspend)));
    }

    /// <summary>The resumable twin of <see cref="ServeForever()"/>, used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <returns>A task that completes once the server has stopped.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask ServeForever(GreenSuspend suspend)
    {
        _hub.CheckThread(this);
        if (!Started && !_stopping)
            Start();
        using var signals = StopOnSignals ? new StopSignals(_hub, StopOnSignal) : null;
        try
        {
            await _stopped.Wait(suspend);
        }
        finally
        {
            if (!_stopped.IsSet)
                await Stop(suspend);
        }
    }

    /// <summary>Posted by <see cref="StopSignals"/>: a graceful stop in a greenlet of its own (a posted action must not block).</summary>
    private void StopOnSignal()
    {
        if (_stopping)
            return;
        var stopping = Green.Spawn(default(GreenSuspend), () => Stop(default(GreenSuspend)));
        stopping.Name = $"{this} stop on signal";
    }

    /// <summary>
    /// Stops the server: closes the listening socket at once (new connections are refused), waits up to
    /// <paramref name="timeout"/> for running handlers to finish, then kills the rest with
    /// <see cref="GreenletExit"/> and waits briefly for them to die. Their connections are closed as they finish.
    /// Calling it again, or while another greenlet is stopping the server, waits until the server has stopped.
    /// </summary>
    /// <param name="timeout">How long to let handlers finish; null: <see cref="StopTimeout"/>; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: as long as they take.</param>
    public void Stop(TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        _hub.EnsureCanBlock("StreamServer.Stop");
        _hub.Block(Stop(default(GreenSuspend), timeout));
    }

    /// <summary>The resumable twin of <see cref="Stop(TimeSpan?)"/>, used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="timeout">How long to let handlers finish; null: <see cref="StopTimeout"/>.</param>
    /// <returns>A task that completes once the server has stopped.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask Stop(GreenSuspend suspend, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        if (_stopping)
        {
            await _stopped.Wait(suspend);
            return;
        }
        long deadline = Hub.DeadlineAfter(timeout ?? StopTimeout);
        CloseListener();
        // A handler stopping its own server must not wait for (or kill) itself.
        var current = _hub.CurrentGreenlet;
        var running = _handlers.Where(h => h != current).ToArray();
        try
        {
            await JoinAllWaiter.Run(running, deadline, raiseError: false, count: null);
            var left = running.Where(h => !h.Dead).ToArray();
            if (left.Length > 0)
                await Green.KillAll(suspend, left, block: true, timeout: KillGrace);
        }
        finally
        {
            _stopped.Set();
        }
    }

    /// <summary>
    /// Stops the server without waiting: closes the listening socket and kills the running handlers, which
    /// die (and have their connections closed) the next time the hub runs. Use <see cref="Stop(TimeSpan?)"/>
    /// to let handlers finish first. Never blocks, so it is safe anywhere, including inside a greenlet.
    /// </summary>
    public void Dispose()
    {
        _hub.CheckThread(this);
        if (_stopping)
            return;
        CloseListener();
        var current = _hub.CurrentGreenlet;
        foreach (var handler in _handlers.ToArray())
        {
            if (handler != current)
                handler.BeginKill(new GreenletExit());
        }
        _stopped.Set();
    }

    /// <inheritdoc />
    public override string ToString() => $"StreamServer({Address})";

    // ---- accepting -----------------------------------------------------------------------------

    /// <summary>Stops accepting: the accept loop is killed (waking it wherever it waits) and the listener closed.</summary>
    private void CloseListener()
    {
        _stopping = true;
        if (_acceptLoop is { Dead: false } acceptLoop && acceptLoop != _hub.CurrentGreenlet)
            acceptLoop.BeginKill(new GreenletExit());
        // Closing alone would not wake an accept parked in epoll: the kernel drops a closed fd silently.
        _listener?.Dispose();
    }

    private async GreenTask AcceptLoop()
    {
        var listener = _listener!;
        TimeSpan backoff = TimeSpan.Zero;
        int acceptedInARow = 0;
        while (!_stopping)
        {
            if (_pool.FreeCount == 0)
            {
                // Pool full: leave connections in the kernel's backlog until a handler finishes.
                await _pool.WaitAvailable(default(GreenSuspend));
                continue;
            }

            Socket connection;
            try
            {
                var accepting = SocketIo.Accept(listener, long.MaxValue);
                if (!accepting.IsCompleted)
                    acceptedInARow = 0; // it parked, so every other greenlet had its turn
                connection = await accepting;
            }
            catch (SocketException error) when (!_stopping)
            {
                if (IsErrorOfOnePendingConnection(error.SocketErrorCode))
                {
                    // Counted like an accept, so a backlog full of aborted connections still lets others run.
                    if (++acceptedInARow >= _maxAcceptsPerTurn)
                    {
                        acceptedInARow = 0;
                        await Green.Sleep(default(GreenSuspend), 0);
                    }
                    continue;
                }
                // Out of fds or buffers: retrying at once would spin. Handlers closing their connections free them,
                // so a finishing handler ends the wait early.
                backoff = backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                long now = Stopwatch.GetTimestamp();
                if (_lastResourceError == 0 || Stopwatch.GetElapsedTime(_lastResourceError, now) > ResourceStreakGap)
                    _hub.ReportError(_acceptLoop!, error);
                _lastResourceError = now;
                _handlerFinished.Clear();
                _waitingForResources = true;
                try
                {
                    await _handlerFinished.Wait(default(GreenSuspend), backoff);
                }
                finally
                {
                    _waitingForResources = false;
                }
                continue;
            }
            catch (ObjectDisposedException closed) when (!_stopping)
            {
                // Someone else closed the listener: nothing left to accept from.
                _stopping = true;
                _hub.ReportError(_acceptLoop!, new InvalidOperationException($"{this}: the listening socket was closed; the server stopped accepting.", closed));
                return;
            }
            catch (Exception) when (_stopping)
            {
                // Stop closed the listener under us (a kill normally gets here first): accepting is over.
                return;
            }

            backoff = TimeSpan.Zero;
            if (_stopping)
            {
                connection.Dispose();
                break;
            }
            // A pool shared with other work may have filled up while the accept waited: the connection waits for its slot.
            try
            {
                while (_pool.FreeCount == 0 && !_stopping)
                    await _pool.WaitAvailable(default(GreenSuspend));
            }
            catch
            {
                connection.Dispose(); // stopped while it waited
                throw;
            }
            if (_stopping)
            {
                connection.Dispose();
                break;
            }
            StartHandler(connection);
            if (++acceptedInARow >= _maxAcceptsPerTurn)
            {
                acceptedInARow = 0;
                await Green.Sleep(default(GreenSuspend), 0);
            }
        }
    }

    private void StartHandler(Socket connection)
    {
        EndPoint peer;
        try
        {
            peer = connection.RemoteEndPoint!;
        }
        catch (SocketException)
        {
            // The peer reset the connection between accept and here: nothing to serve.
            connection.Dispose();
            return;
        }
        // The pool has room (checked with no wait since), so neither spawn waits.
        var handler = _handleTwin is { } twin
            ? GreenCall.Run(_pool.Spawn(default(GreenSuspend), twin, connection, peer))
            : _pool.Spawn(_handle!, connection, peer);
        _handlers.Add(handler);
        // Observed (not linked) so the connection closes the moment the handler dies, not a loop turn later.
        handler.AddObserver(new HandledConnection(this, connection));
    }

    private void OnHandlerFinished(Greenlet handler)
    {
        _handlers.Remove(handler);
        if (_waitingForResources)
            _handlerFinished.Set();
    }

    /// <summary>
    /// Errors accept(2) reports for one pending connection (the peer aborted it, or a network error hit it):
    /// Linux's man page says to retry them like EAGAIN.
    /// </summary>
    private static bool IsErrorOfOnePendingConnection(SocketError error) => error is
        SocketError.ConnectionAborted or SocketError.ConnectionReset or SocketError.Interrupted
        or SocketError.NetworkDown or SocketError.NetworkUnreachable or SocketError.HostDown
        or SocketError.HostUnreachable;

    // ---- helpers -------------------------------------------------------------------------------

    private static Socket Listen(EndPoint endpoint, int backlog)
    {
        var protocol = endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, protocol);
        try
        {
            // As gevent does: a restarted server can rebind while old connections sit in TIME_WAIT.
            // (On Windows the option means something else: sharing a port with another live socket.)
            if (protocol == ProtocolType.Tcp && !OperatingSystem.IsWindows())
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(backlog);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private static bool IsListening(Socket socket)
    {
        try
        {
            return SocketIo.IsListening(socket);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Closes a connection when its handler dies, however it dies, and frees its pool slot.</summary>
    private sealed class HandledConnection(StreamServer server, Socket connection) : IGreenletObserver
    {
        public void OnFinished(Greenlet greenlet)
        {
            connection.Dispose();
            server.OnHandlerFinished(greenlet);
        }
    }
}
