using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>
/// The socket patch for the <see cref="TcpClient"/> constructor that connects: inside <c>[Greenlet]</c> bodies,
/// <c>new TcpClient(host, port)</c> (or a target-typed <c>new(host, port)</c>) becomes
/// <c>await TcpClientConstructionPatches.Create(default(GreenSuspend), host, port)</c>, which resolves the name and
/// connects while only the calling greenlet parks. The other constructors do not block and are left alone.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[PatchGroup(GreenPatch.Sockets)]
public static class TcpClientConstructionPatches
{
    /// <summary>Replaces <see cref="TcpClient(string, int)"/> inside <c>[Greenlet]</c> bodies.</summary>
    /// <remarks>
    /// As the constructor does, each resolved address is tried in turn with a new socket of its family, and the
    /// last failure is thrown if none connects. A kill or a <c>Green.Timeout</c> ends the whole attempt and closes
    /// the socket being connected.
    /// </remarks>
    [Patches(typeof(TcpClient), PatchesAttribute.Constructor)]
    public static async GreenTask<TcpClient> Create(GreenSuspend suspend, string hostname, int port)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        SocketIo.ValidatePort(port);

        var addresses = await SocketIo.ResolveHost(hostname);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            if (!(address.AddressFamily == AddressFamily.InterNetwork ? Socket.OSSupportsIPv4 : Socket.OSSupportsIPv6))
                continue;
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            bool connected = false;
            try
            {
                // A new socket has no send timeout: like the blocking constructor, wait as long as the kernel does.
                await SocketIo.Connect(socket, new IPEndPoint(address, port), long.MaxValue);
                connected = true;
                return NewConnectedTcpClient(socket);
            }
            catch (SocketException failed)
            {
                last = failed;
            }
            finally
            {
                if (!connected)
                    socket.Dispose();
            }
        }
        throw last ?? new SocketException((int)SocketError.NotConnected);
    }

    // The constructor TcpListener.AcceptTcpClient uses: a client around a connected socket, marked active, as the
    // connecting constructor leaves it.
    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern TcpClient NewConnectedTcpClient(Socket connectedSocket);
}
