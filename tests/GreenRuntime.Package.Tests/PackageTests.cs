using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace GreenRuntime.Package.Tests;

/// <summary>
/// The packed GreenRuntime package in fresh projects outside the repository, built and run the way a user would
/// (DESIGN §1: a consumer needs nothing but the PackageReference). Slow — one pack, three project builds, about a
/// minute on two cores — hence the <c>Slow</c> category.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class PackageTests : IClassFixture<LocalFeed>
{
    private const string TargetFramework = "net10.0";

    private readonly LocalFeed _feed;
    private readonly ITestOutputHelper _output;

    public PackageTests(LocalFeed feed, ITestOutputHelper output)
    {
        _feed = feed;
        _output = output;
        _output.WriteLine($"GreenRuntime {feed.PackageVersion} packed in {feed.PackTime.TotalSeconds:F1} s into {feed.Root}");
    }

    [Fact]
    public void The_package_has_its_own_readme_a_repository_url_and_what_consumers_need()
    {
        using var package = ZipFile.OpenRead(_feed.PackageFile);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/GreenRuntime.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/GreenRuntime.Generators.dll", entries);
        // The code fixes, beside the generator assembly they use (an analyzer assembly cannot reference Workspaces).
        Assert.Contains("analyzers/dotnet/cs/GreenRuntime.CodeFixes.dll", entries);
        Assert.Contains("build/GreenRuntime.props", entries);
        Assert.Contains("buildTransitive/GreenRuntime.props", entries);

        // The package's page shows its own short readme, not the repository's (which is about building the repository).
        Assert.Equal(File.ReadAllText(Path.Combine(_feed.RepoRoot, "src", "GreenRuntime", "PACKAGE.md")), ReadEntry(package, "README.md"));

        var nuspec = XDocument.Parse(ReadEntry(package, "GreenRuntime.nuspec")).Root!;
        XNamespace ns = nuspec.Name.Namespace;
        var metadata = nuspec.Element(ns + "metadata")!;
        Assert.Equal(_feed.PackageVersion, metadata.Element(ns + "version")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        var repository = metadata.Element(ns + "repository");
        Assert.True(repository is not null, "The nuspec has no <repository>: " + metadata);
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.StartsWith("https://", repository.Attribute("url")?.Value);
        Assert.StartsWith("https://", metadata.Element(ns + "projectUrl")?.Value);
    }

    [Fact]
    public void A_console_app_with_only_the_PackageReference_runs_the_README_example_green()
    {
        string app = _feed.CreateProject("EatAndPlayApp", new Dictionary<string, string>
        {
            ["EatAndPlayApp.csproj"] = Project(isExe: true, $"""<PackageReference Include="GreenRuntime" Version="{_feed.PackageVersion}" />"""),
            ["EatAndPlay.cs"] = ReadmeExample("class EatAndPlay"),
            ["Program.cs"] = "EatAndPlay.Run();\n",
        });

        var lines = BuildAndRun(app);

        // Serially (Thread.Sleep blocking the thread) Eat would finish before Play starts; green, Play's one-second
        // sleep ends inside Eat's two-second one.
        Assert.Equal(["egon eat 1", "alex play 1", "alex play 2", "egon eat 2", "egon is full"], lines);
    }

    [Fact]
    public void An_app_with_only_a_ProjectReference_to_a_library_using_the_package_builds_and_runs_green()
    {
        _feed.CreateProject("NapLibrary", new Dictionary<string, string>
        {
            ["NapLibrary.csproj"] = Project(isExe: false, $"""<PackageReference Include="GreenRuntime" Version="{_feed.PackageVersion}" />"""),
            ["Napper.cs"] = """
                using GreenRuntime;

                namespace NapLibrary;

                public static partial class Napper
                {
                    [Greenlet]
                    public static int Nap(string who, int milliseconds)
                    {
                        Console.WriteLine($"{who} start");
                        Thread.Sleep(milliseconds);
                        Console.WriteLine($"{who} end");
                        return milliseconds;
                    }

                    [Greenlet]
                    public static int NapTwice(string who, int milliseconds) => Nap(who + " 1", milliseconds) + Nap(who + " 2", milliseconds);
                }
                """,
        });
        string app = _feed.CreateProject("NapApp", new Dictionary<string, string>
        {
            ["NapApp.csproj"] = Project(isExe: true, """<ProjectReference Include="../NapLibrary/NapLibrary.csproj" />"""),
            ["Program.cs"] = """
                using GreenRuntime;
                using NapLibrary;

                var spawned = Green.Spawn(Napper.Nap, "spawned", 600);       // the library's [Greenlet] method group
                var lambda = Green.Spawn(() => Napper.Nap("lambda", 600));   // ... called by a lambda
                var block = Green.Spawn(() => { Thread.Sleep(100); return Napper.Nap("block", 400); });   // a green lambda
                var own = Green.Spawn(Chores.Run, "own");                    // the app's own [Greenlet] method
                int direct = Napper.NapTwice("direct", 300);                 // a direct call runs the hub meanwhile
                Green.JoinAll(spawned, lambda, block, own);
                Console.WriteLine($"values {direct} {spawned.Value} {lambda.Value} {block.Value} {own.Value}");

                public static partial class Chores
                {
                    [Greenlet]
                    public static int Run(string who)
                    {
                        Thread.Sleep(100);
                        return Napper.Nap(who, 400) + 1;
                    }
                }
                """,
        });

        var lines = BuildAndRun(app);

        // Green, everything starts before the first 300 ms nap ends (the app's own greenlet and the block lambda after
        // their 100 ms sleeps); blocking, "direct 1" would end before anything else starts.
        int firstEnd = lines.ToList().FindIndex(line => line.EndsWith(" end", StringComparison.Ordinal));
        Assert.True(firstEnd >= 0, Transcript(lines));
        Assert.Equal("direct 1 end", lines[firstEnd]);
        Assert.Equal(["block start", "direct 1 start", "lambda start", "own start", "spawned start"], lines.Take(firstEnd).Order());
        Assert.Equal("values 600 600 600 400 401", lines[^1]);
        Assert.Equal(
            ["block end", "block start", "direct 1 end", "direct 1 start", "direct 2 end", "direct 2 start", "lambda end", "lambda start",
             "own end", "own start", "spawned end", "spawned start", "values 600 600 600 400 401"],
            lines.Order());
    }

    [Fact]
    public void A_fresh_consumers_build_output_shows_a_GRN_warning_on_its_line_and_no_analyzer_load_problem()
    {
        string app = _feed.CreateProject("WarnApp", new Dictionary<string, string>
        {
            ["WarnApp.csproj"] = Project(isExe: true, $"""<PackageReference Include="GreenRuntime" Version="{_feed.PackageVersion}" />""", warningsAsErrors: false),
            ["Poller.cs"] = """
                using GreenRuntime;

                public static partial class Poller
                {
                    public static int Failures;

                    [Greenlet]
                    public static void Poll()
                    {
                        try
                        {
                            Green.Sleep(10);
                        }
                        catch (Exception e)
                        {
                            Failures += e.Message.Length;
                        }
                    }
                }
                """,
            ["Program.cs"] = "Poller.Poll();\n",
        });

        var build = _feed.Dotnet(app, "build");
        _output.WriteLine($"{build.Command}: {build.Elapsed.TotalSeconds:F1} s{Environment.NewLine}{build.StandardOutput}");

        // A warning, not an error: the build succeeds and says where (the catch is on line 14, column 9).
        Assert.True(build.ExitCode == 0, "The consumer did not build." + Environment.NewLine + build.Transcript);
        Assert.Matches(@"Poller\.cs\(14,9\): warning GRN0027: 'catch \(Exception e\)' catches the GreenletExit", build.StandardOutput);
        // The analyzer assemblies load in the SDK's compiler: neither too new a Roslyn (CS9057), nor an assembly it
        // cannot load (CS8032), nor an analyzer that throws (AD0001); and nothing else is reported.
        Assert.DoesNotMatch("CS9057|CS8032|CS8033|AD0001", build.StandardOutput);
        var warnings = WarningCode().Matches(build.StandardOutput).Select(m => m.Groups["code"].Value).ToHashSet();
        Assert.Equal(["GRN0027"], warnings);
    }

    private static string ReadEntry(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name);
        Assert.True(entry is not null, $"The package has no {name}.");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Builds the project (failing with the build's whole output), then runs it and returns what it printed.</summary>
    private IReadOnlyList<string> BuildAndRun(string project)
    {
        var build = _feed.Dotnet(project, "build");
        _output.WriteLine($"{build.Command}: {build.Elapsed.TotalSeconds:F1} s");
        Assert.True(build.ExitCode == 0, "The consumer did not build." + Environment.NewLine + build.Transcript);

        var run = _feed.Dotnet(project, "run", "--no-build");
        _output.WriteLine($"{run.Command}: {run.Elapsed.TotalSeconds:F1} s{Environment.NewLine}{run.StandardOutput}");
        Assert.True(run.ExitCode == 0 && run.StandardError.Length == 0, "The consumer failed." + Environment.NewLine + run.Transcript);
        return run.Lines;
    }

    /// <summary>A project file as <c>dotnet new console</c>/<c>classlib</c> writes it, with warnings as errors unless told otherwise.</summary>
    private static string Project(bool isExe, string reference, bool warningsAsErrors = true) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            {(isExe ? "<OutputType>Exe</OutputType>" : "")}
            <TargetFramework>{TargetFramework}</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>{(warningsAsErrors ? "true" : "false")}</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            {reference}
          </ItemGroup>
        </Project>
        """;

    /// <summary>The README's C# example that contains <paramref name="marker"/>: the test runs what the README shows.</summary>
    private string ReadmeExample(string marker)
    {
        string readme = File.ReadAllText(Path.Combine(_feed.RepoRoot, "README.md"));
        var example = CSharpBlock().Matches(readme).Select(m => m.Groups["code"].Value).FirstOrDefault(code => code.Contains(marker, StringComparison.Ordinal));
        Assert.True(example is not null, $"README.md has no ```csharp block containing '{marker}'.");
        return example;
    }

    private static string Transcript(IEnumerable<string> lines) => "The consumer printed:" + Environment.NewLine + string.Join(Environment.NewLine, lines);

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@": warning (?<code>[A-Z]+[0-9]+):")]
    private static partial Regex WarningCode();
}
