using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GreenRuntime.GeneratorCost;

/// <summary>
/// Clean <c>dotnet build</c>s of the <see cref="BenchProject"/>, interleaved: without the generator and analyzers,
/// with the generators only, with both. Reports each configuration's median wall time and <c>Csc</c> task time, and
/// the ratios and added seconds against the build without them, all from the same run.
/// </summary>
internal static partial class Builds
{
    /// <summary>A build to measure: the project it builds and the properties it passes.</summary>
    private sealed record Configuration(string Name, string Project, string Properties);

    /// <param name="baselineRoot">
    /// Another checkout of the repository (e.g. <c>git archive main | tar -x -C /tmp/base</c>): its generator is built and
    /// measured in the same run, so that a before/after comparison is a ratio of one run rather than of two.
    /// </param>
    public static int Run(string repoRoot, int rounds, string? directory, string? baselineRoot)
    {
        directory ??= Path.Combine(Path.GetTempPath(), "greenruntime-generator-cost");
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        string project = WriteProject(Path.Combine(directory, "current"), repoRoot);
        var configurations = new List<Configuration>
        {
            new("without", project, "-p:GreenGenerator=false"),
            new("generators+analyzers", project, string.Empty),
        };
        // The generators alone (-p:RunAnalyzers=false) too, unless GENERATOR_COST_QUICK is set (a loaded machine).
        bool quick = Environment.GetEnvironmentVariable("GENERATOR_COST_QUICK") is { Length: > 0 };
        if (!quick)
            configurations.Insert(1, new("generators", project, "-p:RunAnalyzers=false"));
        if (baselineRoot is not null)
        {
            string baseline = WriteProject(Path.Combine(directory, "baseline"), Path.GetFullPath(baselineRoot));
            if (!quick)
                configurations.Add(new("baseline generators", baseline, "-p:RunAnalyzers=false"));
            configurations.Add(new("baseline generators+analyzers", baseline, string.Empty));
        }
        Console.WriteLine($"project: {directory} ({BenchProject.Classes} classes x {BenchProject.MethodsPerClass} [Greenlet] methods), {rounds} rounds");

        // Restores, builds the runtime and the generator (Release), and warms the compiler server.
        foreach (var path in configurations.Select(c => c.Project).Distinct())
            Dotnet($"build \"{path}\" -c Release -nologo -v:q", check: true);
        foreach (var configuration in configurations)
            Build(configuration);

        var wall = configurations.ToDictionary(c => c.Name, _ => new List<double>());
        var csc = configurations.ToDictionary(c => c.Name, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            // Rotate the order each round: the machine is shared, and drift should not favour one configuration.
            for (int k = 0; k < configurations.Count; k++)
            {
                var configuration = configurations[(round + k) % configurations.Count];
                var (seconds, cscSeconds) = Build(configuration);
                wall[configuration.Name].Add(seconds);
                csc[configuration.Name].Add(cscSeconds);
                Console.WriteLine($"  round {round + 1}: {configuration.Name,-30} {seconds,6:F2} s wall, Csc {cscSeconds,6:F2} s");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| build | median wall (s) | median Csc (s) | wall ratio | Csc ratio | added wall (s) | added Csc (s) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        double baseWall = Median(wall["without"]), baseCsc = Median(csc["without"]);
        foreach (var configuration in configurations)
        {
            double w = Median(wall[configuration.Name]), c = Median(csc[configuration.Name]);
            Console.WriteLine($"| {configuration.Name} | {w:F2} | {c:F2} | {w / baseWall:F2}x | {c / baseCsc:F2}x | {w - baseWall:+0.00;-0.00} | {c - baseCsc:+0.00;-0.00} |");
        }
        return 0;
    }

    private static string WriteProject(string directory, string repoRoot)
    {
        BenchProject.Write(directory, repoRoot);
        return Path.Combine(directory, "GeneratorCost.Bench.csproj");
    }

    /// <summary>One build with <c>-p:ReportAnalyzer=true</c>: the compiler's own per-generator and per-analyzer times.</summary>
    public static int Report(string repoRoot, string? directory)
    {
        directory ??= Path.Combine(Path.GetTempPath(), "greenruntime-generator-cost");
        if (!File.Exists(Path.Combine(directory, "GeneratorCost.Bench.csproj")))
            BenchProject.Write(directory, repoRoot);
        string project = Path.Combine(directory, "GeneratorCost.Bench.csproj");
        Dotnet($"build \"{project}\" -c Release -nologo -v:q", check: true);
        Clean(directory);
        string output = Dotnet($"build \"{project}\" -c Release -nologo --no-restore -p:BuildProjectReferences=false -p:ReportAnalyzer=true -v:d", check: true);
        bool printing = false, inTable = false;
        foreach (var line in output.Split('\n'))
        {
            // The compiler's summary: "Total analyzer execution time: ..." and "Total generator execution time: ...",
            // each followed by a blank line and a table per assembly and per type, its assemblies apart by blank lines;
            // the summary ends at the first line that is no row of the table.
            string text = line.Trim();
            if (text.StartsWith("Total analyzer execution time", StringComparison.Ordinal) || text.StartsWith("Total generator execution time", StringComparison.Ordinal))
                (printing, inTable) = (true, false);
            else if (printing && text.StartsWith("Time (s)", StringComparison.Ordinal))
                inTable = true;
            else if (printing && inTable && text.Length > 0 && !char.IsDigit(text[0]) && text[0] != '<')
                printing = false;
            if (printing && (text.Length > 0 || !inTable))
                Console.WriteLine(line.TrimEnd());
        }
        return 0;
    }

    private static (double Wall, double Csc) Build(Configuration configuration)
    {
        string project = configuration.Project;
        Clean(Path.GetDirectoryName(project)!);
        var stopwatch = Stopwatch.StartNew();
        string output = Dotnet(
            $"build \"{project}\" -c Release -nologo -v:q --no-restore -p:BuildProjectReferences=false -clp:PerformanceSummary {configuration.Properties}",
            check: true);
        double wall = stopwatch.Elapsed.TotalSeconds;
        // The task summary's line: "     3456 ms  Csc    1 calls".
        var match = CscLine().Match(output);
        return (wall, match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) / 1000 : double.NaN);
    }

    /// <summary>Removes the outputs of earlier builds (restore's files stay, so every build compiles everything).</summary>
    private static void Clean(string directory)
    {
        foreach (var path in new[] { Path.Combine(directory, "bin"), Path.Combine(directory, "obj", "Release") })
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
    }

    private static string Dotnet(string arguments, bool check)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {arguments} failed ({process.ExitCode}):\n{output}\n{error.Result}");
        return output;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    [GeneratedRegex(@"^\s*(\d+)\s+ms\s+Csc\s+\d+\s+calls", RegexOptions.Multiline)]
    private static partial Regex CscLine();
}
