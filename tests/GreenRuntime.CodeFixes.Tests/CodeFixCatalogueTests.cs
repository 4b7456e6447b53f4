using System.Composition;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GreenRuntime.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace GreenRuntime.CodeFixes.Tests;

/// <summary>The code fixes, the diagnostic catalogue and docs/diagnostics.md agree on which diagnostic has which fix.</summary>
public class CodeFixCatalogueTests
{
    private static readonly IReadOnlyList<Type> s_providers = typeof(PartialTypesCodeFix).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .ToList();

    private static IEnumerable<string> FixableIds => s_providers
        .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
        .Distinct();

    [Fact]
    public void Every_provider_is_exported_for_CSharp_shared_and_fixes_all()
    {
        Assert.NotEmpty(s_providers);
        Assert.All(s_providers, type =>
        {
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.True(export is not null, $"{type.Name} is not exported: the IDE would not find it.");
            Assert.Equal([LanguageNames.CSharp], export.Languages);
            Assert.Equal(type.Name, export.Name);
            Assert.NotNull(type.GetCustomAttribute<SharedAttribute>());
            Assert.NotNull(((CodeFixProvider)Activator.CreateInstance(type)!).GetFixAllProvider());
        });
    }

    [Fact]
    public void Every_fixable_ID_is_in_the_catalogue()
    {
        var catalogue = typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id)
            .ToHashSet();
        Assert.All(FixableIds, id => Assert.Contains(id, catalogue));
    }

    [Fact]
    public void The_docs_name_a_code_fix_exactly_for_the_fixable_IDs_and_describe_it_in_their_sections()
    {
        string page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "diagnostics.md"));
        var withFix = Regex.Matches(page, @"^\| \[(?<id>GRN\d{4})\]\(#grn\d{4}\) \| [^|]+ \| (?<fix>[^|]+) \|$", RegexOptions.Multiline)
            .Where(m => m.Groups["fix"].Value.Trim() != "—")
            .Select(m => m.Groups["id"].Value)
            .Order(StringComparer.Ordinal);
        Assert.Equal(FixableIds.Order(StringComparer.Ordinal), withFix);
        foreach (string id in FixableIds)
        {
            var section = Regex.Match(page, $@"<a id=""{id.ToLowerInvariant()}""></a>(?<text>.*?)(<a id=|\z)", RegexOptions.Singleline).Groups["text"].Value;
            Assert.Contains("**Code fix:**", section);
        }
    }

    private static string RepoRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
