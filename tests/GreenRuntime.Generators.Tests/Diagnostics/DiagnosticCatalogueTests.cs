using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Diagnostics;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>The catalogue, the analyzer, the help page and the release tracking agree on every ID.</summary>
public class DiagnosticCatalogueTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> s_catalogue = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToList();

    public static TheoryData<string> Ids => [.. s_catalogue.Select(d => d.Id)];

    [Fact]
    public void IDs_are_GRN_numbers_without_gaps_or_duplicates()
    {
        var ids = s_catalogue.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToList();
        int last = int.Parse(ids[^1].Substring(3), System.Globalization.CultureInfo.InvariantCulture);
        // IDs handed out to work still in flight (issue 9) may be missing until it lands; no other ID may.
        var expected = Enumerable.Range(1, last).Select(i => $"GRN{i:D4}").Where(id => ids.Contains(id) || !s_inFlight.Contains(id));
        Assert.Equal(expected, ids);
    }

    private static readonly string[] s_inFlight = ["GRN0028", "GRN0029", "GRN0030", "GRN0031"];

    [Fact]
    public void The_analyzers_support_every_descriptor_of_the_catalogue()
    {
        var supported = DiagnosticVerifier.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal);
        Assert.Equal(s_catalogue.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal), supported);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_descriptor_is_enabled_in_the_GreenThreads_category_with_its_help_link(string id)
    {
        var descriptor = s_catalogue.Single(d => d.Id == id);
        Assert.Equal("GreenThreads", descriptor.Category);
        // Errors mark code the generator cannot handle; a blocking call, or a call or lambda that runs the plain
        // code, still works: it only stalls the hub.
        Assert.Equal(id is "GRN0021" or "GRN0023" or "GRN0024" or "GRN0027" or "GRN0028" or "GRN0029" or "GRN0030" or "GRN0031" or "GRN0032" or "GRN0034" or "GRN0035" or "GRN0036" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal(DiagnosticDescriptors.HelpLinkBase + "#" + id.ToLowerInvariant(), descriptor.HelpLinkUri);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_ID_has_a_section_with_its_title_in_docs_diagnostics_md(string id)
    {
        var descriptor = s_catalogue.Single(d => d.Id == id);
        var page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "diagnostics.md"));
        Assert.Contains($"<a id=\"{id.ToLowerInvariant()}\"></a>", page);
        Assert.Contains($"## {id}: {descriptor.Title}", page);
        Assert.Contains($"| [{id}](#{id.ToLowerInvariant()}) | {descriptor.Title} |", page);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_ID_is_tracked_in_the_analyzer_release_files(string id)
    {
        var directory = Path.Combine(RepoRoot(), "src", "GreenRuntime.Generators");
        var tracked = File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Unshipped.md"));
        var severity = s_catalogue.Single(d => d.Id == id).DefaultSeverity;
        Assert.Matches(new Regex($@"^{id}\s*\|\s*GreenThreads\s*\|\s*{severity}\s*\|", RegexOptions.Multiline), tracked);
    }

    [Fact]
    public void Messages_and_docs_name_only_GreenRuntime_types_that_exist()
    {
        // Advice to use a primitive that does not exist (GreenLock, GreenQueue<T>, ...) cannot be followed.
        var texts = s_catalogue.SelectMany(d => new[] { d.MessageFormat.ToString(), d.Description.ToString() })
            .Append(File.ReadAllText(Path.Combine(RepoRoot(), "docs", "diagnostics.md")));
        var exported = typeof(Green).Assembly.GetExportedTypes().Select(t => t.Name.Split('`')[0]).ToHashSet();
        var named = texts.SelectMany(t => Regex.Matches(t, @"\bGreen[A-Z]\w*").Select(m => m.Value))
            // GreenPatchesOff is an MSBuild property.
            .Where(name => name is not ("GreenThreads" or "GreenRuntime" or "GreenPatchesOff"))
            .Distinct()
            .ToList();
        Assert.Contains("GreenEvent", named);
        // An attribute is named as it is used: [GreenPatches(...)].
        Assert.All(named, name => Assert.True(exported.Contains(name) || exported.Contains(name + "Attribute"), $"{name} is no GreenRuntime type"));
    }

    /// <summary>Which diagnostic tells the user about each reason the generator may skip a method.</summary>
    private static readonly Dictionary<TwinBlockers, string[]> s_blockerDiagnostics = new()
    {
        [TwinBlockers.NotPartial] = ["GRN0001"],
        [TwinBlockers.Async] = ["GRN0002"],
        [TwinBlockers.RefParameter] = ["GRN0003"],
        [TwinBlockers.RefReturn] = ["GRN0004"],
        [TwinBlockers.Pointer] = ["GRN0005"],
        [TwinBlockers.RefStructParameter] = ["GRN0006"],
        [TwinBlockers.NoBody] = ["GRN0016"],
        [TwinBlockers.UnsupportedReturnType] = ["GRN0007", "GRN0005"],
        [TwinBlockers.Iterator] = ["GRN0015"],
        [TwinBlockers.UnsupportedKind] = ["GRN0017"],
        [TwinBlockers.NoTwinInMetadata] = ["GRN0019"],
        [TwinBlockers.FileLocalType] = ["GRN0018"],
        [TwinBlockers.MutableStructInstance] = ["GRN0022"],
    };

    [Fact]
    public void Every_TwinBlockers_reason_has_a_diagnostic()
    {
        // A new reason in Analysis/TwinBlockers.cs needs a GRN diagnostic in GreenletDeclarationAnalyzer (and a line here).
        var reasons = Enum.GetValues<TwinBlockers>().Where(b => b != TwinBlockers.None);
        Assert.All(reasons, reason => Assert.True(s_blockerDiagnostics.ContainsKey(reason), $"TwinBlockers.{reason} has no diagnostic"));
        Assert.All(s_blockerDiagnostics.Values.SelectMany(ids => ids), id => Assert.Contains(s_catalogue, d => d.Id == id));
    }

    [Fact]
    public void The_tests_run_every_analyzer_of_the_assembly()
    {
        Assert.Contains(DiagnosticVerifier.Analyzers, a => a is GreenletDeclarationAnalyzer);
        Assert.Contains(DiagnosticVerifier.Analyzers, a => a is SuspensionPointAnalyzer);
        Assert.Contains(DiagnosticVerifier.Analyzers, a => a is CallSiteAnalyzer);
        Assert.Contains(DiagnosticVerifier.Analyzers, a => a is BlockingCallAnalyzer);
    }

    [Fact]
    public void The_tests_run_every_generator_of_the_assembly()
    {
        Assert.Contains(DiagnosticVerifier.Generators, g => g is TwinGenerator);
    }

    private static string RepoRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
