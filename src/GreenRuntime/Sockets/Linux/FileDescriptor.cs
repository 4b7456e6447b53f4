using Microsoft.Win32.SafeHandles;

namespace GreenRuntime.Sockets.Linux;

/// <summary>An epoll or eventfd descriptor, closed when its hub's thread is gone and the hub is collected.</summary>
internal sealed class FileDescriptor : SafeHandleZeroOrMinusOneIsInvalid
{
    public FileDescriptor(int fd)
        : base(ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => LinuxInterop.Close((int)handle) == 0;
}
