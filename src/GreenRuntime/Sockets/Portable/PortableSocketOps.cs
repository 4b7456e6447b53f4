using System.Net.Sockets;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Sockets.Portable;

/// <summary>
/// Socket operations for hubs on the portable backend: .NET's async socket APIs, with completions posted
/// back to the hub. (To be written: see docs/internals.md, "The portable backend".)
/// </summary>
internal static class PortableSocketOps
{
    public static GreenTask<int> Receive(Hub hub, Socket socket, Memory<byte> buffer, SocketFlags flags, long deadline) =>
        throw NotYet(hub);

    public static GreenTask<int> Send(Hub hub, Socket socket, ReadOnlyMemory<byte> buffer, SocketFlags flags, long deadline) =>
        throw NotYet(hub);

    public static GreenTask<Socket> Accept(Hub hub, Socket listener, long deadline) => throw NotYet(hub);

    public static GreenTask<bool> WaitReady(Hub hub, Socket socket, IoDirection direction, long deadline) => throw NotYet(hub);

    private static PlatformNotSupportedException NotYet(Hub hub) =>
        new($"Socket I/O on the {hub.Backend} backend is not implemented yet; use the epoll backend (Linux).");
}
