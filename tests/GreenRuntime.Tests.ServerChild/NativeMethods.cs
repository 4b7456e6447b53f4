using System.Runtime.InteropServices;

namespace GreenRuntime.Tests.ServerChild;

internal record struct Rlimit(ulong Current, ulong Maximum);

internal static class NativeMethods
{
    public const int RlimitNofile = 7;

    [DllImport("libc", SetLastError = true)]
    public static extern int getrlimit(int resource, out Rlimit limit);

    [DllImport("libc", SetLastError = true)]
    public static extern int setrlimit(int resource, in Rlimit limit);

    [DllImport("libc", SetLastError = true)]
    public static extern int dup(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);
}
