using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GreenRuntime.Samples.Echo;

/// <summary>What the demo's clients did; touched only on the hub thread, so no locks.</summary>
public sealed class EchoStats
{
    /// <summary>Replies received and checked.</summary>
    public long RoundTrips;

    /// <summary>Replies that were not the upper-cased message.</summary>
    public long WrongReplies;

    /// <summary>Clients whose connection failed.</summary>
    public long Failures;

    /// <summary>Connections open right now.</summary>
    public int OpenConnections;

    /// <summary>Set to make every client finish its current round trip and disconnect.</summary>
    public bool Stopping;
}

/// <summary>
/// The seed's client, as green threads instead of OS threads — with its bug fixed: the seed's <c>n+1</c>
/// never incremented <c>n</c>; here <c>n</c> counts up.
/// <code>
/// def client():
///     client = socket(AF_INET, SOCK_STREAM)
///     client.connect(('127.0.0.1', 8080))
///     n = 0
///     while True:
///         msg = '%s say hello %s' % (current_thread().name, n)
///         n += 1
///         client.send(msg.encode('utf-8'))
///         data = client.recv(1024)
/// </code>
/// </summary>
public static partial class EchoClients
{
    [Greenlet]
    public static void Client(EndPoint server, string name, EchoStats stats)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            client.Connect(server);
        }
        catch (SocketException)
        {
            stats.Failures++;
            return;
        }
        stats.OpenConnections++;
        try
        {
            var reply = new byte[1024];
            for (int n = 0; !stats.Stopping; n++)
            {
                var message = Encoding.UTF8.GetBytes($"{name} say hello {n}");
                client.Send(message);
                int received = 0;
                while (received < message.Length)
                {
                    int got = client.Receive(reply, received, reply.Length - received, SocketFlags.None);
                    if (got == 0)
                        throw new SocketException((int)SocketError.ConnectionReset);
                    received += got;
                }
                if (Encoding.UTF8.GetString(reply, 0, received) == $"{name} say hello {n}".ToUpperInvariant())
                    stats.RoundTrips++;
                else
                    stats.WrongReplies++;
            }
        }
        catch (SocketException)
        {
            stats.Failures++;
        }
        finally
        {
            stats.OpenConnections--;
        }
    }
}
