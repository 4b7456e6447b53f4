using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GreenRuntime.Generators.Tests.TestHelpers;

/// <summary>In-memory compilations against the .NET 10 reference assemblies and the GreenRuntime assembly.</summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> s_references =
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(Green).Assembly.Location)];

    /// <summary>A compilation of <paramref name="sources"/>, each in a file <c>/src/Test{i}.cs</c>.</summary>
    public static CSharpCompilation Create(params string[] sources) =>
        Create("Tests", [], sources);

    /// <summary>A compilation named <paramref name="assemblyName"/> with extra references.</summary>
    public static CSharpCompilation Create(string assemblyName, IEnumerable<MetadataReference> references, params string[] sources) =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"/src/Test{i}.cs")),
            s_references.Concat(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    /// <summary>The errors and warnings of <paramref name="compilation"/>, formatted for an assertion message.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));

    /// <summary>
    /// Asserts that <paramref name="compilation"/> has no warnings or errors, emit included: the async lowering of a
    /// twin reports some errors (CS4007, CS8178) only when the state machine is built.
    /// </summary>
    public static void AssertNoDiagnostics(Compilation compilation)
    {
        using var peStream = new MemoryStream();
        var diagnostics = compilation.Emit(peStream).Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(diagnostics.Count == 0, Describe(diagnostics) + Environment.NewLine + string.Join(Environment.NewLine + "-----" + Environment.NewLine, compilation.SyntaxTrees.Skip(1).Select(t => t.FilePath + Environment.NewLine + t)));
    }
}
