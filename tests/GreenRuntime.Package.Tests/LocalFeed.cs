using System.Reflection;

namespace GreenRuntime.Package.Tests;

/// <summary>
/// The GreenRuntime package, packed once per test run into a local feed with a version no earlier run used, and a
/// workspace outside the repository for fresh consumer projects: its nuget.config adds the feed (GreenRuntime comes
/// only from there, everything else from nuget.org as usual) and its packages folder is private, so a copy cached by an
/// earlier run or by the developer's own restores is never what a consumer gets. Deleted when the tests are done.
/// </summary>
public sealed class LocalFeed : IDisposable
{
    /// <summary>The repository the package is packed from.</summary>
    public string RepoRoot { get; } = Metadata("RepoRoot");

    /// <summary>The workspace's root; consumer projects are folders in it.</summary>
    public string Root { get; }

    /// <summary>The version the package was packed with, for consumers' PackageReference.</summary>
    public string PackageVersion { get; }

    /// <summary>The packed .nupkg file.</summary>
    public string PackageFile { get; }

    /// <summary>The private global packages folder consumers restore into.</summary>
    public string PackagesFolder { get; }

    /// <summary>How long the pack took (shown in the tests' output).</summary>
    public TimeSpan PackTime { get; }

    /// <summary>Packs src/GreenRuntime as built for the tests' configuration (the test project builds it first).</summary>
    public LocalFeed()
    {
        string repoRoot = RepoRoot;
        Root = Path.Combine(Path.GetTempPath(), "greenruntime-package-test-" + Guid.NewGuid().ToString("N")[..12]);
        if (Path.GetFullPath(Root).StartsWith(Path.GetFullPath(repoRoot), StringComparison.Ordinal))
            throw new InvalidOperationException($"The temporary folder {Root} is inside the repository: consumers would inherit its build settings.");
        string feed = Path.Combine(Root, "feed");
        PackagesFolder = Path.Combine(Root, "packages");
        Directory.CreateDirectory(feed);
        PackageVersion = "0.1.0-test-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "-" + Guid.NewGuid().ToString("N")[..8];

        // Nothing above a consumer may add settings: MSBuild, NuGet and central package management stop searching here.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="greenfeed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="greenfeed"><package pattern="GreenRuntime" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
              <config>
                <add key="globalPackagesFolder" value="{PackagesFolder}" />
              </config>
            </configuration>
            """);

        // The pack itself restores nothing: it reads the repository's own restore, packages folder included.
        var pack = DotnetCommand.Run(repoRoot, new Dictionary<string, string>(),
            "pack", Path.Combine(repoRoot, "src", "GreenRuntime", "GreenRuntime.csproj"),
            "--configuration", Metadata("Configuration"), "--no-build", "--output", feed,
            $"-p:PackageVersion={PackageVersion}",
            // The nuspec goes next to the feed, not into the repository's obj folder.
            $"-p:NuspecOutputPath={Path.Combine(Root, "nuspec")}{Path.DirectorySeparatorChar}");
        PackageFile = Path.Combine(feed, $"GreenRuntime.{PackageVersion}.nupkg");
        if (pack.ExitCode != 0 || !File.Exists(PackageFile))
        {
            Dispose();
            throw new InvalidOperationException("Packing GreenRuntime failed." + Environment.NewLine + pack.Transcript);
        }
        PackTime = pack.Elapsed;
    }

    /// <summary>What every consumer command runs with: the private packages folder, whatever the machine's setting.</summary>
    public IReadOnlyDictionary<string, string> CommandEnvironment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = PackagesFolder };

    /// <summary>Creates a project folder <paramref name="name"/> with the given files (name → content).</summary>
    public string CreateProject(string name, IReadOnlyDictionary<string, string> files)
    {
        string directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        foreach (var (file, content) in files)
            File.WriteAllText(Path.Combine(directory, file), content);
        return directory;
    }

    /// <summary>Runs a dotnet command in <paramref name="directory"/> the way a user would, with this workspace's packages folder.</summary>
    public DotnetResult Dotnet(string directory, params string[] arguments) => DotnetCommand.Run(directory, CommandEnvironment, arguments);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the folder is in the temporary directory anyway.
        }
    }

    private static string Metadata(string key) =>
        typeof(LocalFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
