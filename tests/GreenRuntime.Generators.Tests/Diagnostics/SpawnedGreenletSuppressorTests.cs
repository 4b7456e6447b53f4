using System.Collections.Immutable;
using GreenRuntime.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// CS4014 on a spawn left unawaited (in async code and top-level statements) is suppressed — spawning and not
/// waiting is what spawn is for — while every other unawaited call keeps its warning.
/// </summary>
public class SpawnedGreenletSuppressorTests
{
    [Fact]
    public async Task An_unawaited_spawn_in_an_async_method_is_not_reported_but_an_unawaited_task_still_is()
    {
        var warnings = await NotAwaitedWarnings(OutputKind.DynamicallyLinkedLibrary, """
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Jobs
            {
                [Greenlet]
                public static void Work(int n) => System.Threading.Thread.Sleep(n);

                [Greenlet]
                public static int Answer() => 42;

                public static async Task Run()
                {
                    Green.Spawn(Work, 1);
                    Green.Spawn(() => Answer());
                    Task.Delay(1);
                    await Task.Yield();
                }
            }
            """);

        Assert.Equal(
            [("Green.Spawn(Work, 1)", true), ("Green.Spawn(() => Answer())", true), ("Task.Delay(1)", false)],
            warnings);
    }

    [Fact]
    public async Task An_unawaited_spawn_in_top_level_statements_is_not_reported()
    {
        var warnings = await NotAwaitedWarnings(OutputKind.ConsoleApplication, """
            using GreenRuntime;

            Green.Spawn(Jobs.Work, 1);
            System.Threading.Tasks.Task.Delay(1);

            public static partial class Jobs
            {
                [Greenlet]
                public static void Work(int n) => System.Threading.Thread.Sleep(n);
            }
            """);

        Assert.Equal([("Green.Spawn(Jobs.Work, 1)", true), ("System.Threading.Tasks.Task.Delay(1)", false)], warnings);
    }

    /// <summary>Every CS4014 of a build with the generators and the suppressor: the call's text, and whether it was suppressed.</summary>
    private static async Task<List<(string Call, bool Suppressed)>> NotAwaitedWarnings(OutputKind kind, string source)
    {
        var compilation = CreateCompilation("Suppressed", [], [source]).WithOptions(
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            DiagnosticVerifier.Generators.Select(GeneratorExtensions.AsSourceGenerator), parseOptions: DiagnosticVerifier.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false,
            logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
        var diagnostics = await output
            .WithAnalyzers([.. DiagnosticVerifier.Analyzers, new SpawnedGreenletSuppressor()], options)
            .GetAllDiagnosticsAsync();

        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        return [.. diagnostics
            .Where(d => d.Id == "CS4014")
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => (d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan), d.IsSuppressed))];
    }
}
