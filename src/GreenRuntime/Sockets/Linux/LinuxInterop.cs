using System.Runtime.InteropServices;

namespace GreenRuntime.Sockets.Linux;

/// <summary>The few libc calls the epoll hub needs; errno comes back through <see cref="Marshal.GetLastPInvokeError"/>.</summary>
internal static unsafe partial class LinuxInterop
{
    private const string Libc = "libc";

    public const int EpollCloexec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCtlMod = 3;
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEt = 1u << 31;

    public const int EfdCloexec = 0x80000;
    public const int EfdNonblock = 0x800;

    public const int SockNonblock = 0x800;
    public const int SockCloexec = 0x80000;
    public const int MsgNoSignal = 0x4000;
    public const int MsgDontWait = 0x40;

    public const int FDupFdCloexec = 1030;
    public const int FGetFl = 3;
    public const int FSetFl = 4;
    public const int ONonblock = 0x800;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int ENFile = 23;
    public const int EMFile = 24;

    public const int RlimitNofile = 7;

    /// <summary>x86-64 packs <c>struct epoll_event</c> to 12 bytes; other architectures use 16.</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int EpollDataOffset = EpollEventSize == 12 ? 4 : 8;

    [LibraryImport(Libc, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport(Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport(Libc, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    /// <summary><c>getrlimit</c>; <paramref name="limit"/> is a <c>struct rlimit</c>: the soft limit, then the hard one.</summary>
    [LibraryImport(Libc, EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int GetRlimit(int resource, ulong* limit);

    [LibraryImport(Libc, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport(Libc, EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport(Libc, EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(int fd, byte* address, int* addressLength, int flags);

    public static int EpollAdd(int epfd, int fd, uint events, ulong data) => EpollSet(epfd, EpollCtlAdd, fd, events, data);

    /// <summary>Changes the events <paramref name="fd"/> is watched for (0: none, until changed again); its data becomes 0.</summary>
    public static int EpollModify(int epfd, int fd, uint events) => EpollSet(epfd, EpollCtlMod, fd, events, 0);

    private static int EpollSet(int epfd, int op, int fd, uint events, ulong data)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + EpollDataOffset) = data;
        return EpollCtl(epfd, op, fd, ev);
    }

    public static int EpollDelete(int epfd, int fd)
    {
        byte* ev = stackalloc byte[16];
        return EpollCtl(epfd, EpollCtlDel, fd, ev);
    }

    public static uint EventsAt(byte* events, int index) => *(uint*)(events + index * EpollEventSize);

    public static ulong DataAt(byte* events, int index) => *(ulong*)(events + index * EpollEventSize + EpollDataOffset);
}
