using System.Net.Sockets;

namespace GreenRuntime.Tests.Streams;

/// <summary>[Greenlet] methods that obtain socket streams the usual way: the generator routes them to the stream patches.</summary>
internal static partial class StreamGreenlets
{
    [Greenlet]
    public static NetworkStream Wrap(Socket socket) => new NetworkStream(socket);

    [Greenlet]
    public static NetworkStream WrapOwning(Socket socket, bool ownsSocket) => new(socket, ownsSocket);

    [Greenlet]
    public static NetworkStream WrapWithAccess(Socket socket, FileAccess access) => new NetworkStream(socket, access);

    [Greenlet]
    public static NetworkStream WrapWithAccessOwning(Socket socket, FileAccess access, bool ownsSocket) => new NetworkStream(socket, access, ownsSocket);

    [Greenlet]
    public static NetworkStream StreamOf(TcpClient client) => client.GetStream();

    /// <summary>The tier-1 patch of a NetworkStream-typed Read, on whatever stream it is given.</summary>
    [Greenlet]
    public static int ReadInto(NetworkStream stream, byte[] buffer) => stream.Read(buffer, 0, buffer.Length);
}
