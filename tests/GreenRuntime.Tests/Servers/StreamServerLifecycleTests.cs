using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GreenRuntime.CompilerServices;
using static GreenRuntime.Tests.Servers.ServerTest;

namespace GreenRuntime.Tests.Servers;

/// <summary>Start, serve, stop: addresses, Stop with busy handlers, ServeForever, pool bound, accepts per turn.</summary>
public partial class StreamServerLifecycleTests
{
    [Fact]
    public void Port_zero_binds_a_free_port_that_Address_and_LocalEndPoint_report_once_started() => OnFreshThread(() =>
    {
        using var server = new StreamServer(AnyLoopbackPort, Handler(Echo));
        Assert.Null(server.LocalEndPoint);
        Assert.Equal(AnyLoopbackPort, server.Address);
        Assert.False(server.Started);

        server.Start();

        var bound = Assert.IsType<IPEndPoint>(server.LocalEndPoint);
        Assert.Equal(IPAddress.Loopback, bound.Address);
        Assert.NotEqual(0, bound.Port);
        Assert.Equal(bound, server.Address);
        Assert.True(server.Started);
        Assert.False(server.Closed);
        server.Stop();
        Assert.True(server.Closed);
    });

    [Fact]
    public void A_server_over_an_already_listening_socket_serves_it_and_closes_it_on_stop() => OnFreshThread(() =>
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(AnyLoopbackPort);
        listener.Listen(16);
        var server = new StreamServer(listener, Handler(Echo));
        Assert.Equal(listener.LocalEndPoint, server.Address);
        server.Start();

        Assert.Equal("ping", EchoOnce(server.LocalEndPoint!, "ping"));
        server.Stop();
        Assert.Throws<ObjectDisposedException>(() => listener.Accept());
    });

    [Fact]
    public void A_unix_domain_socket_server_echoes_and_gives_its_handler_the_peer_address() => OnFreshThread(() =>
    {
        string path = Path.Combine(Path.GetTempPath(), $"green-stream-server-{Guid.NewGuid():N}.sock");
        EndPoint? peerSeen = null;
        async GreenTask RecordPeerThenEcho(Socket connection, EndPoint peer)
        {
            peerSeen = peer;
            await Echo(connection, peer);
        }
        try
        {
            var server = new StreamServer(new UnixDomainSocketEndPoint(path), Handler(RecordPeerThenEcho));
            server.Start();
            Assert.Equal(path, server.LocalEndPoint!.ToString());

            Assert.Equal("over a unix socket", EchoOnce(server.LocalEndPoint!, "over a unix socket", ProtocolType.Unspecified));
            Assert.IsType<UnixDomainSocketEndPoint>(peerSeen);
            server.Stop();
            Assert.Equal(path, server.Address.ToString()); // still known after the listener closed
        }
        finally
        {
            File.Delete(path);
        }
    });

    [Fact]
    public void A_socket_that_is_not_listening_is_rejected()
    {
        using var notListening = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        notListening.Bind(AnyLoopbackPort);
        Assert.Throws<ArgumentException>(() => new StreamServer(notListening, Handler(Echo)));
    }

    [Fact]
    public void Start_twice_or_after_stop_throws() => OnFreshThread(() =>
    {
        var server = new StreamServer(AnyLoopbackPort, Handler(Echo));
        server.Start();
        Assert.Throws<InvalidOperationException>(server.Start);
        server.Stop();
        Assert.Throws<InvalidOperationException>(server.Start);
    });

    [Fact]
    public void Stop_refuses_new_connections_lets_quick_handlers_finish_and_kills_the_rest_at_the_timeout() => OnFreshThread(() =>
    {
        var log = new List<string>();
        async GreenTask Busy(Socket connection, EndPoint peer)
        {
            var request = new byte[1];
            await Receive(connection, request);
            bool quick = request[0] == (byte)'q';
            try
            {
                // Quick handlers finish 100 ms into Stop's 500 ms; slow ones would need a minute.
                await Green.Sleep(default(GreenSuspend), quick ? 100 : 60_000);
                await Send(connection, "done"u8.ToArray());
                log.Add(quick ? "quick finished" : "slow finished");
            }
            catch (GreenletExit)
            {
                log.Add(quick ? "quick killed" : "slow killed");
                throw;
            }
        }
        var server = new StreamServer(AnyLoopbackPort, Handler(Busy));
        server.Start();
        var endpoint = server.LocalEndPoint!;

        async GreenTask<string> Client(char kind)
        {
            using var socket = await Connect(endpoint);
            await Send(socket, new[] { (byte)kind });
            return Encoding.ASCII.GetString(await ReceiveToEnd(socket));
        }
        var clients = "qqsss".Select(kind => Spawn(() => Client(kind))).ToArray();
        WaitUntil(() => server.HandlerCount == 5, TimeSpan.FromSeconds(10), "all five handlers run");
        Green.Sleep(20); // every handler is past its receive, inside its sleep

        var took = Time(() => server.Stop(TimeSpan.FromMilliseconds(500)));

        Assert.True(server.Closed);
        Assert.Equal(0, server.HandlerCount);
        Assert.Equal(["quick finished", "quick finished", "slow killed", "slow killed", "slow killed"], log);
        Assert.True(took >= TimeSpan.FromMilliseconds(450), $"Stop returned after {took}, before its timeout");
        Assert.True(took < TimeSpan.FromSeconds(5), $"Stop took {took}");
        Green.JoinAll(clients, raiseError: true);
        // Quick clients got their reply; killed handlers' connections were closed without one.
        Assert.Equal(new[] { "done", "done", "", "", "" }, clients.Select(c => c.Value));
        Green.Hub.ErrorHandler = (_, _) => { }; // the refused client's greenlet fails on purpose
        Assert.Throws<SocketException>(() => Spawn(() => Connect(endpoint)).Get());
    });

    [Fact]
    public void Stop_with_idle_handlers_returns_as_soon_as_they_finish() => OnFreshThread(() =>
    {
        using var server = new StreamServer(AnyLoopbackPort, Handler(Echo));
        server.Start();
        Assert.Equal("ping", EchoOnce(server.LocalEndPoint!, "ping"));
        var took = Time(() => server.Stop(TimeSpan.FromSeconds(30)));
        Assert.True(took < TimeSpan.FromSeconds(5), $"Stop took {took}");
    });

    [Fact]
    public void ServeForever_from_ordinary_code_returns_once_a_greenlet_stops_the_server() => OnFreshThread(() =>
    {
        var server = new StreamServer(AnyLoopbackPort, Handler(Echo));
        server.Start();
        var endpoint = server.LocalEndPoint!;
        var client = Spawn(async () =>
        {
            using var socket = await Connect(endpoint);
            await Send(socket, "ping"u8.ToArray());
            var reply = new byte[4];
            await ReceiveExactly(socket, reply);
            socket.Shutdown(SocketShutdown.Send);
            await server.Stop(default(GreenSuspend));
            return Encoding.ASCII.GetString(reply);
        });

        server.ServeForever();

        Assert.True(server.Closed);
        Assert.Equal("ping", client.Get());
    });

    [Fact]
    public void ServeForever_interrupted_by_a_timeout_stops_the_server() => OnFreshThread(() =>
    {
        var server = new StreamServer(AnyLoopbackPort, Handler(Echo));
        using (var scope = Green.Timeout(TimeSpan.FromMilliseconds(100)))
        {
            var timedOut = Assert.Throws<GreenTimeoutException>(server.ServeForever);
            Assert.Same(scope, timedOut.Scope);
        }
        Assert.True(server.Started);
        Assert.True(server.Closed);
    });

    [Fact]
    public void ServeForever_in_a_greenlet_ends_when_the_greenlet_is_killed_and_the_server_stops() => OnFreshThread(() =>
    {
        var server = new StreamServer(AnyLoopbackPort, Handler(Echo));
        var serving = Spawn(() => server.ServeForever(default(GreenSuspend)));
        Green.Sleep(10);
        Assert.True(server.Started);
        Assert.Equal("ping", EchoOnce(server.LocalEndPoint!, "ping"));

        serving.Kill();

        Assert.True(serving.Dead);
        Assert.True(server.Closed);
    });

    [Fact]
    public void Dispose_closes_the_listener_and_kills_handlers_without_waiting() => OnFreshThread(() =>
    {
        bool handlerKilled = false;
        bool handlerReceiving = false;
        async GreenTask Hold(Socket connection, EndPoint peer)
        {
            try
            {
                handlerReceiving = true;
                await Receive(connection, new byte[1]);
            }
            catch (GreenletExit)
            {
                handlerKilled = true;
                throw;
            }
        }
        var server = new StreamServer(AnyLoopbackPort, Handler(Hold));
        server.Start();
        var endpoint = server.LocalEndPoint!;
        var client = Spawn(async () =>
        {
            using var socket = await Connect(endpoint);
            return await ReceiveToEnd(socket);
        });
        // Spawned is not started: a handler killed before it starts never runs its catch.
        WaitUntil(() => handlerReceiving, TimeSpan.FromSeconds(10), "the handler runs");

        server.Dispose();

        Assert.True(server.Closed);
        Assert.False(handlerKilled); // not yet: it dies when the hub next runs
        Assert.Empty(client.Get());
        Assert.True(handlerKilled);
        Assert.Equal(0, server.HandlerCount);
    });

    [Fact]
    public void The_pool_bound_caps_concurrent_handlers_and_every_client_is_still_served() => OnFreshThread(() =>
    {
        int running = 0, mostAtOnce = 0;
        async GreenTask Slow(Socket connection, EndPoint peer)
        {
            running++;
            mostAtOnce = Math.Max(mostAtOnce, running);
            try
            {
                await Green.Sleep(default(GreenSuspend), 20);
                await Send(connection, "ok"u8.ToArray());
            }
            finally
            {
                running--;
            }
        }
        using var server = new StreamServer(AnyLoopbackPort, Handler(Slow), maxConcurrentHandlers: 2);
        server.Start();
        var endpoint = server.LocalEndPoint!;
        async GreenTask<string> Client()
        {
            using var socket = await Connect(endpoint);
            return Encoding.ASCII.GetString(await ReceiveToEnd(socket));
        }

        var clients = Enumerable.Range(0, 7).Select(_ => Spawn(Client)).ToArray();
        Green.JoinAll(clients, raiseError: true);

        Assert.All(clients, c => Assert.Equal("ok", c.Value));
        Assert.Equal(2, mostAtOnce);
        server.Stop();
    });

    [Fact]
    public void Handlers_run_in_the_servers_pool_of_maxConcurrentHandlers() => OnFreshThread(() =>
    {
        var release = new GreenEvent();
        async GreenTask Hold(Socket connection, EndPoint peer) => await release.Wait(default(GreenSuspend));
        using var server = new StreamServer(AnyLoopbackPort, Handler(Hold), maxConcurrentHandlers: 3);
        Assert.Equal(3, server.Pool.Size);
        Assert.Null(new StreamServer(AnyLoopbackPort, Handler(Hold)).Pool.Size);
        server.Start();
        var endpoint = server.LocalEndPoint!;
        var clients = Enumerable.Range(0, 5).Select(_ => Spawn(async () => { using var socket = await Connect(endpoint); await ReceiveToEnd(socket); })).ToArray();
        WaitUntil(() => server.Pool.Count == 3, TimeSpan.FromSeconds(10), "three handlers in the pool");
        Green.Sleep(20);
        Assert.Equal(3, server.HandlerCount);
        Assert.Equal(0, server.Pool.FreeCount);
        release.Set();
        Green.JoinAll(clients, raiseError: true);
        Assert.True(server.Pool.Join(TimeSpan.FromSeconds(10)));
        server.Stop();
    });

    [Fact]
    public void A_pool_shared_with_other_work_bounds_the_handlers_and_Stop_leaves_the_other_work_alone() => OnFreshThread(() =>
    {
        // gevent's StreamServer(listener, handle, spawn=pool) with a pool that also runs other greenlets.
        var pool = new GreenPool(2);
        var otherWorkDone = new GreenEvent();
        var otherWork = GreenCall.Run(pool.Spawn(default(GreenSuspend), async () => { await otherWorkDone.Wait(default(GreenSuspend)); }));
        int handled = 0;
        async GreenTask Reply(Socket connection, EndPoint peer)
        {
            handled++;
            await Send(connection, "ok"u8.ToArray());
        }
        using var server = new StreamServer(AnyLoopbackPort, Handler(Reply)) { Pool = pool };
        Assert.Same(pool, server.Pool);
        server.Start();
        var endpoint = server.LocalEndPoint!;
        var clients = Enumerable.Range(0, 4).Select(_ => Spawn(async () =>
        {
            using var socket = await Connect(endpoint);
            return Encoding.ASCII.GetString(await ReceiveToEnd(socket));
        })).ToArray();
        Green.JoinAll(clients, raiseError: true);
        Assert.All(clients, c => Assert.Equal("ok", c.Value));
        Assert.Equal(4, handled);

        // Fill the pool with other work: the server stops accepting until a slot is free.
        var blocker = GreenCall.Run(pool.Spawn(default(GreenSuspend), async () => { await otherWorkDone.Wait(default(GreenSuspend)); }));
        var waiting = Spawn(async () =>
        {
            using var socket = await Connect(endpoint);
            return Encoding.ASCII.GetString(await ReceiveToEnd(socket));
        });
        Green.Sleep(50);
        Assert.Equal(4, handled);
        Assert.False(waiting.Dead);
        otherWorkDone.Set();
        Assert.Equal("ok", waiting.Get());
        Assert.Equal(5, handled);

        var longWork = GreenCall.Run(pool.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), 60_000); }));
        server.Stop(TimeSpan.FromMilliseconds(10));
        Assert.False(longWork.Dead);
        Assert.True(otherWork.Dead && blocker.Dead);
        longWork.Kill();
    });

    [Fact]
    public void A_server_given_both_maxConcurrentHandlers_and_a_Pool_is_refused() => OnFreshThread(() =>
    {
        async GreenTask Nothing(Socket connection, EndPoint peer) => await Green.Sleep(default(GreenSuspend), 0);
        var refused = Assert.Throws<InvalidOperationException>(() => new StreamServer(AnyLoopbackPort, Handler(Nothing), maxConcurrentHandlers: 2) { Pool = new GreenPool(2) });
        Assert.Contains("either maxConcurrentHandlers or a Pool", refused.Message);
    });

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    public void The_accept_loop_takes_at_most_maxAcceptsPerTurn_connections_before_letting_others_run(int maxAcceptsPerTurn) => OnFreshThread(() =>
    {
        var release = new GreenEvent();
        async GreenTask Hold(Socket connection, EndPoint peer) => await release.Wait(default(GreenSuspend));
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(AnyLoopbackPort);
        listener.Listen(16);
        // Six connections already wait in the backlog when the accept loop first runs.
        var waiting = Enumerable.Range(0, 6).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(listener.LocalEndPoint!);
            return socket;
        }).ToList();
        using var server = new StreamServer(listener, Handler(Hold), maxAcceptsPerTurn: maxAcceptsPerTurn);
        // A greenlet that yields in a loop sees how many handlers the accept loop spawned between its turns.
        var seen = new List<int>();
        var watcher = Spawn(async () =>
        {
            while (server.HandlerCount < 6)
            {
                seen.Add(server.HandlerCount);
                await Green.Sleep(default(GreenSuspend), 0);
            }
            seen.Add(server.HandlerCount);
        });

        server.Start(); // the accept loop runs after the watcher's first turn
        watcher.Join(TimeSpan.FromSeconds(10));

        Assert.True(watcher.Successful);
        if (maxAcceptsPerTurn == 2)
            Assert.Equal([0, 2, 4, 6], seen);
        else
            Assert.Equal([0, 6], seen); // all six in one go
        release.Set();
        server.Stop();
        waiting.ForEach(socket => socket.Dispose());
    });

    // ---- the handler as a [Greenlet] method --------------------------------------------------------

    [Greenlet]
    private static void GreetAfterNap(Socket connection, EndPoint peer, List<string> log, string name)
    {
        log.Add(name + " started");
        Thread.Sleep(30); // patched: suspends this handler only
        connection.Send(Encoding.ASCII.GetBytes("hi " + name));
        log.Add(name + " done");
    }

    [Greenlet]
    private static void GreetA(Socket connection, EndPoint peer) => GreetAfterNap(connection, peer, s_log!, "a");

    [ThreadStatic]
    private static List<string>? s_log;

    [Fact]
    public void A_greenlet_method_handler_runs_its_twin_so_connections_interleave() => OnFreshThread(() =>
    {
        // A method group of a [Greenlet] method: the server finds the twin by reflection.
        s_log = [];
        using var server = new StreamServer(AnyLoopbackPort, GreetA);
        ServeTwoClientsConcurrently(server, "hi a");
        Assert.Equal(["a started", "a started", "a done", "a done"], s_log);
    });

    [Fact]
    public void A_lambda_calling_a_greenlet_method_runs_green_too() => OnFreshThread(() =>
    {
        // The interceptor generator routes the lambda's body to the twin, which the handler greenlet takes over.
        var log = new List<string>();
        using var server = new StreamServer(AnyLoopbackPort, (connection, peer) => GreetAfterNap(connection, peer, log, "b"));
        ServeTwoClientsConcurrently(server, "hi b");
        Assert.Equal(["b started", "b started", "b done", "b done"], log);
    });

    [Fact]
    public void The_marker_constructor_takes_a_twin_as_the_handler() => OnFreshThread(() =>
    {
        // What generated code passes: the handler's resumable twin itself.
        using var server = new StreamServer(default(GreenSuspend), AnyLoopbackPort, Echo);
        server.Start();
        Assert.Equal("twin", EchoOnce(server.LocalEndPoint!, "twin"));
        server.Stop();
    });

    private static void ServeTwoClientsConcurrently(StreamServer server, string expected)
    {
        server.Start();
        var endpoint = server.LocalEndPoint!;
        async GreenTask<string> Client()
        {
            using var socket = await Connect(endpoint);
            return Encoding.ASCII.GetString(await ReceiveToEnd(socket));
        }
        var clients = new[] { Spawn(Client), Spawn(Client) };
        Green.JoinAll(clients, raiseError: true);
        Assert.All(clients, c => Assert.Equal(expected, c.Value));
        server.Stop();
    }

    private static StreamServer? s_stoppedByHandler;

    [Greenlet]
    private static void StopOwnServer(Socket connection, EndPoint peer)
    {
        connection.Send("bye"u8.ToArray());
        s_stoppedByHandler!.Stop(); // the twin: the handler suspends, and does not wait for itself
    }

    [Fact]
    public void A_handler_can_stop_its_own_server() => OnFreshThread(() =>
    {
        var server = new StreamServer(AnyLoopbackPort, StopOwnServer);
        s_stoppedByHandler = server;
        server.Start();
        var endpoint = server.LocalEndPoint!;
        var client = Spawn(async () =>
        {
            using var socket = await Connect(endpoint);
            return Encoding.ASCII.GetString(await ReceiveToEnd(socket));
        });

        var took = Time(server.ServeForever);

        Assert.Equal("bye", client.Get());
        Assert.True(server.Closed);
        Assert.True(took < TimeSpan.FromSeconds(5), $"ServeForever took {took}");
    });

    // ---- helpers ---------------------------------------------------------------------------------

    private static string EchoOnce(EndPoint endpoint, string text, ProtocolType protocol = ProtocolType.Tcp) => Spawn(async () =>
    {
        using var socket = await Connect(endpoint, protocol);
        var message = Encoding.ASCII.GetBytes(text);
        await Send(socket, message);
        var reply = new byte[message.Length];
        int got = await ReceiveExactly(socket, reply);
        return Encoding.ASCII.GetString(reply, 0, got);
    }).Get();

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }
}
