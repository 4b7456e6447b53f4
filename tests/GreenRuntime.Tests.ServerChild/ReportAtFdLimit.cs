using System.Runtime.InteropServices;
using GreenRuntime;
using GreenRuntime.CompilerServices;

namespace GreenRuntime.Tests.ServerChild;

/// <summary>
/// The hub's default error handler at the descriptor limit, as shipped (nothing opened or set up for it): every free
/// descriptor is taken, then a greenlet fails. The report must reach standard error without throwing (.NET opens
/// <see cref="Console.Error"/> lazily by duplicating descriptor 2, which fails with <c>EMFILE</c> now), and the hub
/// must go on. Prints "FAILING" just before, "SURVIVED" after (stdout is opened first, for that), exit code 0.
/// </summary>
internal static class ReportAtFdLimit
{
    public static int Run()
    {
        var stdout = Console.Out;
        // The hub's own assemblies are loaded now (loading one needs a descriptor); nothing of the error path is.
        Green.Spawn(default(GreenSuspend), static async () => await Green.Sleep(default(GreenSuspend), 1)).Join();
        stdout.WriteLine("FAILING");
        var taken = TakeEveryDescriptor();
        try
        {
            var failing = Green.Spawn(default(GreenSuspend), static () => throw new InvalidOperationException("failed with no descriptor left"));
            failing.Join();
            Green.Sleep(1); // the hub goes on
        }
        finally
        {
            foreach (int fd in taken)
                NativeMethods.close(fd);
        }
        stdout.WriteLine($"SURVIVED (held {taken.Count} descriptors)");
        return 0;
    }

    /// <summary>Duplicates descriptor 1 until the process has none left.</summary>
    private static List<int> TakeEveryDescriptor()
    {
        var taken = new List<int>(capacity: 100_000);
        while (true)
        {
            int fd = NativeMethods.dup(1);
            if (fd < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != 24)
                    throw new InvalidOperationException($"dup failed with errno {errno}, not EMFILE");
                return taken;
            }
            taken.Add(fd);
        }
    }
}
