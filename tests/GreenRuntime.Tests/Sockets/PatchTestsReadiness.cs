using System.Net.Sockets;
using static GreenRuntime.Tests.Runtime.GreenTest;
using static GreenRuntime.Tests.Sockets.PatchGreenlets;
using static GreenRuntime.Tests.Sockets.PatchTestSockets;

namespace GreenRuntime.Tests.Sockets;

/// <summary>Readiness waits: <c>Green.Wait</c>/<c>WaitRead</c>/<c>WaitWrite</c>, and the patched <c>Socket.Poll</c> and <c>Socket.Select</c>.</summary>
public class PatchTestsReadiness
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);

    // ---- Green.Wait ------------------------------------------------------------------------------------

    [Fact]
    public void WaitRead_parks_until_data_arrives_and_consumes_nothing() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            var waiter = Green.Spawn(() => WaitWith(server, IoDirection.Read, null, log));
            var sender = Green.Spawn(SendWith, client, 0, Bytes("hello"), log);
            Green.JoinAll([waiter, sender], raiseError: true);

            Assert.Equal(["waiting", "sending", "sent 5", "ready True"], log);
            Assert.Equal("hello", ReceiveText(server));
        }
    });

    [Fact]
    public void WaitRead_with_a_timeout_returns_false_when_nothing_arrives_and_other_greenlets_run() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            var waiter = Green.Spawn(() => WaitWith(server, IoDirection.Read, Short, log));
            var ticker = Green.Spawn(Tick, log);
            Green.JoinAll([waiter, ticker], raiseError: true);

            Assert.False(waiter.Value);
            Assert.Equal(["waiting", "tick", "ready False"], log);
        }
    });

    [Fact]
    public void WaitWrite_on_a_connected_socket_is_ready_at_once_with_or_without_timeout() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            Assert.True(WaitWith(client, IoDirection.Write, null, []));
            Assert.True(WaitWith(client, IoDirection.Write, Short, []));
            Assert.True(WaitDirection(client, IoDirection.Write, Short));
        }
    });

    [Fact]
    public void Wait_from_ordinary_code_runs_the_hub_and_reports_readiness() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            Assert.False(Green.WaitRead(server, Short));
            Assert.True(Green.WaitWrite(server));

            var sender = Green.Spawn(SendWith, client, 0, Bytes("x"), new List<string>());
            Assert.True(Green.Wait(server, IoDirection.Read, Forever));
            Assert.True(sender.Dead);
            Assert.Equal("x", ReceiveText(server));
        }
    });

    [Fact]
    public void Wait_after_the_peer_closes_is_ready_for_reading() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (server)
        {
            var waiter = Green.Spawn(() => WaitDirection(server, IoDirection.Read, Forever));
            Green.Sleep(0);
            client.Dispose();

            Assert.True(waiter.Get());
            Assert.Equal("", ReceiveText(server));
        }
    });

    // ---- Socket.Poll ------------------------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Poll_parks_until_the_socket_is_readable(bool timeSpan) => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            var poller = Green.Spawn(() => PollWith(server, timeSpan, -1, SelectMode.SelectRead, log));
            var sender = Green.Spawn(SendWith, client, 0, Bytes("hello"), log);
            Green.JoinAll([poller, sender], raiseError: true);

            Assert.Equal(["polling", "sending", "sent 5", "polled True"], log);
            Assert.Equal("hello", ReceiveText(server));
        }
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Poll_with_a_timeout_returns_false_when_nothing_arrives_and_other_greenlets_run(bool timeSpan) => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var log = new List<string>();
            var poller = Green.Spawn(() => PollWith(server, timeSpan, 100_000, SelectMode.SelectRead, log));
            var ticker = Green.Spawn(Tick, log);
            Green.JoinAll([poller, ticker], raiseError: true);

            Assert.Equal(["polling", "tick", "polled False"], log);
        }
    });

    [Fact]
    public void Poll_for_writing_and_errors_answers_as_dotnet_does() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            Assert.True(PollWith(client, false, 100_000, SelectMode.SelectWrite, []));
            Assert.False(PollWith(client, false, 0, SelectMode.SelectError, []));
            Assert.False(PollWith(client, false, 0, SelectMode.SelectRead, []));
        }
    });

    // ---- Socket.Select ----------------------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Select_parks_until_one_of_several_sockets_is_readable_and_keeps_only_the_ready_ones(bool timeSpan) => OnFreshThread(() =>
    {
        var pairs = Enumerable.Range(0, 3).Select(_ => ConnectedPair()).ToArray();
        try
        {
            var servers = pairs.Select(p => p.Server).ToList();
            var log = new List<string>();
            var selector = Green.Spawn(() => SelectWith(servers, null, timeSpan, -1, log));
            var sender = Green.Spawn(SendWith, pairs[1].Client, 0, Bytes("one"), log);
            Green.JoinAll([selector, sender], raiseError: true);

            Assert.Equal(["selecting", "sending", "sent 3", "selected 1"], log);
            Assert.Same(pairs[1].Server, Assert.Single(servers));
            Assert.Equal("one", ReceiveText(pairs[1].Server));
        }
        finally
        {
            foreach (var (client, server) in pairs)
                Dispose(client, server);
        }
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Select_timeout_empties_the_lists_and_other_greenlets_run_meanwhile(bool timeSpan) => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var read = new List<Socket> { server };
            var log = new List<string>();
            var selector = Green.Spawn(() => SelectWith(read, null, timeSpan, 100_000, log));
            var ticker = Green.Spawn(Tick, log);
            Green.JoinAll([selector, ticker], raiseError: true);

            Assert.Equal(["selecting", "tick", "selected 0"], log);
            Assert.Empty(read);
        }
    });

    [Fact]
    public void Select_returns_writable_sockets_at_once_and_filters_the_read_list() => OnFreshThread(() =>
    {
        var (client, server) = ConnectedPair();
        using (client)
        using (server)
        {
            var read = new List<Socket> { server, client };
            var write = new List<Socket> { client };

            Assert.Equal(1, SelectWith(read, write, false, -1, []));

            Assert.Empty(read);
            Assert.Same(client, Assert.Single(write));
        }
    });

    [Fact]
    public void Select_with_no_sockets_throws_as_dotnet_does() => OnFreshThread(() =>
    {
        Assert.Throws<ArgumentNullException>(() => SelectWith([], null, false, 0, []));
    });
}
