using System.Net.Sockets;

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
