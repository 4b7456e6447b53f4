using System.Collections.Immutable;
using GreenRuntime.Generators.CallSites;
using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GreenRuntime.Generators.Tests.CallSites;

/// <summary>
/// Compilations with interceptors enabled for <c>GreenRuntime.Generated</c> (what the package's props file sets), run
/// through both generators: the twin generator writes the twins the interceptors call.
/// </summary>
internal static class InterceptorRun
{
    public static readonly CSharpParseOptions ParseOptions =
        TestCompilation.ParseOptions.WithFeatures([new("InterceptorsNamespaces", InterceptorEmitter.Namespace)]);

    /// <summary>A compilation of <paramref name="sources"/> with interceptors enabled.</summary>
    public static CSharpCompilation Compilation(params string[] sources) =>
        WithInterceptors(TestCompilation.Create(sources));

    /// <summary>A compilation named <paramref name="assemblyName"/> with extra references and interceptors enabled.</summary>
    public static CSharpCompilation Compilation(string assemblyName, IEnumerable<MetadataReference> references, params string[] sources) =>
        WithInterceptors(TestCompilation.Create(assemblyName, references, sources));

    /// <summary>Runs the twin and interceptor generators over <paramref name="compilation"/>.</summary>
    public static Result Run(Compilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new TwinGenerator().AsSourceGenerator(), new InterceptorGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var interceptors = driver.GetRunResult().Results
            .SelectMany(r => r.GeneratedSources)
            .Where(s => s.HintName == InterceptorEmitter.HintName)
            .Select(s => s.SourceText.ToString())
            .SingleOrDefault();
        return new Result(output, interceptors, diagnostics);
    }

    /// <summary>Runs both generators and asserts that the output compiles without warnings; returns the interceptor file.</summary>
    public static string RunAndCompile(params string[] sources) => RunAndCompile(Compilation(sources));

    /// <inheritdoc cref="RunAndCompile(string[])"/>
    public static string RunAndCompile(Compilation compilation)
    {
        var result = Run(compilation);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.Interceptors is not null, "no interceptor file was generated");
        TestCompilation.AssertNoDiagnostics(result.Output);
        return result.Interceptors!;
    }

    /// <summary>Compiles <paramref name="source"/> with the twin generator into an assembly and references it.</summary>
    public static MetadataReference Library(string assemblyName, string source)
    {
        var compilation = TestCompilation.Create(assemblyName, [], source);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new TwinGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, TestCompilation.Describe(emitted.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    private static CSharpCompilation WithInterceptors(CSharpCompilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithRootAndOptions(tree.GetRoot(), ParseOptions));
        return compilation;
    }

    /// <summary>What a run produced.</summary>
    public sealed record Result(Compilation Output, string? Interceptors, ImmutableArray<Diagnostic> GeneratorDiagnostics);
}
