using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GreenRuntime.Generators.Tests.TestHelpers;

/// <summary>Runs an incremental generator over an in-memory compilation.</summary>
internal static class GeneratorRunner
{
    /// <summary>The result of one run: the driver (to run again), the output compilation and the generated files.</summary>
    public sealed record Run(GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics)
    {
        public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();

        /// <summary>The generated file whose hint name ends with <paramref name="suffix"/>.</summary>
        public string Source(string suffix) =>
            Result.GeneratedSources.Single(s => s.HintName.EndsWith(suffix, StringComparison.Ordinal)).SourceText.ToString();
    }

    /// <summary>Runs <paramref name="generator"/> once over <paramref name="compilation"/>, tracking steps.</summary>
    public static Run RunOnce(IIncrementalGenerator generator, Compilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [generator.AsSourceGenerator()],
            parseOptions: TestCompilation.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        return RunAgain(driver, compilation);
    }

    /// <summary>Runs an existing driver over <paramref name="compilation"/>.</summary>
    public static Run RunAgain(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new Run(driver, output, diagnostics);
    }

    /// <summary>
    /// Runs the generator twice over the same compilation (the second time over a clone, as an IDE would after an
    /// unrelated edit), asserts that both runs produce the same files, that every tracked step of the second run
    /// was cached, and that no step output holds a symbol, syntax node, location or compilation.
    /// </summary>
    /// <remarks>The approach of NetEscapades.EnumGenerators' TestHelpers.</remarks>
    public static Run AssertIncremental(IIncrementalGenerator generator, Compilation compilation, IReadOnlyCollection<string> trackingNames)
    {
        var first = RunOnce(generator, compilation);
        var second = RunAgain(first.Driver, compilation.Clone());

        var firstResult = first.Driver.GetRunResult().Results.Single();
        var secondResult = second.Driver.GetRunResult().Results.Single();
        Assert.Equal(
            firstResult.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            secondResult.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));

        var firstSteps = TrackedSteps(firstResult, trackingNames);
        var secondSteps = TrackedSteps(secondResult, trackingNames);
        Assert.NotEmpty(firstSteps);
        Assert.Equal(firstSteps.Keys.OrderBy(k => k), secondSteps.Keys.OrderBy(k => k));

        foreach (var (name, steps) in secondSteps)
        {
            Assert.Equal(firstSteps[name].Length, steps.Length);
            for (int i = 0; i < steps.Length; i++)
            {
                var firstOutputs = firstSteps[name][i].Outputs.Select(o => o.Value);
                var secondOutputs = steps[i].Outputs.Select(o => o.Value);
                Assert.Equal(firstOutputs, secondOutputs);
                foreach (var (_, reason) in steps[i].Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} ran with reason {reason}");
            }
        }

        foreach (var (name, steps) in firstSteps)
        {
            foreach (var step in steps)
            {
                foreach (var (value, _) in step.Outputs)
                    AssertHoldsNoCompilationObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
        return second;
    }

    private static Dictionary<string, ImmutableArray<IncrementalGeneratorRunStep>> TrackedSteps(
        GeneratorRunResult result, IReadOnlyCollection<string> trackingNames) =>
        result.TrackedSteps.Where(step => trackingNames.Contains(step.Key)).ToDictionary(step => step.Key, step => step.Value);

    private static void AssertHoldsNoCompilationObjects(object? value, string step, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
            return;
        Assert.False(value is Compilation or ISymbol or SyntaxNode or Location or SemanticModel or SyntaxTree,
            $"step {step} outputs a {value.GetType().Name}; pipeline outputs must be value-equatable models");
        if (!visited.Add(value))
            return;
        var type = value.GetType();
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items)
                AssertHoldsNoCompilationObjects(item, step, visited);
            return;
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertHoldsNoCompilationObjects(field.GetValue(value), step, visited);
    }
}
