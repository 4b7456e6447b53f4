using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GreenRuntime.Tests.Sockets;

/// <summary>
/// [Greenlet] methods that call the ordinary Socket / TcpListener / TcpClient / NetworkStream API: the generator
/// rewrites those calls into the socket patch. Each logs around its call, so a test can tell from the order of the
/// log that the call parked only its greenlet (another greenlet ran in between).
/// </summary>
internal static partial class PatchGreenlets
{
    public static string Text(byte[] buffer, int count) => Encoding.ASCII.GetString(buffer, 0, count);

    public static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>Two segments over one buffer, for the scatter/gather overloads.</summary>
    public static List<ArraySegment<byte>> Segments(byte[] buffer) => [new(buffer, 0, 1), new(buffer, 1, buffer.Length - 1)];

    // ---- Socket -------------------------------------------------------------------------------------------

    [Greenlet]
    public static string ReceiveWith(Socket socket, int overload, List<string> log)
    {
        var buffer = new byte[64];
        log.Add("receiving");
        int received = overload switch
        {
            0 => socket.Receive(buffer),
            1 => socket.Receive(buffer, SocketFlags.None),
            2 => socket.Receive(buffer, 32, SocketFlags.None),
            3 => socket.Receive(buffer, 8, 32, SocketFlags.None),
            4 => socket.Receive(Segments(buffer)),
            5 => socket.Receive(Segments(buffer), SocketFlags.None),
            _ => throw new ArgumentOutOfRangeException(nameof(overload)),
        };
        int offset = overload == 3 ? 8 : 0;
        string text = Encoding.ASCII.GetString(buffer, offset, received);
        log.Add("received " + text);
        return text;
    }

    [Greenlet]
    public static int SendWith(Socket socket, int overload, byte[] data, List<string> log)
    {
        log.Add("sending");
        int sent = overload switch
        {
            0 => socket.Send(data),
            1 => socket.Send(data, SocketFlags.None),
            2 => socket.Send(data, data.Length, SocketFlags.None),
            3 => socket.Send(data, 0, data.Length, SocketFlags.None),
            4 => socket.Send(Segments(data)),
            5 => socket.Send(Segments(data), SocketFlags.None),
            _ => throw new ArgumentOutOfRangeException(nameof(overload)),
        };
        log.Add("sent " + sent);
        return sent;
    }

    [Greenlet]
    public static int SendToWith(Socket socket, int overload, byte[] data, EndPoint to)
    {
        return overload switch
        {
            0 => socket.SendTo(data, to),
            1 => socket.SendTo(data, SocketFlags.None, to),
            2 => socket.SendTo(data, data.Length, SocketFlags.None, to),
            3 => socket.SendTo(data, 0, data.Length, SocketFlags.None, to),
            _ => throw new ArgumentOutOfRangeException(nameof(overload)),
        };
    }

    /// <summary>Receives until <paramref name="count"/> bytes arrived (or end of stream); returns how many.</summary>
    [Greenlet]
    public static long Drain(Socket socket, long count, List<string> log)
    {
        log.Add("draining");
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (total < count)
        {
            int received = socket.Receive(buffer);
            if (received == 0)
                break;
            total += received;
        }
        log.Add("drained");
        return total;
    }

    [Greenlet]
    public static Socket AcceptOne(Socket listener, List<string> log)
    {
        log.Add("accepting");
        var accepted = listener.Accept();
        log.Add("accepted");
        return accepted;
    }

    [Greenlet]
    public static void ConnectWith(Socket socket, int overload, IPEndPoint remote, List<string> log)
    {
        log.Add("connecting");
        switch (overload)
        {
            case 0:
                socket.Connect((EndPoint)remote);
                break;
            case 1:
                socket.Connect(remote.Address, remote.Port);
                break;
            case 2:
                // 127.0.0.2 refuses (nothing listens there), ::1 is of the wrong family: the third address connects.
                socket.Connect([IPAddress.Parse("127.0.0.2"), IPAddress.IPv6Loopback, remote.Address], remote.Port);
                break;
            case 3:
                socket.Connect(remote.Address.ToString(), remote.Port);
                break;
            case 4:
                socket.Connect("localhost", remote.Port);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(overload));
        }
        log.Add("connected");
    }

    /// <summary><see cref="ConnectWith"/> under a half-second <c>Green.Timeout</c>.</summary>
    [Greenlet]
    public static string ConnectWithin(Socket socket, int overload, IPEndPoint remote, List<string> log)
    {
        try
        {
            using (Green.Timeout(TimeSpan.FromMilliseconds(500)))
                ConnectWith(socket, overload, remote, log);
            return "connected";
        }
        catch (GreenTimeoutException)
        {
            log.Add("timed out");
            return "timed out";
        }
    }

    [Greenlet]
    public static void Tick(List<string> log)
    {
        Thread.Sleep(1);
        log.Add("tick");
    }

    [Greenlet]
    public static string ReceiveText(Socket socket)
    {
        var buffer = new byte[64];
        int received = socket.Receive(buffer);
        return Text(buffer, received);
    }

    [Greenlet]
    public static string ReceiveWithin(Socket socket, TimeSpan timeout)
    {
        var buffer = new byte[64];
        try
        {
            using (Green.Timeout(timeout))
                return Text(buffer, socket.Receive(buffer));
        }
        catch (GreenTimeoutException)
        {
            return "timed out";
        }
    }

    [Greenlet]
    public static void ReceiveUntilKilled(Socket socket, List<string> log)
    {
        try
        {
            log.Add("receiving");
            socket.Receive(new byte[64]);
            log.Add("received");
        }
        finally
        {
            log.Add("finally");
        }
    }

    [Greenlet]
    public static bool PollWith(Socket socket, bool timeSpan, int microSeconds, SelectMode mode, List<string> log)
    {
        log.Add("polling");
        bool ready = timeSpan
            ? socket.Poll(microSeconds == -1 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMicroseconds(microSeconds), mode)
            : socket.Poll(microSeconds, mode);
        log.Add("polled " + ready);
        return ready;
    }

    [Greenlet]
    public static int SelectWith(List<Socket>? read, List<Socket>? write, bool timeSpan, int microSeconds, List<string> log)
    {
        log.Add("selecting");
        if (timeSpan)
            Socket.Select(read, write, null, microSeconds == -1 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMicroseconds(microSeconds));
        else
            Socket.Select(read, write, null, microSeconds);
        int ready = (read?.Count ?? 0) + (write?.Count ?? 0);
        log.Add("selected " + ready);
        return ready;
    }

    [Greenlet]
    public static bool WaitWith(Socket socket, IoDirection direction, TimeSpan? timeout, List<string> log)
    {
        log.Add("waiting");
        bool ready = direction == IoDirection.Read ? Green.WaitRead(socket, timeout) : Green.WaitWrite(socket, timeout);
        log.Add("ready " + ready);
        return ready;
    }

    [Greenlet]
    public static bool WaitDirection(Socket socket, IoDirection direction, TimeSpan? timeout) => Green.Wait(socket, direction, timeout);

    [Greenlet]
    public static void SocketEchoServer(Socket listener, int clients)
    {
        for (int i = 0; i < clients; i++)
            Green.Spawn(SocketEchoConnection, listener.Accept());
    }

    /// <summary>Echoes in upper case until the peer closes, over Socket's Receive/Send.</summary>
    [Greenlet]
    public static void SocketEchoConnection(Socket connection)
    {
        using (connection)
        {
            var buffer = new byte[256];
            int received;
            while ((received = connection.Receive(buffer)) > 0)
                connection.Send(Bytes(Text(buffer, received).ToUpperInvariant()));
        }
    }

    /// <summary>Connects, sends the text in two halves, shuts down sending and reads the echo to the end.</summary>
    [Greenlet]
    public static string SocketEchoClient(IPEndPoint server, string text)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(server);
        var data = Bytes(text);
        socket.Send(data, data.Length / 2, SocketFlags.None);
        Thread.Sleep(1);
        socket.Send(data, data.Length / 2, data.Length - data.Length / 2, SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);
        var echoed = new StringBuilder();
        var buffer = new byte[256];
        int received;
        while ((received = socket.Receive(buffer)) > 0)
            echoed.Append(Text(buffer, received));
        return echoed.ToString();
    }

    // ---- TcpListener, TcpClient, NetworkStream ----------------------------------------------------------------

    [Greenlet]
    public static void EchoServer(TcpListener listener, int clients)
    {
        for (int i = 0; i < clients; i++)
        {
            var client = listener.AcceptTcpClient();
            Green.Spawn(EchoConnection, client);
        }
    }

    /// <summary>Echoes in upper case until the peer closes, over NetworkStream's Read/Write.</summary>
    [Greenlet]
    public static void EchoConnection(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[256];
            int received;
            while ((received = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                var upper = Bytes(Text(buffer, received).ToUpperInvariant());
                stream.Write(upper, 0, upper.Length);
            }
        }
    }

    /// <summary>Connects with a TcpClient overload, writes the text and a '!' byte, reads the echo (the last byte with ReadByte).</summary>
    [Greenlet]
    public static string EchoClient(IPEndPoint server, int overload, string text)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        ConnectTcpClientWith(client, overload, server, []);
        var stream = client.GetStream();
        var data = Bytes(text);
        stream.Write(data, 0, data.Length);
        stream.WriteByte((byte)'!');
        var buffer = new byte[data.Length];
        int got = 0;
        while (got < buffer.Length)
        {
            int received = stream.Read(buffer, got, buffer.Length - got);
            if (received == 0)
                break;
            got += received;
        }
        int last = stream.ReadByte();
        return Text(buffer, got) + (last < 0 ? "<eof>" : ((char)last).ToString());
    }

    [Greenlet]
    public static Socket AcceptSocketFrom(TcpListener listener, List<string> log)
    {
        log.Add("accepting");
        var accepted = listener.AcceptSocket();
        log.Add("accepted");
        return accepted;
    }

    [Greenlet]
    public static void ConnectTcpClientWith(TcpClient client, int overload, IPEndPoint server, List<string> log)
    {
        log.Add("connecting");
        switch (overload)
        {
            case 0:
                client.Connect(server.Address.ToString(), server.Port);
                break;
            case 1:
                client.Connect(server.Address, server.Port);
                break;
            case 2:
                client.Connect(server);
                break;
            case 3:
                client.Connect([server.Address], server.Port);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(overload));
        }
        log.Add("connected");
    }

    /// <summary><see cref="ConnectTcpClientWith"/> under a half-second <c>Green.Timeout</c>.</summary>
    [Greenlet]
    public static string ConnectTcpClientWithin(TcpClient client, int overload, IPEndPoint server, List<string> log)
    {
        try
        {
            using (Green.Timeout(TimeSpan.FromMilliseconds(500)))
                ConnectTcpClientWith(client, overload, server, log);
            return "connected";
        }
        catch (GreenTimeoutException)
        {
            log.Add("timed out");
            return "timed out";
        }
    }

    [Greenlet]
    public static void ConnectTcpClient(TcpClient client, IPEndPoint server) => client.Connect(server);

    [Greenlet]
    public static void ConnectTcpClientByName(TcpClient client, string host, int port) => client.Connect(host, port);

    [Greenlet]
    public static string ReadText(NetworkStream stream, List<string> log)
    {
        var buffer = new byte[64];
        log.Add("reading");
        int received = stream.Read(buffer, 0, buffer.Length);
        log.Add("read " + received);
        return Text(buffer, received);
    }

    [Greenlet]
    public static void WriteText(NetworkStream stream, string text, List<string> log)
    {
        log.Add("writing");
        stream.Write(Bytes(text), 0, text.Length);
    }

    [Greenlet]
    public static void WriteAll(NetworkStream stream, byte[] data, List<string> log)
    {
        log.Add("writing");
        stream.Write(data, 0, data.Length);
        log.Add("written");
    }

    [Greenlet]
    public static int ReadByteFrom(NetworkStream stream) => stream.ReadByte();

    [Greenlet]
    public static void WriteByteTo(NetworkStream stream, byte value) => stream.WriteByte(value);
}
