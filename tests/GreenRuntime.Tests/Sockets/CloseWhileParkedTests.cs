using System.Net.Sockets;
using static GreenRuntime.Tests.Runtime.GreenTest;
using static GreenRuntime.Tests.Sockets.PatchGreenlets;
using static GreenRuntime.Tests.Sockets.PatchTestSockets;

namespace GreenRuntime.Tests.Sockets;

/// <summary>
/// A socket closed while a greenlet is parked on it (gevent's <c>cancel_wait</c>): the waiter wakes with the
/// <see cref="ObjectDisposedException"/> any later call would throw, whoever closed it — another greenlet, a thread —
/// never sleeps forever, and never touches a new socket that reused the descriptor. (On epoll a close raises no
/// event; a sweep every 50 ms notices it, well inside <see cref="GreenTest.Prompt"/>.)
/// </summary>
public class CloseWhileParkedTests
{
    [Fact]
    public void Closing_a_socket_wakes_the_greenlet_parked_receiving_from_it() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        {
            var receiver = Green.Spawn(ReceiveText, server);
            Green.Sleep(0);   // the receiver parks
            server.Close();

            Assert.True(receiver.Join(Prompt), "the receiver was still parked on the closed socket");
            Assert.IsType<ObjectDisposedException>(receiver.Exception);
        }
    });

    [Fact]
    public void Closing_a_listener_wakes_the_greenlet_parked_accepting_on_it() => OnFreshThread(() =>
    {
        var listener = Listener();
        var acceptor = Green.Spawn(AcceptOne, listener, new List<string>());
        Green.Sleep(0);
        listener.Dispose();

        Assert.True(acceptor.Join(Prompt), "the acceptor was still parked on the closed listener");
        Assert.IsType<ObjectDisposedException>(acceptor.Exception);
    });

    [Fact]
    public void Closing_a_socket_from_another_thread_wakes_the_parked_greenlet() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        {
            var receiver = Green.Spawn(ReceiveText, server);
            Green.Sleep(0);
            var closer = new Thread(server.Dispose);
            closer.Start();

            Assert.True(receiver.Join(Prompt), "the receiver was still parked on the socket closed by another thread");
            closer.Join();
            Assert.IsType<ObjectDisposedException>(receiver.Exception);
        }
    });

    [Fact]
    public void A_waiter_on_a_closed_socket_does_not_read_from_a_new_socket_that_reused_its_descriptor() => OnFreshThread(() =>
    {
        var (oldClient, oldServer) = ConnectedPair();
        var receiver = Green.Spawn(ReceiveText, oldServer);
        Green.Sleep(0);
        oldServer.Close();
        oldClient.Close();

        // The kernel hands out the lowest free descriptors, so the new pair takes the old numbers at once.
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var newReceiver = Green.Spawn(ReceiveText, server);
            client.Send(Bytes("for the new socket"));

            Assert.True(Green.JoinAll([receiver, newReceiver], Prompt).Count == 2, "a receiver was still parked");
            Assert.IsType<ObjectDisposedException>(receiver.Exception);
            Assert.Equal("for the new socket", newReceiver.Value);
        }
    });

    [Fact]
    public void A_stream_whose_socket_was_closed_under_it_does_not_read_from_a_new_socket_that_reused_its_descriptor() => OnFreshThread(() =>
    {
        var (oldClient, oldServer) = ConnectedPair();
        var stream = new NetworkStream(oldServer, ownsSocket: false);
        WriteText(stream, "registers the socket with the hub", []);
        oldServer.Close();   // the socket, not the stream: the stream still reads and writes
        oldClient.Close();
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            client.Send(Bytes("for the new socket"));

            var failure = Assert.Throws<IOException>(() => ReadText(stream, []));
            Assert.IsType<ObjectDisposedException>(failure.InnerException);
            Assert.Equal("for the new socket", ReceiveText(server));
        }
    });
}
