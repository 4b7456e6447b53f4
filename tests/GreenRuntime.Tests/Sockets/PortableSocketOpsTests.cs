using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;
using GreenRuntime.Sockets.Portable;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Sockets;

/// <summary>
/// The socket semantics both backends must share (written for the portable backend's hard cases): a receive
/// that times out or is killed consumes nothing, an abandoned accept loses no connection, nothing blocks the
/// hub. Written against <see cref="SocketIo"/>, so GreenRuntime.Tests runs them on epoll and
/// GreenRuntime.Tests.Portable on the portable backend.
/// </summary>
public class PortableSocketOpsTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void A_timed_out_receive_consumes_nothing_and_the_socket_stays_usable() => OnFreshThread(() =>
    {
        var (local, peer) = ConnectedPair();
        using (local)
        using (peer)
        {
            var buffer = new byte[64];
            var reader = Spawn(async () =>
            {
                var results = new List<string>();
                for (int i = 0; i < 5; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var e = await ThrowsAsync<SocketException>(SocketIo.Receive(local, buffer, SocketFlags.None, Hub.DeadlineAfter(Short)));
                    results.Add($"{e.SocketErrorCode} after >= {Short.TotalMilliseconds}ms: {watch.Elapsed >= Short - TimeSpan.FromMilliseconds(5)}");
                }
                return results;
            });
            Assert.All(reader.Get(), r => Assert.Equal($"TimedOut after >= {Short.TotalMilliseconds}ms: True", r));

            peer.Send("hello"u8);
            var received = Spawn(async () => await SocketIo.Receive(local, buffer, SocketFlags.None, Hub.DeadlineAfter(Hang)));
            Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, received.Get()));
        }
    });

    [Fact]
    public void A_receive_cut_off_by_a_timeout_scope_consumes_nothing() => OnFreshThread(() =>
    {
        var (local, peer) = ConnectedPair();
        using (local)
        using (peer)
        {
            var buffer = new byte[64];
            var reader = Spawn(async () =>
            {
                using var scope = Green.Timeout(Short);
                var e = await ThrowsAsync<GreenTimeoutException>(SocketIo.Receive(local, buffer, SocketFlags.None, long.MaxValue));
                return e.Scope == scope;
            });
            Assert.True(reader.Get());

            peer.Send("after the scope"u8);
            var received = Spawn(async () => await SocketIo.Receive(local, buffer, SocketFlags.None, Hub.DeadlineAfter(Hang)));
            Assert.Equal("after the scope", Encoding.ASCII.GetString(buffer, 0, received.Get()));
        }
    });

    [Fact]
    public void Closing_after_a_timed_out_receive_is_an_orderly_close() => OnFreshThread(() =>
    {
        // A receive wait left pending on the socket would make .NET close it abortively (RST, not FIN).
        var (local, peer) = ConnectedPair();
        using (peer)
        {
            var reader = Spawn(async () =>
                await ThrowsAsync<SocketException>(SocketIo.Receive(local, new byte[8], SocketFlags.None, Hub.DeadlineAfter(Short))));
            Assert.Equal(SocketError.TimedOut, reader.Get().SocketErrorCode);
            local.Dispose();

            peer.ReceiveTimeout = (int)Hang.TotalMilliseconds;
            Assert.Equal(0, peer.Receive(new byte[8])); // end of stream; a reset would throw ConnectionReset
        }
    });

    [Fact]
    public void Killing_a_parked_receive_wakes_it_promptly_and_loses_no_data() => OnFreshThread(() =>
    {
        var (local, peer) = ConnectedPair();
        using (local)
        using (peer)
        {
            var log = new List<string>();
            var reader = Spawn(async () =>
            {
                try
                {
                    await SocketIo.Receive(local, new byte[8], SocketFlags.None, long.MaxValue);
                    log.Add("received");
                }
                finally
                {
                    log.Add("finally");
                }
            });
            Green.Sleep(10);
            Assert.False(reader.Dead);
            var took = Time(() => reader.Kill());
            Assert.True(reader.Successful);
            Assert.Equal(["finally"], log);
            Assert.True(took < Prompt, $"the kill took {took}");
            // The killed wait no longer keeps the hub busy: Run returns.
            Assert.True(Time(Green.Hub.Run) < Prompt);

            peer.Send("kept"u8);
            var buffer = new byte[8];
            var next = Spawn(async () => await SocketIo.Receive(local, buffer, SocketFlags.None, Hub.DeadlineAfter(Hang)));
            Assert.Equal("kept", Encoding.ASCII.GetString(buffer, 0, next.Get()));
        }
    });

    [Fact]
    public void An_accept_that_timed_out_or_was_killed_loses_no_connection() => OnFreshThread(() =>
    {
        using var listener = Listener();
        var endpoint = listener.LocalEndPoint!;

        var timedOut = Spawn(async () => await ThrowsAsync<SocketException>(SocketIo.Accept(listener, Hub.DeadlineAfter(Short))));
        Assert.Equal(SocketError.TimedOut, timedOut.Get().SocketErrorCode);
        var killed = Spawn(async () => await SocketIo.Accept(listener, long.MaxValue));
        Green.Sleep(10);
        killed.Kill();
        Assert.True(killed.Successful);

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(endpoint);
        client.Send("first"u8);
        // Nothing left waiting took it: the connection is in the backlog, where a plain Poll sees it.
        Assert.True(listener.Poll((int)(Hang.TotalMilliseconds * 1000), SelectMode.SelectRead));
        var accepted = Spawn(async () => await SocketIo.Accept(listener, Hub.DeadlineAfter(Hang)));
        using var connection = accepted.Get();
        Assert.Equal(client.LocalEndPoint, connection.RemoteEndPoint);
        var buffer = new byte[8];
        var read = Spawn(async () => await SocketIo.Receive(connection, buffer, SocketFlags.None, Hub.DeadlineAfter(Hang)));
        Assert.Equal("first", Encoding.ASCII.GetString(buffer, 0, read.Get()));
    });

    [Fact]
    public void Accepts_with_tiny_timeouts_racing_connections_accept_every_connection_once() => OnFreshThread(() =>
    {
        // Connections arrive from another thread while each accept gives up after a millisecond or two: on the
        // portable backend many complete just as their wait is abandoned, and must go to the next accept.
        const int connections = 40;
        using var listener = Listener();
        var endpoint = listener.LocalEndPoint!;
        var clients = new List<Socket>();
        var connecting = Task.Run(() =>
        {
            for (int i = 0; i < connections; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                client.Connect(endpoint);
                client.Send([(byte)i]);
                lock (clients)
                    clients.Add(client);
                Thread.Sleep(i % 3);
            }
        });
        var acceptor = Spawn(async () =>
        {
            var seen = new List<int>();
            var deadline = Hub.DeadlineAfter(Hang);
            while (seen.Count < connections && Stopwatch.GetTimestamp() < deadline)
            {
                Socket connection;
                try
                {
                    connection = await SocketIo.Accept(listener, Hub.DeadlineAfter(TimeSpan.FromMilliseconds(1 + seen.Count % 2)));
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
                {
                    continue;
                }
                using (connection)
                {
                    var one = new byte[1];
                    Assert.Equal(1, await SocketIo.Receive(connection, one, SocketFlags.None, Hub.DeadlineAfter(Hang)));
                    seen.Add(one[0]);
                }
            }
            return seen;
        });
        var seen = acceptor.Get();
        Assert.True(connecting.Wait(Hang));
        foreach (var client in clients)
            client.Dispose();
        Assert.Equal(Enumerable.Range(0, connections), seen.Order());
    });

    [Fact]
    public void Waiting_for_readiness_times_out_then_sees_data_and_connections() => OnFreshThread(() =>
    {
        using var listener = Listener();
        var (local, peer) = ConnectedPair();
        using (local)
        using (peer)
        {
            var results = Spawn(async () =>
            {
                var seen = new List<bool>
                {
                    await SocketIo.WaitReady(local, IoDirection.Read, Hub.DeadlineAfter(Short)),
                    await SocketIo.WaitReady(listener, IoDirection.Read, Hub.DeadlineAfter(Short)),
                    await SocketIo.WaitReady(local, IoDirection.Write, Hub.DeadlineAfter(Hang)),
                };
                return seen;
            });
            Assert.Equal([false, false, true], results.Get());

            var readable = Spawn(async () => await SocketIo.WaitReady(local, IoDirection.Read, Hub.DeadlineAfter(Hang)));
            var acceptable = Spawn(async () => await SocketIo.WaitReady(listener, IoDirection.Read, Hub.DeadlineAfter(Hang)));
            Green.Sleep(10);
            peer.Send("x"u8);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            Assert.True(readable.Get());
            Assert.True(acceptable.Get());

            // Readiness consumed nothing: the byte and the connection are still there.
            var buffer = new byte[4];
            var read = Spawn(async () => await SocketIo.Receive(local, buffer, SocketFlags.None, Hub.DeadlineAfter(Hang)));
            Assert.Equal(1, read.Get());
            var accepted = Spawn(async () => await SocketIo.Accept(listener, Hub.DeadlineAfter(Hang)));
            using var connection = accepted.Get();
            Assert.Equal(client.LocalEndPoint, connection.RemoteEndPoint);
        }
    });

    [Fact]
    public void A_wait_that_times_out_is_not_ready_even_when_cancelling_the_operation_completes_it_inline() => OnFreshThread(() =>
    {
        // The portable backend cancels the operation of a given-up wait; .NET may complete it (cancelled) inside
        // Cancel. A TaskCompletionSource cancelled from the token does so every time.
        var (local, peer) = ConnectedPair();
        using (local)
        using (peer)
        {
            var operation = new PendingOperation<int>(PortableSocket.Of(local), "a test operation");
            var token = operation.NextToken();
            var source = new TaskCompletionSource<int>();
            token.Register(() => source.TrySetCanceled(token));
            operation.Start(new ValueTask<int>(source.Task));

            var ready = Spawn(async () => await new PendingOperationAwaitable(Green.Hub, operation, Hub.DeadlineAfter(Short)));

            Assert.False(ready.Get());
            Assert.True(operation.WasCancelled);
        }
    });

    [Fact]
    public void A_send_to_a_peer_that_does_not_read_times_out_without_blocking_the_hub() => OnFreshThread(() =>
    {
        var (local, peer) = ConnectedPair();
        using (local)
        using (peer)
        {
            int ticks = 0;
            bool sending = true;
            var ticker = Spawn(async () =>
            {
                while (sending)
                {
                    ticks++;
                    await Green.Sleep(default(GreenSuspend), 1);
                }
            });
            var big = new byte[64 * 1024 * 1024];
            var sender = Spawn(async () =>
                await ThrowsAsync<SocketException>(SocketIo.Send(local, big, SocketFlags.None, Hub.DeadlineAfter(TimeSpan.FromMilliseconds(200)))));
            Assert.Equal(SocketError.TimedOut, sender.Get().SocketErrorCode);
            sending = false;
            ticker.Join();
            Assert.True(ticks > 5, $"the hub ran other greenlets only {ticks} times during the send");
        }
    });

    [Fact]
    public void Killing_a_parked_send_stops_it_and_the_socket_still_sends_in_order() => OnFreshThread(() =>
    {
        var (local, peer) = ConnectedPair();
        using (local)
        using (peer)
        {
            var big = new byte[32 * 1024 * 1024];
            var sender = Spawn(async () => await SocketIo.Send(local, big, SocketFlags.None, long.MaxValue));
            Green.Sleep(20);
            Assert.False(sender.Dead);
            sender.Kill();
            Assert.True(sender.Successful);

            // Drain what the killed send got out (a prefix of zeros), then a marker sent afterwards follows it intact.
            var marker = Enumerable.Range(1, 255).Select(i => (byte)i).ToArray();
            var next = Spawn(async () => await SocketIo.Send(local, marker, SocketFlags.None, Hub.DeadlineAfter(Hang)));
            var drained = Task.Run(() =>
            {
                var received = new MemoryStream();
                var buffer = new byte[1024 * 1024];
                peer.ReceiveTimeout = (int)Hang.TotalMilliseconds;
                while (received.Length < marker.Length || !received.ToArray().AsSpan()[^marker.Length..].SequenceEqual(marker))
                {
                    int n = peer.Receive(buffer);
                    if (n == 0)
                        break;
                    received.Write(buffer, 0, n);
                }
                return received.ToArray();
            });
            Assert.Equal(marker.Length, next.Get());
            Assert.True(drained.Wait(Hang));
            var all = drained.Result;
            Assert.True(all.Length < big.Length + marker.Length, "the killed send went on to the end");
            Assert.True(all.AsSpan(0, all.Length - marker.Length).IndexOfAnyExcept((byte)0) < 0, "the marker interleaved with the killed send");
        }
    });

    [Fact]
    public void Select_over_many_sockets_wakes_for_the_one_with_data_and_a_killed_Select_leaves_them_usable() => OnFreshThread(() =>
    {
        var pairs = Enumerable.Range(0, 40).Select(_ => ConnectedPair()).ToArray();
        try
        {
            var locals = pairs.Select(p => p.Local).ToArray();
            var selecting = Spawn(async () =>
            {
                var readable = new List<Socket>(locals);
                await SocketIo.Select(readable, null, null, Hub.DeadlineAfter(Hang));
                return readable;
            });
            Green.Sleep(10);
            Assert.False(selecting.Dead);
            pairs[17].Peer.Send("x"u8);
            Assert.Equal([locals[17]], selecting.Get());
            var buffer = new byte[4];
            var read = Spawn(async () => await SocketIo.Receive(locals[17], buffer, SocketFlags.None, Hub.DeadlineAfter(Hang)));
            Assert.Equal(1, read.Get());

            var killed = Spawn(async () => await SocketIo.Select(new List<Socket>(locals), null, null, long.MaxValue));
            Green.Sleep(10);
            killed.Kill();
            Assert.True(killed.Successful);
            // Nothing the killed Select waited with is left pending: a close is still orderly (FIN, not RST).
            locals[3].Dispose();
            pairs[3].Peer.ReceiveTimeout = (int)Hang.TotalMilliseconds;
            Assert.Equal(0, pairs[3].Peer.Receive(buffer));
        }
        finally
        {
            foreach (var (local, peer) in pairs)
            {
                local.Dispose();
                peer.Dispose();
            }
        }
    });

    [Fact]
    public void Green_operations_leave_Socket_Blocking_as_the_user_set_it() => OnFreshThread(() =>
    {
        // NetworkStream (TcpClient.GetStream) refuses a non-blocking socket, and unpatched calls must keep blocking.
        using var listener = Listener();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepted = Spawn(async () => await SocketIo.Accept(listener, Hub.DeadlineAfter(Hang)));
        Green.Sleep(10);
        client.Connect(listener.LocalEndPoint!);
        using var connection = accepted.Get();
        var roundTrip = Spawn(async () =>
        {
            var buffer = new byte[4];
            await SocketIo.Send(client, "ping"u8.ToArray(), SocketFlags.None, Hub.DeadlineAfter(Hang));
            int n = await SocketIo.Receive(connection, buffer, SocketFlags.None, Hub.DeadlineAfter(Hang));
            await ThrowsAsync<SocketException>(SocketIo.Receive(connection, buffer, SocketFlags.None, Hub.DeadlineAfter(Short)));
            return n;
        });
        Assert.Equal(4, roundTrip.Get());
        Assert.True(listener.Blocking);
        Assert.True(client.Blocking);
        Assert.True(connection.Blocking);
        using var stream = new NetworkStream(connection, ownsSocket: false);
        client.Send("sync"u8);
        Assert.Equal(4, stream.ReadAtLeast(new byte[4], 4));
    });

    [Fact]
    public void Echo_serves_a_few_hundred_green_clients_with_small_and_large_messages() => OnFreshThread(() =>
    {
        const int clients = 300, rounds = 3, large = 4;
        using var listener = Listener(backlog: 1024);
        var endpoint = listener.LocalEndPoint!;

        async GreenTask Communicate(Socket connection)
        {
            using (connection)
            {
                var buffer = new byte[16 * 1024];
                while (true)
                {
                    int n = await SocketIo.Receive(connection, buffer, SocketFlags.None, long.MaxValue);
                    if (n == 0)
                        return;
                    await SocketIo.Send(connection, buffer.AsMemory(0, n), SocketFlags.None, long.MaxValue);
                }
            }
        }
        var server = Spawn(async () =>
        {
            while (true)
                _ = Green.Spawn(default(GreenSuspend), Communicate, await SocketIo.Accept(listener, long.MaxValue));
        });

        async GreenTask<int> Client(int id)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(endpoint);
            int ok = 0;
            for (int round = 0; round < rounds; round++)
            {
                // A few clients send megabytes: their sends fill the socket buffers and finish asynchronously.
                var message = id < large
                    ? Enumerable.Range(0, 3 * 1024 * 1024).Select(i => (byte)(i * 7 + id + round)).ToArray()
                    : Encoding.ASCII.GetBytes($"client {id} round {round}");
                var reply = new byte[message.Length];
                var sending = Green.Spawn(default(GreenSuspend), async () => await SocketIo.Send(socket, message, SocketFlags.None, Hub.DeadlineAfter(Hang)));
                int got = 0;
                while (got < reply.Length)
                    got += await SocketIo.Receive(socket, reply.AsMemory(got), SocketFlags.None, Hub.DeadlineAfter(Hang));
                await sending.Join(default(GreenSuspend));
                if (sending.Successful && reply.AsSpan().SequenceEqual(message))
                    ok++;
            }
            return ok;
        }

        var all = Enumerable.Range(0, clients).Select(id => Green.Spawn(default(GreenSuspend), Client, id)).ToArray();
        Green.JoinAll(all, raiseError: true);
        Assert.All(all, client => Assert.Equal(rounds, client.Value));
        server.Kill();
        Assert.True(server.Successful);
    });

    // ---- helpers -----------------------------------------------------------------------------

    private static Greenlet<T> Spawn<T>(Func<GreenTask<T>> twin) => Green.Spawn(default(GreenSuspend), twin);

    private static Greenlet Spawn(Func<GreenTask> twin) => Green.Spawn(default(GreenSuspend), twin);

    private static async GreenTask<TException> ThrowsAsync<TException>(GreenTask<int> operation)
        where TException : Exception
    {
        try
        {
            await operation;
        }
        catch (TException expected)
        {
            return expected;
        }
        throw new Xunit.Sdk.XunitException($"Expected {typeof(TException).Name}; the operation completed.");
    }

    private static async GreenTask<TException> ThrowsAsync<TException>(GreenTask<Socket> operation)
        where TException : Exception
    {
        try
        {
            (await operation).Dispose();
        }
        catch (TException expected)
        {
            return expected;
        }
        throw new Xunit.Sdk.XunitException($"Expected {typeof(TException).Name}; the operation completed.");
    }

    private static Socket Listener(int backlog = 64)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }

    /// <summary>A connected TCP pair made with ordinary blocking calls (before the hub does any I/O on them).</summary>
    private static (Socket Local, Socket Peer) ConnectedPair()
    {
        using var listener = Listener();
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        peer.Connect(listener.LocalEndPoint!);
        return (listener.Accept(), peer);
    }
}
