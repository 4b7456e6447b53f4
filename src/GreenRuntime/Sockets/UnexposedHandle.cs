using System.Net.Sockets;

namespace GreenRuntime.Sockets;

/// <summary>
/// A socket's handle, read without <see cref="Socket.SafeHandle"/>: that getter marks the handle "exposed", and
/// .NET on Unix then refuses any connect after a failed one (it can no longer swap in a fresh socket), so
/// <see cref="Socket.Connect(System.Net.IPAddress[], int)"/> and retries would throw <see cref="PlatformNotSupportedException"/>.
/// </summary>
/// <remarks>
/// After a failed connect .NET replaces the handle (a new descriptor) on the next connect, so never cache it.
/// </remarks>
internal static class UnexposedHandle
{
    public static SafeSocketHandle Of(Socket socket)
    {
        try
        {
            return HandleField(socket);
        }
        catch (MissingFieldException)
        {
            // A .NET without the field: exposing is the lesser evil.
            return socket.SafeHandle;
        }
    }

    public static bool IsClosed(Socket socket) => Of(socket).IsClosed;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_handle")]
    private static extern ref SafeSocketHandle HandleField(Socket socket);
}
