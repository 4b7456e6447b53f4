using System.Net.Sockets;
using static GreenRuntime.Tests.Runtime.GreenTest;
using static GreenRuntime.Tests.Sockets.PatchGreenlets;
using static GreenRuntime.Tests.Sockets.PatchTestSockets;

namespace GreenRuntime.Tests.Sockets;

/// <summary>
/// Socket timeouts, <c>Green.Timeout</c> scopes and kills end a parked socket call cleanly: nothing received is
/// lost, and the socket stays usable.
/// </summary>
public class PatchTestsTimeouts
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void ReceiveTimeout_throws_TimedOut_and_the_next_receive_gets_data_sent_later() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            server.ReceiveTimeout = (int)Short.TotalMilliseconds;

            var timedOut = Assert.Throws<SocketException>(() => ReceiveText(server));

            Assert.Equal(SocketError.TimedOut, timedOut.SocketErrorCode);
            Assert.True(server.Connected);
            client.Send(Bytes("late"));
            Assert.Equal("late", ReceiveText(server));
        }
    });

    [Fact]
    public void ReceiveTimeout_lets_other_greenlets_run_while_the_receive_waits() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            server.ReceiveTimeout = (int)Short.TotalMilliseconds;
            var log = new List<string>();
            var receiver = Green.Spawn(ReceiveWith, server, 0, log);
            var ticker = Green.Spawn(Tick, log);
            Green.JoinAll(receiver, ticker);

            Assert.Equal(["receiving", "tick"], log);
            Assert.Equal(SocketError.TimedOut, Assert.IsType<SocketException>(receiver.Exception).SocketErrorCode);
        }
    });

    [Fact]
    public void SendTimeout_throws_TimedOut_when_the_peer_does_not_read() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            client.SendBufferSize = 16 * 1024;
            server.ReceiveBufferSize = 16 * 1024;
            client.SendTimeout = (int)Short.TotalMilliseconds;

            var timedOut = Assert.Throws<SocketException>(() => SendWith(client, 0, new byte[4 * 1024 * 1024], []));

            Assert.Equal(SocketError.TimedOut, timedOut.SocketErrorCode);
        }
    });

    [Fact]
    public void Accept_honours_the_listeners_ReceiveTimeout() => OnFreshThread(() =>
    {
        using var listener = Listener();
        listener.ReceiveTimeout = (int)Short.TotalMilliseconds;

        var timedOut = Assert.Throws<SocketException>(() => AcceptOne(listener, []));

        Assert.Equal(SocketError.TimedOut, timedOut.SocketErrorCode);
    });

    [Fact]
    public void Green_timeout_scope_interrupts_a_parked_receive_and_the_socket_stays_usable() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            Assert.Equal("timed out", ReceiveWithin(server, Short));

            client.Send(Bytes("after"));
            Assert.Equal("after", ReceiveWithin(server, Forever));
        }
    });

    [Fact]
    public void Kill_during_a_parked_receive_runs_finally_and_the_socket_stays_usable() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            var receiver = Green.Spawn(ReceiveUntilKilled, server, log);
            Green.Sleep(0);
            Assert.Equal(["receiving"], log);

            receiver.Kill();

            Assert.True(receiver.Dead);
            Assert.True(receiver.Successful);
            Assert.Equal(["receiving", "finally"], log);
            // The killed greenlet's read slot is free again, and the data is there for the next reader.
            client.Send(Bytes("still here"));
            Assert.Equal("still here", ReceiveText(server));
        }
    });

    [Fact]
    public void NetworkStream_ReadTimeout_throws_IOException_wrapping_TimedOut_and_later_data_is_read() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (var stream = new NetworkStream(server, ownsSocket: true))
        {
            stream.ReadTimeout = (int)Short.TotalMilliseconds;

            var failure = Assert.Throws<IOException>(() => ReadText(stream, []));

            Assert.Equal(SocketError.TimedOut, Assert.IsType<SocketException>(failure.InnerException).SocketErrorCode);
            client.Send(Bytes("later"));
            Assert.Equal("later", ReadText(stream, []));
        }
    });
}
