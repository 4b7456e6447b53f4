using System.ComponentModel;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// The stream patch for the <see cref="NetworkStream"/> constructors: inside <c>[Greenlet]</c> bodies,
/// <c>new NetworkStream(socket)</c> (or a target-typed <c>new(socket)</c>) becomes
/// <c>await NetworkStreamConstructionPatches.Create(default(GreenSuspend), socket)</c>, which returns at once with a
/// green network stream: a <see cref="NetworkStream"/> whose asynchronous reads and writes, made on the hub, go through
/// the hub's own I/O loop — so a <see cref="StreamReader"/> or <see cref="StreamWriter"/> over it (whose
/// <c>ReadLine</c>/<c>WriteLine</c> the async-twin tier turns into awaits of their <c>Async</c> twins) parks only
/// its greenlet and resumes on the hub without a thread hop. Everything else about the stream is
/// <see cref="NetworkStream"/>'s: the same checks and exceptions, ownership of the socket, disposal.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Sockets)]
public static class NetworkStreamConstructionPatches
{
    /// <summary>Replaces <see cref="NetworkStream(Socket)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(NetworkStream), PatchesAttribute.Constructor)]
    public static GreenTask<NetworkStream> Create(GreenSuspend suspend, Socket socket) =>
        new(new GreenNetworkStream(socket, FileAccess.ReadWrite, ownsSocket: false));

    /// <summary>Replaces <see cref="NetworkStream(Socket, bool)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(NetworkStream), PatchesAttribute.Constructor)]
    public static GreenTask<NetworkStream> Create(GreenSuspend suspend, Socket socket, bool ownsSocket) =>
        new(new GreenNetworkStream(socket, FileAccess.ReadWrite, ownsSocket));

    /// <summary>Replaces <see cref="NetworkStream(Socket, FileAccess)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(NetworkStream), PatchesAttribute.Constructor)]
    public static GreenTask<NetworkStream> Create(GreenSuspend suspend, Socket socket, FileAccess access) =>
        new(new GreenNetworkStream(socket, access, ownsSocket: false));

    /// <summary>Replaces <see cref="NetworkStream(Socket, FileAccess, bool)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(NetworkStream), PatchesAttribute.Constructor)]
    public static GreenTask<NetworkStream> Create(GreenSuspend suspend, Socket socket, FileAccess access, bool ownsSocket) =>
        new(new GreenNetworkStream(socket, access, ownsSocket));
}
