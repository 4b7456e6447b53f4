using System.Net.Sockets;

namespace GreenRuntime.Sockets;

/// <summary>
/// Runs one of .NET's own socket calls without letting it block: .NET emulates blocking on a non-blocking
/// descriptor by waiting in its own engine, so its Blocking flag is off for the call and restored after
/// (<see cref="Socket.Blocking"/> stays what the user set: <see cref="NetworkStream"/> refuses non-blocking sockets).
/// </summary>
internal readonly ref struct NonBlockingScope
{
    private readonly Socket _socket;
    private readonly bool _wasBlocking;

    public NonBlockingScope(Socket socket)
    {
        _socket = socket;
        _wasBlocking = socket.Blocking;
        if (_wasBlocking)
            socket.Blocking = false;
    }

    public void Dispose()
    {
        if (_wasBlocking)
            _socket.Blocking = true;
    }
}
