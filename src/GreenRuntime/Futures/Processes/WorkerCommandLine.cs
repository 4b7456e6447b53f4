using System.Text;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// How to start this program again: the same host executable (<see cref="Environment.ProcessPath"/>) with the same
/// arguments — on Linux read from <c>/proc/self/cmdline</c>, so <c>dotnet exec --depsfile ... --runtimeconfig ...</c>
/// (how <c>dotnet test</c> runs its test host) keeps the parent's dependency context and the worker resolves the
/// parent's assemblies by name.
/// </summary>
internal static class WorkerCommandLine
{
    private static readonly Lazy<(string FileName, string[] Arguments)> Current = new(Read);

    public static string FileName => Current.Value.FileName;

    public static IReadOnlyList<string> Arguments => Current.Value.Arguments;

    private static (string, string[]) Read()
    {
        string host = Environment.ProcessPath
            ?? throw new PlatformNotSupportedException("ProcessPoolExecutor starts its workers as this program again, but .NET does not know this process's executable (Environment.ProcessPath is null).");
        if (OperatingSystem.IsLinux() && File.Exists("/proc/self/cmdline"))
        {
            var words = Encoding.UTF8.GetString(File.ReadAllBytes("/proc/self/cmdline")).Split('\0');
            int count = words.Length > 0 && words[^1].Length == 0 ? words.Length - 1 : words.Length;
            if (count >= 1)
                return (host, words[1..count]);
        }
        // Elsewhere .NET gives the main assembly's path first and drops the host's own options.
        var arguments = Environment.GetCommandLineArgs();
        bool muxer = Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return (host, muxer ? arguments : arguments[1..]);
    }
}
