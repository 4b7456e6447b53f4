using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Basic.Reference.Assemblies;
using GreenRuntime.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// Compiles marked-up source in memory the way a build does: every generator of GreenRuntime.Generators runs first,
/// then every analyzer of the assembly and the compiler look at the result. Then checks that the user sees exactly
/// the expected GRN diagnostics where the markup says, and no compiler error or warning inside generated code.
/// </summary>
/// <remarks>
/// Markup: <c>[|text|]</c> expects the test's default ID on <c>text</c>; <c>{|GRN0003:text|}</c> expects that ID.
/// Generators and analyzers are found by reflection so that the ones that land later are exercised without changing the tests.
/// </remarks>
internal static class DiagnosticVerifier
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        // What the package's build/GreenRuntime.props sets for a consumer.
        .WithFeatures([new("InterceptorsNamespaces", "GreenRuntime.Generated")]);

    private static readonly ImmutableArray<MetadataReference> s_references =
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(Green).Assembly.Location)];

    /// <summary>Every incremental generator the generator assembly ships.</summary>
    public static ImmutableArray<IIncrementalGenerator> Generators { get; } =
        [.. typeof(DiagnosticDescriptors).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t) && t.GetCustomAttribute<GeneratorAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IIncrementalGenerator)Activator.CreateInstance(t)!)];

    /// <summary>Every diagnostic analyzer the generator assembly ships (the suppressor left out: it has nothing to report).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        [.. typeof(DiagnosticDescriptors).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t)
                && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    /// <summary>One expected diagnostic: its ID and where it goes.</summary>
    public readonly record struct Expected(string Id, TextSpan Span);

    /// <summary>What one build produced.</summary>
    public sealed record Build(
        Compilation Output,
        ImmutableArray<SyntaxTree> UserTrees,
        ImmutableArray<Diagnostic> Diagnostics,
        ImmutableArray<Expected> Expected)
    {
        /// <summary>
        /// The GRN diagnostics, wherever they are, in source order: the analyzers run concurrently, so the driver hands
        /// them over in any order, and tests read them by position.
        /// </summary>
        public IEnumerable<Diagnostic> Green => Diagnostics
            .Where(d => d.Id.StartsWith("GRN", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start);

        /// <summary>Compiler errors and warnings located in generated files.</summary>
        public IEnumerable<Diagnostic> InGeneratedCode => Diagnostics.Where(d =>
            d.Severity >= DiagnosticSeverity.Warning && !d.Id.StartsWith("GRN", StringComparison.Ordinal)
            && d.Location.SourceTree is { } tree && !UserTrees.Contains(tree));

        /// <summary>Compiler errors located in the user's files (the test source itself must be valid C#).</summary>
        public IEnumerable<Diagnostic> UserCompilerErrors => Diagnostics.Where(d =>
            d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("GRN", StringComparison.Ordinal)
            && (d.Location.SourceTree is null || UserTrees.Contains(d.Location.SourceTree)));

        /// <summary>Everything that went into and came out of the build, for assertion messages.</summary>
        public string Describe()
        {
            var text = new StringBuilder();
            text.AppendLine("Diagnostics:");
            foreach (var diagnostic in Diagnostics)
                text.Append("  ").AppendLine(diagnostic.ToString());
            foreach (var tree in Output.SyntaxTrees.Where(t => !UserTrees.Contains(t)))
            {
                text.AppendLine("----- " + tree.FilePath);
                text.AppendLine(tree.ToString());
            }
            return text.ToString();
        }
    }

    /// <summary>
    /// Builds <paramref name="markedSource"/> (plus <paramref name="otherSources"/>) and asserts that the GRN
    /// diagnostics are exactly the marked ones, that nothing is reported inside generated code, and that the user's
    /// code has no compiler error. Returns the build for further checks (messages, ...).
    /// </summary>
    public static async Task<Build> VerifyAsync(
        string markedSource,
        string? defaultId = null,
        IEnumerable<MetadataReference>? references = null,
        params string[] otherSources)
    {
        var build = await BuildAsync(markedSource, defaultId, references, otherSources);
        AssertExpectedGreenDiagnostics(build);
        AssertCleanGeneratedCode(build);
        Assert.True(!build.UserCompilerErrors.Any(), "The test source does not compile:" + Environment.NewLine + build.Describe());
        return build;
    }

    /// <summary><see cref="VerifyAsync(string, string?, IEnumerable{MetadataReference}?, string[])"/> under another C# version.</summary>
    public static async Task<Build> VerifyAsync(LanguageVersion languageVersion, string markedSource, string? defaultId = null)
    {
        var build = await BuildAsync(ParseOptions.WithLanguageVersion(languageVersion), markedSource, defaultId, [], []);
        AssertExpectedGreenDiagnostics(build);
        AssertCleanGeneratedCode(build);
        Assert.True(!build.UserCompilerErrors.Any(), "The test source does not compile:" + Environment.NewLine + build.Describe());
        return build;
    }

    /// <summary>
    /// <see cref="VerifyAsync(string, string?, IEnumerable{MetadataReference}?, string[])"/> with analyzer config options
    /// (an MSBuild property such as <c>build_property.GreenPatchesOff</c>), given to the generators and the analyzers alike.
    /// </summary>
    public static async Task<Build> VerifyAsync(AnalyzerConfigOptionsProvider options, string markedSource, string? defaultId = null)
    {
        var build = await BuildAsync(ParseOptions, markedSource, defaultId, [], [], options);
        AssertExpectedGreenDiagnostics(build);
        AssertCleanGeneratedCode(build);
        Assert.True(!build.UserCompilerErrors.Any(), "The test source does not compile:" + Environment.NewLine + build.Describe());
        return build;
    }

    /// <summary>Asserts that the GRN diagnostics are exactly the expected ones, by ID and span.</summary>
    public static void AssertExpectedGreenDiagnostics(Build build)
    {
        var markedTree = build.UserTrees[0];
        var actual = build.Green
            .Select(d => (d.Id, File: d.Location.SourceTree?.FilePath, d.Location.SourceSpan))
            .OrderBy(d => d.SourceSpan.Start).ThenBy(d => d.Id)
            .ToList();
        var expected = build.Expected
            .Select(e => (e.Id, File: (string?)markedTree.FilePath, SourceSpan: e.Span))
            .OrderBy(d => d.SourceSpan.Start).ThenBy(d => d.Id)
            .ToList();
        Assert.True(
            expected.SequenceEqual(actual),
            $"Expected GRN diagnostics:{Environment.NewLine}{Show(expected, markedTree)}{Environment.NewLine}" +
            $"Actual GRN diagnostics:{Environment.NewLine}{Show(actual, markedTree)}{Environment.NewLine}{build.Describe()}");
    }

    /// <summary>Asserts that no compiler error or warning sits in a generated file.</summary>
    public static void AssertCleanGeneratedCode(Build build) =>
        Assert.True(!build.InGeneratedCode.Any(), "Compiler diagnostics in generated code:" + Environment.NewLine + build.Describe());

    /// <summary>Runs the generators, then the analyzers and the compiler, with analyzer config options; checks nothing.</summary>
    public static async Task<Build> BuildAsync(AnalyzerConfigOptionsProvider options, string source) =>
        await BuildAsync(ParseOptions, source, null, [], [], options);

    /// <summary>Runs the generators, then the analyzer and the compiler, over <paramref name="markedSource"/>.</summary>
    public static async Task<Build> BuildAsync(
        string markedSource,
        string? defaultId = null,
        IEnumerable<MetadataReference>? references = null,
        params string[] otherSources) =>
        await BuildAsync(ParseOptions, markedSource, defaultId, references ?? [], otherSources);

    private static async Task<Build> BuildAsync(
        CSharpParseOptions parseOptions, string markedSource, string? defaultId, IEnumerable<MetadataReference> references, string[] otherSources,
        AnalyzerConfigOptionsProvider? options = null)
    {
        var (source, expected) = ParseMarkup(markedSource, defaultId);
        var compilation = CreateCompilation("Tests", references, [source, .. otherSources], parseOptions);
        var userTrees = compilation.SyntaxTrees.ToImmutableArray();

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            Generators.Select(GeneratorExtensions.AsSourceGenerator),
            parseOptions: parseOptions,
            optionsProvider: options);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        var withAnalyzers = options is null
            ? output.WithAnalyzers(Analyzers)
            : output.WithAnalyzers(Analyzers, new AnalyzerOptions([], options));
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync();
        // Some errors exist only at emit: async lowering reports what cannot be kept across an await (CS4007,
        // CS8178, ...) there, not in GetDiagnostics. A build emits, so the test does too.
        var emitted = output.Emit(Stream.Null).Diagnostics;
        var seen = diagnostics.Select(d => d.ToString()).ToHashSet();
        return new Build(output, userTrees, [.. generatorDiagnostics, .. diagnostics, .. emitted.Where(d => !seen.Contains(d.ToString()))], expected);
    }

    /// <summary>A compilation of <paramref name="sources"/> against .NET 10 and GreenRuntime, unsafe code allowed.</summary>
    public static CSharpCompilation CreateCompilation(
        string assemblyName, IEnumerable<MetadataReference> references, IEnumerable<string> sources, CSharpParseOptions? parseOptions = null) =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, parseOptions ?? ParseOptions, path: $"/src/{assemblyName}{i}.cs", encoding: Encoding.UTF8)),
            s_references.Concat(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    /// <summary>Compiles <paramref name="sources"/> into a library image WITHOUT the generators, as a third party might.</summary>
    public static MetadataReference CompileLibraryWithoutGenerators(string assemblyName, params string[] sources)
    {
        var compilation = CreateCompilation(assemblyName, [], sources);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    /// <summary>Removes <c>[|...|]</c> and <c>{|ID:...|}</c> markers, returning the plain source and the marked spans.</summary>
    public static (string Source, ImmutableArray<Expected> Expected) ParseMarkup(string marked, string? defaultId)
    {
        var source = new StringBuilder();
        var expected = ImmutableArray.CreateBuilder<Expected>();
        var open = new Stack<(string Id, int Start)>();
        for (int i = 0; i < marked.Length; i++)
        {
            if (Starts(marked, i, "[|"))
            {
                open.Push((defaultId ?? throw new ArgumentException("[|...|] needs a default ID"), source.Length));
                i++;
            }
            else if (marked[i] == '{' && Starts(marked, i + 1, "|GRN") && marked.IndexOf(':', i) is int colon and > 0)
            {
                open.Push((marked.Substring(i + 2, colon - i - 2), source.Length));
                i = colon;
            }
            else if (Starts(marked, i, "|]") || Starts(marked, i, "|}"))
            {
                var (id, start) = open.Pop();
                expected.Add(new Expected(id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(marked[i]);
            }
        }
        Assert.Empty(open);
        return (source.ToString(), expected.ToImmutable());
    }

    private static bool Starts(string text, int index, string value) =>
        index + value.Length <= text.Length && string.CompareOrdinal(text, index, value, 0, value.Length) == 0;

    private static string Show(IEnumerable<(string Id, string? File, TextSpan Span)> diagnostics, SyntaxTree markedTree) =>
        string.Join(Environment.NewLine, diagnostics.Select(d =>
            $"  {d.Id} {d.File} {d.Span} '{(d.File == markedTree.FilePath && d.Span.End <= markedTree.Length ? markedTree.GetText().ToString(d.Span) : "?")}'"));
}
