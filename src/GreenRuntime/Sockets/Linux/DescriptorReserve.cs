using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace GreenRuntime.Sockets.Linux;

/// <summary>
/// The file descriptors accepts leave to the rest of the process: the top numbers below the soft
/// <c>RLIMIT_NOFILE</c> (16, or an eighth of a smaller limit) are never taken by a hub-driven accept.
/// </summary>
/// <remarks>
/// <para>
/// A server that accepts until <c>EMFILE</c> leaves the process without a single descriptor, and the .NET runtime
/// needs some to start a thread (a pipe, a few files under <c>/proc</c> and <c>/sys</c>): the tiered JIT's
/// background worker, a thread-pool thread, the GC — and aborts the process when it cannot (<c>PAL_SEHException</c>).
/// So an accept stops short: once one has returned a descriptor just below the reserve, the next accept first
/// looks which number a new descriptor would get (a <c>dup</c> of the listener, closed at once); while that is in
/// the reserve it fails as the kernel would at the limit — <see cref="SocketException"/> with
/// <see cref="SocketError.TooManyOpenSockets"/> (<c>EMFILE</c>, "Too many open files") — and leaves the connection
/// in the backlog. Callers treat it as the real <c>EMFILE</c> (StreamServer backs off and retries; a user's accept
/// loop sees it, as with gevent); accepts succeed again as soon as descriptors below the reserve are free.
/// </para>
/// <para>
/// The kernel hands out the lowest free number, so an accepted descriptor's number bounds the free ones from above,
/// and the check costs nothing until accepts come near the limit. Linux only (other systems have other constants,
/// Windows has no such limit); the limit is read again every second and whenever accepts reach it, so a limit
/// changed by <c>setrlimit</c> is followed.
/// </para>
/// </remarks>
internal static unsafe class DescriptorReserve
{
    private const int MaxReserve = 16;
    private const long RefreshIntervalMs = 1000;

    /// <summary>Descriptor numbers at or above this are the reserve (int.MaxValue: no limit known, or not Linux).</summary>
    private static int s_line = int.MaxValue;

    private static long s_refreshAt;

    /// <summary>Set when an accept came within one descriptor of the reserve: the next accept looks before it takes.</summary>
    private static volatile bool s_atReserve;

    /// <summary>Throws <c>EMFILE</c>'s <see cref="SocketException"/> if accepting now would take a reserved descriptor.</summary>
    public static void ThrowIfReached(int listenerFd)
    {
        if (!s_atReserve)
            return;
        // The number a new descriptor would get (the lowest free one); -1 if there is none at all.
        int next = LinuxInterop.Fcntl(listenerFd, LinuxInterop.FDupFdCloexec, 0);
        if (next < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is LinuxInterop.EMFile or LinuxInterop.ENFile)
                throw SocketErrors.FromErrnoException(errno);
            return; // not a question of descriptors (a closed listener): the accept itself reports it
        }
        LinuxInterop.Close(next);
        if (next >= Line(refresh: true))
            throw SocketErrors.FromErrnoException(LinuxInterop.EMFile);
        s_atReserve = false;
    }

    /// <inheritdoc cref="ThrowIfReached(int)"/>
    public static void ThrowIfReached(Socket listener)
    {
        if (s_atReserve)
            ThrowIfReached(Descriptor(listener));
    }

    /// <inheritdoc cref="NoteAccepted(int)"/>
    public static void NoteAccepted(Socket accepted)
    {
        if (OperatingSystem.IsLinux())
            NoteAccepted(Descriptor(accepted));
    }

    private static int Descriptor(Socket socket) => (int)UnexposedHandle.Of(socket).DangerousGetHandle();

    /// <summary>Notes a descriptor an accept returned: if the next one would be in the reserve, accepts look first from now on.</summary>
    public static void NoteAccepted(int fd)
    {
        if (fd + 1 >= Line(refresh: false) && fd + 1 >= Line(refresh: true))
            s_atReserve = true;
    }

    /// <summary>Notes that an accept failed for want of descriptors (<c>EMFILE</c>/<c>ENFILE</c>): the limit may have been lowered.</summary>
    public static void NoteExhausted()
    {
        if (Line(refresh: true) != int.MaxValue)
            s_atReserve = true;
    }

    /// <summary>The reserve's lowest number, from the soft limit read at most a second ago (or now).</summary>
    private static int Line(bool refresh)
    {
        if (!OperatingSystem.IsLinux())
            return int.MaxValue;
        long now = Environment.TickCount64;
        if (!refresh && now < Volatile.Read(ref s_refreshAt))
            return Volatile.Read(ref s_line);
        ulong* limit = stackalloc ulong[2]; // struct rlimit { rlim_cur; rlim_max; }
        int line = int.MaxValue;
        if (LinuxInterop.GetRlimit(LinuxInterop.RlimitNofile, limit) == 0 && limit[0] < int.MaxValue)
        {
            int soft = (int)limit[0];
            line = soft - Math.Min(MaxReserve, soft / 8);
        }
        Volatile.Write(ref s_line, line);
        Volatile.Write(ref s_refreshAt, now + RefreshIntervalMs);
        return line;
    }
}
