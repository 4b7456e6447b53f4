using System.Runtime.InteropServices;
using System.Text;

namespace GreenRuntime.Hubs;

/// <summary>
/// Where the hub's own reports go (the default <see cref="Hub.ErrorHandler"/>, a handler that threw): standard
/// error, written so that reporting never needs a new resource and never throws.
/// </summary>
/// <remarks>
/// <see cref="Console.Error"/> is tried first (so <see cref="Console.SetError"/> still captures the reports), but on
/// Unix .NET opens it lazily by duplicating descriptor 2, which fails with <c>EMFILE</c> exactly when a server has run
/// out of descriptors — the moment it most needs to report. Then, or if the writer throws for any other reason, the
/// text goes straight to descriptor 2 with <c>write(2)</c>. Anything that still fails is dropped.
/// </remarks>
internal static unsafe partial class StandardError
{
    private const int StandardErrorFd = 2;
    private const int EIntr = 4;

    /// <summary>Writes the text <paramref name="compose"/> returns (or, if composing it throws, a line saying so) and a newline.</summary>
    public static void WriteLine(Func<string> compose)
    {
        string text;
        try
        {
            text = compose();
        }
        catch (Exception failure)
        {
            text = $"GreenRuntime: a report could not be written ({failure.GetType().FullName} while composing it).";
        }
        try
        {
            Console.Error.WriteLine(text);
            return;
        }
        catch (Exception)
        {
            // Console.Error could not be opened (EMFILE) or its stream failed: fall through to the descriptor.
        }
        if (OperatingSystem.IsWindows())
            return;
        try
        {
            WriteToDescriptor(text + "\n");
        }
        catch (Exception)
        {
            // Nowhere left to report to; the hub must go on regardless.
        }
    }

    /// <summary>
    /// Describes <paramref name="exception"/> with its stack trace, or — if that fails (rendering a stack trace
    /// reads symbol files, which may not open at the descriptor limit) — with its type and message alone.
    /// </summary>
    public static string Describe(Exception exception)
    {
        try
        {
            return exception.ToString();
        }
        catch (Exception)
        {
            return $"{exception.GetType().FullName}: {exception.Message}";
        }
    }

    private static void WriteToDescriptor(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* start = bytes)
        {
            int written = 0;
            while (written < bytes.Length)
            {
                nint result = Write(StandardErrorFd, start + written, bytes.Length - written);
                if (result > 0)
                    written += (int)result;
                else if (result < 0 && Marshal.GetLastPInvokeError() == EIntr)
                    continue;
                else
                    return; // closed, full (non-blocking), or gone: give up quietly
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte* buffer, nint count);
}
