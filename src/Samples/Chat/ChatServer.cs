using System.Net;
using System.Net.Sockets;

namespace GreenRuntime.Samples.Chat;

/// <summary>
/// A line-based chat server written the usual C# way — <see cref="StreamReader"/> and <see cref="StreamWriter"/> over a
/// <see cref="NetworkStream"/>, one handler per connection — and made green only by <c>[Greenlet]</c>: every
/// <c>ReadLine</c>, <c>WriteLine</c> and <c>Flush</c> parks just its own greenlet, so one thread serves every client.
/// </summary>
/// <remarks>
/// A client first sends its name, then lines; every line goes to every other client as <c>name: line</c>, and joins and
/// leaves are announced as <c>* name joined</c> / <c>* name left</c>. Each client has an outbox (a
/// <see cref="GreenQueue{T}"/>) drained by its own writer greenlet, so a slow reader never holds up the others.
/// </remarks>
public static partial class ChatServer
{
    /// <summary>Accepts clients for ever, each served by <see cref="Handle"/>.</summary>
    [Greenlet]
    public static void Serve(IPEndPoint listenOn, Action<EndPoint>? onListening = null)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(listenOn);
        listener.Listen(128);
        onListening?.Invoke(listener.LocalEndPoint!);
        var room = new ChatRoom();
        while (true)
        {
            var conn = listener.Accept();               // parks until a client connects
            Green.Spawn(Handle, conn, room);
        }
    }

    /// <summary>One client: its name, then its lines, until it hangs up.</summary>
    [Greenlet]
    public static void Handle(Socket conn, ChatRoom room)
    {
        using var stream = new NetworkStream(conn, ownsSocket: true);
        using var reader = new StreamReader(stream);
        var writer = new StreamWriter(stream);
        writer.WriteLine("Welcome! Your name?");
        writer.Flush();
        string? name;
        try
        {
            name = reader.ReadLine();                   // parks this greenlet until a whole line came
        }
        catch (IOException)
        {
            return;                                     // reset before it said its name
        }
        if (string.IsNullOrWhiteSpace(name))
            return;
        var outbox = new GreenQueue<string?>();
        var sender = Green.Spawn(Send, writer, outbox);
        room.Join(name, outbox);
        try
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)
                room.Say(name, $"{name}: {line}");
        }
        catch (IOException)
        {
            // The client reset the connection: it left.
        }
        finally
        {
            room.Leave(name);
            outbox.Put(null);                           // the sender writes what is queued, then stops
            sender.Join();
        }
    }

    /// <summary>A client's writer greenlet: its outbox's messages, in order, until a null.</summary>
    [Greenlet]
    public static void Send(StreamWriter writer, GreenQueue<string?> outbox)
    {
        string? message;
        try
        {
            while ((message = outbox.Get()) is not null)
            {
                writer.WriteLine(message);
                writer.Flush();                         // parks only while the client's receive buffer is full
            }
        }
        catch (IOException)
        {
            // The client is gone; its handler ends too.
        }
    }
}
