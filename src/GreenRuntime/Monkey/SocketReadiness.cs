using System.Net.Sockets;
using GreenRuntime.CompilerServices;
using GreenRuntime.Sockets;

namespace GreenRuntime.Monkey;

/// <summary>The readiness phase shared by the two-phase receive patches.</summary>
internal static class SocketReadiness
{
    /// <summary>
    /// Parks until <paramref name="socket"/> is readable (data, end of stream or an error), or until its
    /// <see cref="Socket.ReceiveTimeout"/> (which a <see cref="NetworkStream"/>'s ReadTimeout also sets) runs out; false then.
    /// </summary>
    /// <remarks>
    /// Readiness is checked before parking (the epoll hub is edge-triggered: data that arrived earlier is not
    /// reported again) and again after every wake-up (a wake-up can be stale), and this check is the last thing that
    /// runs before the completion phase: resuming a twin is synchronous, so nothing runs in between.
    /// </remarks>
    public static async GreenTask<bool> WaitReadable(Socket socket)
    {
        long deadline = 0;
        while (!socket.Poll(0, SelectMode.SelectRead))
        {
            // Reading the timeout boxes an int (the getter goes through GetSocketOption): only on the slow path, once.
            if (deadline == 0)
                deadline = SocketPatches.ReceiveDeadline(socket);
            if (!await SocketIo.WaitReady(socket, IoDirection.Read, deadline))
                return false;
        }
        return true;
    }
}
