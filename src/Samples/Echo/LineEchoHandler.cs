using System.Net;
using System.Net.Sockets;

namespace GreenRuntime.Samples.Echo;

/// <summary>
/// The echo handler of a line protocol, written the usual C# way: a <see cref="StreamReader"/> and a
/// <see cref="StreamWriter"/> over a <see cref="NetworkStream"/>, one line in, the line upper-cased out.
/// </summary>
public static partial class LineEchoHandler
{
    /// <summary>Echoes each line upper-cased until the peer closes.</summary>
    [Greenlet]
    public static void Communicate(Socket conn)
    {
        using var stream = new NetworkStream(conn, ownsSocket: true);
        using var reader = new StreamReader(stream);
        using var writer = new StreamWriter(stream);
        try
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)   // parks this greenlet until a whole line came
            {
                writer.WriteLine(line.ToUpperInvariant());
                writer.Flush();                              // parks only if the send buffer is full
            }
        }
        catch (IOException)
        {
            // The peer reset the connection.
        }
    }

    /// <summary>The same handler in <see cref="StreamServer"/>'s shape.</summary>
    [Greenlet]
    public static void Handle(Socket conn, EndPoint peer) => Communicate(conn);
}
