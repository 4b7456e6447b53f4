using System.Runtime.InteropServices;
using GreenRuntime.Sockets.Linux;

namespace GreenRuntime.Futures.Processes;

/// <summary>The libc calls a worker process and its parent need beyond what .NET's pipes and processes give.</summary>
internal static unsafe partial class ProcessInterop
{
    private const string Libc = "libc";

    private const int PrSetPdeathsig = 1;
    private const int SigKill = 9;
    private const int FGetFd = 1;
    private const int FSetFd = 2;
    private const int FdCloexec = 1;
    private const short PollIn = 0x001;
    public const int EIntr = 4;

    [LibraryImport(Libc, EntryPoint = "getppid")]
    public static partial int GetParentProcessId();

    [LibraryImport(Libc, EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    [LibraryImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Libc, EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>
    /// Linux: asks the kernel to SIGKILL this process when the thread that started it exits — the parent's dedicated,
    /// never-ending launcher thread, so in effect when the parent dies, however it dies (SIGKILL included).
    /// </summary>
    public static void KillMeWhenParentDies()
    {
        if (OperatingSystem.IsLinux())
            Prctl(PrSetPdeathsig, SigKill, 0, 0, 0);
    }

    /// <summary>Marks <paramref name="fd"/> close-on-exec, so processes this one starts do not inherit it.</summary>
    public static void CloseOnExec(int fd)
    {
        int flags = Fcntl(fd, FGetFd, 0);
        if (flags >= 0)
            Fcntl(fd, FSetFd, flags | FdCloexec);
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> (-1: for ever) until <paramref name="fd"/> can be read (data,
    /// end of file or an error); false on timeout. An interrupted wait counts as a timeout: callers loop.
    /// </summary>
    public static bool WaitReadable(int fd, int timeoutMilliseconds)
    {
        var descriptor = new PollDescriptor { Fd = fd, Events = PollIn };
        int ready = Poll(&descriptor, 1, timeoutMilliseconds);
        if (ready < 0 && Marshal.GetLastPInvokeError() != EIntr)
            throw new IOException($"poll on descriptor {fd} failed with errno {Marshal.GetLastPInvokeError()}.");
        return ready > 0;
    }

    /// <summary>
    /// Linux: an epoll set watching <paramref name="fd"/> for input (data, end of file or an error), which another
    /// thread can stop and restart watching (<see cref="SetWatched"/>) without waking the thread that waits on it; -1
    /// elsewhere, or when the set cannot be made.
    /// </summary>
    public static int Watch(int fd)
    {
        if (!OperatingSystem.IsLinux())
            return -1;
        int epoll = LinuxInterop.EpollCreate1(LinuxInterop.EpollCloexec);
        if (epoll < 0)
            return -1;
        if (LinuxInterop.EpollAdd(epoll, fd, LinuxInterop.EpollIn, 0) != 0)
        {
            LinuxInterop.Close(epoll);
            return -1;
        }
        return epoll;
    }

    /// <summary>Watches <paramref name="fd"/> in <paramref name="epoll"/> again, or stops; false if epoll refused.</summary>
    public static bool SetWatched(int epoll, int fd, bool watched) =>
        LinuxInterop.EpollModify(epoll, fd, watched ? LinuxInterop.EpollIn : 0) == 0;

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for the watched descriptor; false on timeout or interruption.</summary>
    public static bool WaitWatched(int epoll, int timeoutMilliseconds)
    {
        byte* events = stackalloc byte[16];
        int ready = LinuxInterop.EpollWait(epoll, events, 1, timeoutMilliseconds);
        if (ready < 0 && Marshal.GetLastPInvokeError() != EIntr)
            throw new IOException($"epoll_wait on {epoll} failed with errno {Marshal.GetLastPInvokeError()}.");
        return ready > 0;
    }

    /// <summary>Closes an epoll set made by <see cref="Watch"/>.</summary>
    public static void CloseWatch(int epoll)
    {
        if (epoll >= 0)
            LinuxInterop.Close(epoll);
    }
}
