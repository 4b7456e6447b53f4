using System.Net;
using System.Net.Sockets;

namespace GreenRuntime.Samples.Echo;

/// <summary>The seed's <c>communicate(conn)</c>: echo every message back upper-cased until the peer closes.</summary>
public static partial class EchoHandler
{
    /// <summary>
    /// <code>
    /// def communicate(conn):
    ///     while True:
    ///         try:
    ///             data = conn.recv(1024)
    ///             if len(data) == 0: break
    ///             conn.send(data.upper())
    ///         except ConnectionResetError:
    ///             break
    ///     conn.close()
    /// </code>
    /// </summary>
    [Greenlet]
    public static void Communicate(Socket conn)
    {
        var buffer = new byte[1024];
        while (true)
        {
            try
            {
                int n = conn.Receive(buffer);           // parks this greenlet until data arrives
                if (n == 0)
                    break;
                Upper(buffer.AsSpan(0, n));
                conn.Send(buffer, n, SocketFlags.None); // parks only if the send buffer is full
            }
            catch (SocketException)
            {
                break;
            }
        }
        conn.Close();
    }

    /// <summary>The same handler in <see cref="StreamServer"/>'s shape; the server closes the socket afterwards.</summary>
    [Greenlet]
    public static void Handle(Socket conn, EndPoint peer) => Communicate(conn);

    private static void Upper(Span<byte> ascii)
    {
        for (int i = 0; i < ascii.Length; i++)
        {
            if (ascii[i] is >= (byte)'a' and <= (byte)'z')
                ascii[i] -= 'a' - 'A';
        }
    }
}
