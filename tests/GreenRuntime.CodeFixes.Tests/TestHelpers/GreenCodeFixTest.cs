using System.Collections.Immutable;
using System.Reflection;
using Basic.Reference.Assemblies;
using GreenRuntime.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace GreenRuntime.CodeFixes.Tests.TestHelpers;

/// <summary>
/// A code-fix test as a build sees the code: against .NET 10 and GreenRuntime (no download of reference packages),
/// with every analyzer and generator of the GreenRuntime.Generators assembly, the interceptors feature the package's
/// props turn on, nullable on, and compiler warnings counted. The harness checks the diagnostics of the test code
/// (<c>{|GRN0027:catch|}</c> markup: IDs and exact spans), applies the fix (one by one, and as fix all in document,
/// project and solution), and checks that the fixed code — generated twins included — has no compiler error or
/// warning and no GRN diagnostic other than those marked in <see cref="CodeFixTest{TVerifier}.FixedCode"/>.
/// </summary>
internal sealed class GreenCodeFixTest<TCodeFix> : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    private static readonly ImmutableArray<MetadataReference> s_references =
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(Green).Assembly.Location)];

    private static readonly Assembly s_analyzerAssembly = typeof(DiagnosticDescriptors).Assembly;

    public GreenCodeFixTest()
    {
        // The references are Basic.Reference.Assemblies' copies: nothing is fetched from a feed.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(s_references);
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
        // The twins and interceptors the generators write are checked for compiler errors, not compared as text.
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var parseOptions = ((CSharpParseOptions)project.ParseOptions!)
                .WithLanguageVersion(LanguageVersion.Latest)
                // As a project without GenerateDocumentationFile: no CS1591 on public members without XML docs.
                .WithDocumentationMode(DocumentationMode.Parse)
                .WithFeatures([new("InterceptorsNamespaces", "GreenRuntime.Generated")]);
            var compilationOptions = ((CSharpCompilationOptions)project.CompilationOptions!)
                .WithNullableContextOptions(NullableContextOptions.Enable);
            return solution.WithProjectParseOptions(projectId, parseOptions).WithProjectCompilationOptions(projectId, compilationOptions);
        });
    }

    /// <summary>Every analyzer the package ships, so that the fixed code is checked for any GRN diagnostic.</summary>
    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
        s_analyzerAssembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    /// <summary>Every generator the package ships: the fixed code must still get twins that compile.</summary>
    protected override IEnumerable<Type> GetSourceGenerators() =>
        s_analyzerAssembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t) && t.GetCustomAttribute<GeneratorAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}

/// <summary>Shorthands for <see cref="GreenCodeFixTest{TCodeFix}"/>.</summary>
internal static class CodeFix<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>
    /// Checks the marked diagnostics of <paramref name="source"/>, applies the fix offered for them (the one with
    /// <paramref name="equivalenceKey"/> where several are), and compares the result with <paramref name="fixedSource"/>.
    /// </summary>
    public static Task VerifyAsync(string source, string fixedSource, string? equivalenceKey = null, params string[] otherSources)
    {
        var test = new GreenCodeFixTest<TCodeFix> { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        foreach (var (other, i) in otherSources.Select((s, i) => (s, i)))
        {
            test.TestState.Sources.Add(($"/0/Other{i}.cs", other));
            test.FixedState.Sources.Add(($"/0/Other{i}.cs", other));
        }
        return test.RunAsync();
    }

    /// <summary>Checks the marked diagnostics of <paramref name="source"/> and that the fix offers nothing for them.</summary>
    public static Task VerifyNoFixAsync(string source) =>
        new GreenCodeFixTest<TCodeFix> { TestCode = source, FixedCode = source }.RunAsync();
}
