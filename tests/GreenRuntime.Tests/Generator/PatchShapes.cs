using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GreenRuntime.Tests.Generator;

/// <summary>
/// <c>[Greenlet]</c> methods calling socket members whose patches have a shape (docs/internals.md, "Suspension
/// points", rule 3): <c>out</c>/<c>ref</c> parameters (awaited, then <c>Unpack</c>), span receives (readiness, then a
/// synchronous completion), span sends, the connecting <see cref="TcpClient"/> constructor. Each logs around its
/// call, so a test sees from the log that another greenlet ran while it waited.
/// </summary>
internal static partial class PatchShapes
{
    public static string Text(byte[] buffer, int offset, int count) => Encoding.ASCII.GetString(buffer, offset, count);

    /// <summary>Bytes whose value depends on their position, so order and completeness can be checked.</summary>
    public static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
            data[i] = (byte)(i * 31 + i / 251);
        return data;
    }

    // ---- out / ref (Unpack) -------------------------------------------------------------------------------

    [Greenlet]
    public static string ReceiveWithErrorCode(Socket socket, List<string> log)
    {
        var buffer = new byte[64];
        log.Add("receiving");
        int received = socket.Receive(buffer, 4, 32, SocketFlags.None, out SocketError error);
        log.Add("received " + received);
        return $"{Text(buffer, 4, received)}|{error}";
    }

    [Greenlet]
    public static string SendWithErrorCode(Socket socket, byte[] data, List<string> log)
    {
        log.Add("sending");
        int sent = socket.Send(data, 0, data.Length, SocketFlags.None, out var error);
        log.Add("sent");
        return $"{sent}|{error}";
    }

    [Greenlet]
    public static string ReceiveFromWithRefEndPoint(Socket socket, List<string> log)
    {
        var buffer = new byte[64];
        EndPoint sender = new IPEndPoint(IPAddress.Any, 0);
        log.Add("receiving");
        int received = socket.ReceiveFrom(buffer, SocketFlags.None, ref sender);
        log.Add("received " + received);
        return $"{Text(buffer, 0, received)}|{sender}";
    }

    // ---- spans ------------------------------------------------------------------------------------------

    [Greenlet]
    public static string ReceiveIntoSpan(Socket socket, int overload, List<string> log)
    {
        var buffer = new byte[64];
        var error = SocketError.Success;
        log.Add("receiving");
        int received = overload switch
        {
            0 => socket.Receive(buffer.AsSpan(8)),
            1 => socket.Receive(buffer.AsSpan(8), SocketFlags.None),
            _ => socket.Receive(buffer.AsSpan(8), SocketFlags.None, out error),
        };
        log.Add("received " + received);
        return $"{Text(buffer, 8, received)}|{error}";
    }

    [Greenlet]
    public static string ReceiveFromIntoSpan(Socket socket, List<string> log)
    {
        var buffer = new byte[64];
        EndPoint sender = new IPEndPoint(IPAddress.Any, 0);
        log.Add("receiving");
        int received = socket.ReceiveFrom(buffer.AsSpan(), SocketFlags.None, ref sender);
        log.Add("received " + received);
        return $"{Text(buffer, 0, received)}|{sender}";
    }

    [Greenlet]
    public static string ReceiveIntoSpanUnderTimeout(Socket socket, TimeSpan timeout, List<string> log)
    {
        var buffer = new byte[64];
        try
        {
            using (Green.Timeout(timeout))
            {
                log.Add("receiving");
                int received = socket.Receive(buffer.AsSpan());
                return "received " + received;
            }
        }
        catch (GreenTimeoutException)
        {
            log.Add("timed out");
        }
        // The interrupted receive consumed nothing: what arrives now is read whole.
        int later = socket.Receive(buffer.AsSpan());
        return Text(buffer, 0, later);
    }

    [Greenlet]
    public static string ReceiveIntoSpanWithSocketTimeout(Socket socket, bool withErrorCode, List<string> log)
    {
        var buffer = new byte[64];
        log.Add("receiving");
        if (withErrorCode)
        {
            int received = socket.Receive(buffer.AsSpan(), SocketFlags.None, out var error);
            return $"{received}|{error}";
        }
        try
        {
            return "received " + socket.Receive(buffer.AsSpan());
        }
        catch (SocketException failed)
        {
            return "threw " + failed.SocketErrorCode;
        }
    }

    [Greenlet]
    public static int SendFromSpan(Socket socket, byte[] data, int overload, List<string> log)
    {
        log.Add("sending");
        int sent;
        if (overload == 0)
        {
            sent = socket.Send(data.AsSpan());
        }
        else if (overload == 1)
        {
            ReadOnlySpan<byte> whole = data;
            sent = socket.Send(whole, SocketFlags.None);
        }
        else
        {
            sent = socket.Send(data.AsSpan(), SocketFlags.None, out var error);
            if (error != SocketError.Success)
                throw new SocketException((int)error);
        }
        log.Add("sent");
        return sent;
    }

    [Greenlet]
    public static int SendToFromSpan(Socket socket, byte[] datagram, EndPoint target) =>
        socket.SendTo(datagram.AsSpan(), SocketFlags.None, target);

    /// <summary>Receives <paramref name="expected"/> bytes into a span and counts those not where <see cref="Pattern"/> puts them.</summary>
    [Greenlet]
    public static long DrainPattern(Socket socket, long expected, List<string> log)
    {
        log.Add("draining");
        var buffer = new byte[64 * 1024];
        var pattern = Pattern((int)expected);
        long total = 0;
        long wrong = 0;
        while (total < expected)
        {
            int received = socket.Receive(buffer.AsSpan(0, (int)Math.Min(buffer.Length, expected - total)));
            if (received == 0)
                break;
            for (int i = 0; i < received; i++)
            {
                if (buffer[i] != pattern[total + i])
                    wrong++;
            }
            total += received;
        }
        return total == expected ? wrong : -1;
    }

    [Greenlet]
    public static string EchoOverNetworkStream(Socket socket, List<string> log)
    {
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var buffer = new byte[64];
        log.Add("reading");
        int read = stream.Read(buffer.AsSpan());
        log.Add("read " + read);
        stream.Write(buffer.AsSpan(0, read));
        return Text(buffer, 0, read);
    }

    // ---- the connecting constructor -----------------------------------------------------------------------

    [Greenlet]
    public static string ConnectAndGreet(string host, int port, List<string> log)
    {
        log.Add("connecting");
        using var client = new TcpClient(host, port);
        log.Add("connected");
        var stream = client.GetStream();
        stream.Write("hi"u8);
        var buffer = new byte[16];
        int read = stream.Read(buffer.AsSpan());
        return Text(buffer, 0, read);
    }

    [Greenlet]
    public static string ConnectUnderTimeout(string host, int port, TimeSpan timeout, List<string> log)
    {
        try
        {
            using (Green.Timeout(timeout))
            {
                log.Add("connecting");
                TcpClient client = new(host, port);
                client.Dispose();
                return "connected";
            }
        }
        catch (GreenTimeoutException)
        {
            return "timed out";
        }
    }

    /// <summary>Accepts one connection and echoes one read back upper-cased, through the span patches.</summary>
    [Greenlet]
    public static void AcceptAndEchoOnce(Socket listener, List<string> log)
    {
        using var connection = listener.Accept();
        log.Add("accepted");
        var buffer = new byte[16];
        int received = connection.Receive(buffer.AsSpan());
        connection.Send(Encoding.ASCII.GetBytes(Text(buffer, 0, received).ToUpperInvariant()).AsSpan());
    }
}
