using System.Net.Sockets;

namespace GreenRuntime.Sockets.Linux;

/// <summary>
/// A socket's <see cref="Socket.ReceiveTimeout"/> and <see cref="Socket.SendTimeout"/> (ms; 0 or less: none), read where
/// .NET on Unix keeps them — its <see cref="SafeSocketHandle"/>, since it emulates them itself — because the public
/// getters go through <see cref="Socket.GetSocketOption(SocketOptionLevel, SocketOptionName)"/> and box: an allocation
/// for every receive that parks.
/// </summary>
internal static class SocketTimeouts
{
    private static bool s_fromHandle = true;

    public static int Receive(Socket socket)
    {
        if (s_fromHandle)
        {
            try
            {
                return HandleReceiveTimeout(UnexposedHandle.Of(socket));
            }
            catch (MissingMethodException)
            {
                // Another .NET: the public getter.
                s_fromHandle = false;
            }
        }
        return socket.ReceiveTimeout;
    }

    public static int Send(Socket socket)
    {
        if (s_fromHandle)
        {
            try
            {
                return HandleSendTimeout(UnexposedHandle.Of(socket));
            }
            catch (MissingMethodException)
            {
                s_fromHandle = false;
            }
        }
        return socket.SendTimeout;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_ReceiveTimeout")]
    private static extern int HandleReceiveTimeout(SafeSocketHandle handle);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_SendTimeout")]
    private static extern int HandleSendTimeout(SafeSocketHandle handle);
}
