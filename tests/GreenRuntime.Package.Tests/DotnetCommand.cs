using System.Diagnostics;
using System.Text;

namespace GreenRuntime.Package.Tests;

/// <summary>What one <c>dotnet</c> command did: its exit code and everything it printed.</summary>
public sealed record DotnetResult(string Command, string WorkingDirectory, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>The command and its whole output, for an assertion message.</summary>
    public string Transcript =>
        $"`{Command}` in {WorkingDirectory} exited with {ExitCode} after {Elapsed.TotalSeconds:F1} s.{Environment.NewLine}" +
        $"--- stdout ---{Environment.NewLine}{StandardOutput}{Environment.NewLine}" +
        $"--- stderr ---{Environment.NewLine}{StandardError}";

    /// <summary>The standard output's lines, without empty ones.</summary>
    public IReadOnlyList<string> Lines =>
        StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Runs the dotnet CLI the test host runs under, as a user's shell would: without the MSBuild settings the test run
/// itself inherited from <c>dotnet test</c>, without lingering build nodes, and with the given extra variables.
/// </summary>
public static class DotnetCommand
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> and waits for it.</summary>
    public static DotnetResult Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        // dotnet test hands its own MSBuild's location and settings down to the test host; a user's build has none.
        foreach (string name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                info.Environment.Remove(name);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
            info.Environment[name] = value;

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (stdout) stdout.AppendLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (stderr) stderr.AppendLine(line); };
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string command = "dotnet " + string.Join(' ', arguments);
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (stderr)
                stderr.AppendLine($"(killed: still running after {s_timeout.TotalMinutes} min)");
        }
        process.WaitForExit();   // drains the redirected output
        lock (stdout)
        lock (stderr)
            return new DotnetResult(command, workingDirectory, process.ExitCode, stdout.ToString(), stderr.ToString(), watch.Elapsed);
    }
}
