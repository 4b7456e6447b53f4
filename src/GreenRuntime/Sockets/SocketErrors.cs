using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GreenRuntime.Sockets;

/// <summary>Maps Linux errno values from raw socket calls to <see cref="SocketError"/>.</summary>
internal static class SocketErrors
{
    /// <summary>
    /// What a greenlet parked on a socket sees when the socket is closed under it (gevent's <c>cancel_wait</c>): the
    /// <see cref="ObjectDisposedException"/> any later call on the socket throws, on both backends.
    /// </summary>
    public static ObjectDisposedException ClosedWhileWaiting() =>
        new(typeof(Socket).FullName, "The socket was closed while this greenlet was waiting on it.");

    /// <summary>What a socket operation throws when its deadline (the socket's timeout, or a timeout argument) passes, as .NET's blocking calls do.</summary>
    public static SocketException TimedOut() => new((int)SocketError.TimedOut);

    /// <summary>
    /// The exception .NET's own socket calls throw for a failed system call: <see cref="SocketException.SocketErrorCode"/>
    /// from <see cref="FromErrno"/>, and <paramref name="errno"/> itself as <see cref="System.ComponentModel.Win32Exception.NativeErrorCode"/>
    /// and in the message. (<c>new SocketException((int)socketError)</c> picks one errno per <see cref="SocketError"/>
    /// instead: a per-process <c>EMFILE</c> would read "Too many open files in system", <c>ENFILE</c>'s words.)
    /// </summary>
    public static SocketException FromErrnoException(int errno)
    {
        var error = FromErrno(errno);
        try
        {
            return NewSocketException(error, unchecked((uint)errno));
        }
        catch (MissingMethodException)
        {
            // A .NET without that constructor: the right words, if not the right NativeErrorCode.
            return new SocketException((int)error, Marshal.GetPInvokeErrorMessage(errno));
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern SocketException NewSocketException(SocketError errorCode, uint platformError);

    public static SocketError FromErrno(int errno) => errno switch
    {
        0 => SocketError.Success,
        4 => SocketError.Interrupted,
        9 => SocketError.OperationAborted,
        11 => SocketError.WouldBlock,
        13 => SocketError.AccessDenied,
        22 => SocketError.InvalidArgument,
        23 or 24 => SocketError.TooManyOpenSockets,
        32 => SocketError.Shutdown,
        88 => SocketError.NotSocket,
        97 => SocketError.AddressFamilyNotSupported,
        98 => SocketError.AddressAlreadyInUse,
        99 => SocketError.AddressNotAvailable,
        100 => SocketError.NetworkDown,
        101 => SocketError.NetworkUnreachable,
        103 => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset,
        105 or 12 => SocketError.NoBufferSpaceAvailable,
        106 => SocketError.IsConnected,
        107 => SocketError.NotConnected,
        108 => SocketError.Shutdown,
        110 => SocketError.TimedOut,
        111 => SocketError.ConnectionRefused,
        113 => SocketError.HostUnreachable,
        114 => SocketError.AlreadyInProgress,
        115 => SocketError.InProgress,
        _ => SocketError.SocketError,
    };
}
