using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// The socket patch for <see cref="TcpListener"/> and <see cref="TcpClient"/>: inside <c>[Greenlet]</c> bodies,
/// accepting and connecting park only the calling greenlet (see <see cref="SocketPatches"/> for the semantics).
/// </summary>
/// <remarks>
/// The results are what the blocking calls give: an accepted <see cref="TcpClient"/> is built by the constructor
/// <see cref="TcpListener.AcceptTcpClient"/> uses, and a connected one is marked active as <see cref="TcpClient.Connect(IPEndPoint)"/>
/// marks it, so <see cref="TcpClient.GetStream"/> and a second <c>Connect</c> behave as usual.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Sockets)]
public static class TcpPatches
{
    // ---- TcpListener --------------------------------------------------------------------------------

    /// <summary>Replaces <see cref="TcpListener.AcceptSocket"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(TcpListener), nameof(TcpListener.AcceptSocket))]
    public static GreenTask<Socket> AcceptSocket(TcpListener listener, GreenSuspend suspend)
    {
        var server = ListeningSocket(listener);
        return SocketIo.Accept(server, SocketPatches.ReceiveDeadline(server));
    }

    /// <summary>Replaces <see cref="TcpListener.AcceptTcpClient"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(TcpListener), nameof(TcpListener.AcceptTcpClient))]
    public static async GreenTask<TcpClient> AcceptTcpClient(TcpListener listener, GreenSuspend suspend)
    {
        var server = ListeningSocket(listener);
        var accepted = await SocketIo.Accept(server, SocketPatches.ReceiveDeadline(server));
        return NewAcceptedTcpClient(accepted);
    }

    // ---- TcpClient ----------------------------------------------------------------------------------

    /// <summary>
    /// Replaces <see cref="TcpClient.Connect(string, int)"/> inside <c>[Greenlet]</c> bodies: the name is resolved
    /// without blocking the hub, and its addresses are tried in turn.
    /// </summary>
    [Patches(typeof(TcpClient), nameof(TcpClient.Connect))]
    public static async GreenTask Connect(TcpClient client, GreenSuspend suspend, string hostname, int port)
    {
        var socket = ClientSocket(client);
        ArgumentNullException.ThrowIfNull(hostname);
        SocketIo.ValidatePort(port);
        // As TcpClient does: a host name is resolved first, so refuse a second connect up front.
        if (GetActive(client))
            throw new SocketException((int)SocketError.IsConnected);

        var addresses = await SocketIo.ResolveHost(hostname);
        var family = ClientFamily(socket);
        var deadline = SocketPatches.SendDeadline(socket);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            if (family != AddressFamily.Unknown && address.AddressFamily != family)
                continue;
            try
            {
                await SocketIo.Connect(socket, new IPEndPoint(address, port), deadline);
                SetActive(client, true);
                return;
            }
            catch (SocketException failed) when (!SocketIo.Passed(deadline))
            {
                // As TcpClient: remember the failure and try the next address.
                last = failed;
            }
        }
        throw last ?? new SocketException((int)SocketError.NotConnected);
    }

    /// <summary>Replaces <see cref="TcpClient.Connect(IPAddress, int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(TcpClient), nameof(TcpClient.Connect))]
    public static GreenTask Connect(TcpClient client, GreenSuspend suspend, IPAddress address, int port)
    {
        ClientSocket(client);
        ArgumentNullException.ThrowIfNull(address);
        SocketIo.ValidatePort(port);
        return Connect(client, suspend, new IPEndPoint(address, port));
    }

    /// <summary>Replaces <see cref="TcpClient.Connect(IPEndPoint)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(TcpClient), nameof(TcpClient.Connect))]
    public static async GreenTask Connect(TcpClient client, GreenSuspend suspend, IPEndPoint remoteEP)
    {
        var socket = ClientSocket(client);
        ArgumentNullException.ThrowIfNull(remoteEP);
        await SocketIo.Connect(socket, remoteEP, SocketPatches.SendDeadline(socket));
        SetActive(client, true);
    }

    /// <summary>Replaces <see cref="TcpClient.Connect(IPAddress[], int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    [Patches(typeof(TcpClient), nameof(TcpClient.Connect))]
    public static async GreenTask Connect(TcpClient client, GreenSuspend suspend, IPAddress[] ipAddresses, int port)
    {
        var socket = ClientSocket(client);
        await SocketIo.Connect(socket, ipAddresses, port, SocketPatches.SendDeadline(socket));
        SetActive(client, true);
    }

    /// <summary>
    /// Replaces <see cref="TcpClient.GetStream"/> inside <c>[Greenlet]</c> bodies: the client's one stream, created on
    /// first use as a green network stream (see <see cref="NetworkStreamConstructionPatches"/>) that owns the socket,
    /// exactly where <see cref="TcpClient.GetStream"/> would create its <see cref="NetworkStream"/> — so disposing the
    /// client disposes it, and a later <see cref="TcpClient.GetStream"/> anywhere returns the same stream. A client whose
    /// stream ordinary code already got keeps that one.
    /// </summary>
    [Patches(typeof(TcpClient), nameof(TcpClient.GetStream))]
    public static GreenTask<NetworkStream> GetStream(TcpClient client, GreenSuspend suspend)
    {
        ArgumentNullException.ThrowIfNull(client);
        ObjectDisposedException.ThrowIf(IsDisposed(client), client);
        if (!client.Connected)
            throw new InvalidOperationException("The operation is not allowed on non-connected sockets.");
        ref var stream = ref DataStream(client);
        stream ??= new GreenNetworkStream(client.Client, FileAccess.ReadWrite, ownsSocket: true);
        return new GreenTask<NetworkStream>(stream);
    }

    // ---- shared ----------------------------------------------------------------------------------------

    private static Socket ListeningSocket(TcpListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (!IsActive(listener))
            throw new InvalidOperationException("Not listening. You must call the Start() method before calling this method.");
        return listener.Server;
    }

    private static Socket ClientSocket(TcpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        // TcpClient.Client is null once the client is disposed.
        return client.Client ?? throw new ObjectDisposedException(typeof(TcpClient).FullName);
    }

    /// <summary>
    /// The family a <see cref="TcpClient"/> accepts addresses of: its socket's, except that the dual-mode socket
    /// <c>new TcpClient()</c> creates accepts both (TcpClient keeps that as a private <c>Unknown</c> family).
    /// </summary>
    private static AddressFamily ClientFamily(Socket socket) =>
        socket.AddressFamily == AddressFamily.InterNetworkV6 && socket.DualMode ? AddressFamily.Unknown : socket.AddressFamily;

    // TcpListener and TcpClient keep their state in protected members and build accepted clients with an internal
    // constructor; the blocking calls' results need the same state, so reach them as .NET's own code does.
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Active")]
    private static extern bool IsActive(TcpListener listener);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Active")]
    private static extern bool GetActive(TcpClient client);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Active")]
    private static extern void SetActive(TcpClient client, bool value);

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern TcpClient NewAcceptedTcpClient(Socket acceptedSocket);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Disposed")]
    private static extern bool IsDisposed(TcpClient client);

    // The stream GetStream creates once and Dispose disposes (with the socket it owns).
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_dataStream")]
    private static extern ref NetworkStream? DataStream(TcpClient client);
}
