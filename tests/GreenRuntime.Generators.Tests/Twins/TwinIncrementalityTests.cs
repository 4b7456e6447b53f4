using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GreenRuntime.Generators.Tests.Twins;

/// <summary>The twin pipeline caches: models are value-equatable and hold no compilation objects.</summary>
public class TwinIncrementalityTests
{
    private static readonly string[] s_trackingNames = [TrackingNames.GreenletMethods, TrackingNames.Twins];

    private const string Source = """
        using System.Threading;
        using GreenRuntime;

        namespace Demo;

        public static partial class Worker
        {
            [Greenlet]
            public static int Work(int n)
            {
                Thread.Sleep(n);
                return Helper(n) + 1;
            }

            [Greenlet]
            private static int Helper(int n) => n * 2;
        }

        public partial class Holder<T>
        {
            [Greenlet]
            public T Hold(T value, ref int calls) { calls++; return value; }
        }
        """;

    [Fact]
    public void Second_run_over_an_unchanged_compilation_is_fully_cached()
    {
        var run = GeneratorRunner.AssertIncremental(new TwinGenerator(), TestCompilation.Create(Source), s_trackingNames);
        Assert.Equal(3, run.Result.GeneratedSources.Length);
    }

    [Fact]
    public void Unrelated_edit_leaves_twins_unchanged()
    {
        var compilation = TestCompilation.Create(Source);
        var first = GeneratorRunner.RunOnce(new TwinGenerator(), compilation);

        var unrelated = CSharpSyntaxTree.ParseText("namespace Demo; internal static class Unrelated { public const int X = 1; }", TestCompilation.ParseOptions, path: "/src/Unrelated.cs");
        var second = GeneratorRunner.RunAgain(first.Driver, compilation.AddSyntaxTrees(unrelated));

        var outputs = second.Result.TrackedSteps[TrackingNames.Twins].SelectMany(step => step.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.True(
            output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void Editing_a_body_regenerates_only_its_twin()
    {
        var compilation = TestCompilation.Create(Source, "using GreenRuntime; public static partial class Other { [Greenlet] public static void Idle() { Green.Sleep(0); } }");
        var first = GeneratorRunner.RunOnce(new TwinGenerator(), compilation);

        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            "using GreenRuntime; public static partial class Other { [Greenlet] public static void Idle() { Green.Sleep(1); } }"));
        var second = GeneratorRunner.RunAgain(first.Driver, compilation.ReplaceSyntaxTree(oldTree, newTree));

        var reasons = second.Result.TrackedSteps[TrackingNames.Twins].SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Equal(3, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains("Green.Sleep(default(global::GreenRuntime.CompilerServices.GreenSuspend), 1)", second.Source("Other.Idle.g.cs"));
    }

    private const string OtherFile = """
        using GreenRuntime;

        namespace Demo;

        public static partial class Other
        {
            [Greenlet] public static void Idle() { Green.Sleep(0); }

            public static int Plain(int n) => System.Math.Abs(n) + 1;
        }
        """;

    [Fact]
    public void Editing_an_ordinary_method_body_next_to_greenlets_leaves_every_twin_cached()
    {
        var compilation = TestCompilation.Create(Source, OtherFile);
        var first = GeneratorRunner.RunOnce(new TwinGenerator(), compilation);

        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            OtherFile.Replace("System.Math.Abs(n) + 1", "System.Math.Abs(n) + 2", StringComparison.Ordinal)));
        var second = GeneratorRunner.RunAgain(first.Driver, compilation.ReplaceSyntaxTree(oldTree, newTree));

        AssertNothingModified(second, expectedOutputs: 4);
        Assert.Equal(
            first.Result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            second.Result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Fact]
    public void A_new_call_from_ordinary_code_leaves_every_twin_cached()
    {
        var compilation = TestCompilation.Create(Source, OtherFile);
        var first = GeneratorRunner.RunOnce(new TwinGenerator(), compilation);

        var caller = CSharpSyntaxTree.ParseText(
            "namespace Demo; public static class Caller { public static void Main() { Worker.Work(1); Other.Idle(); } }",
            TestCompilation.ParseOptions, path: "/src/Caller.cs");
        var second = GeneratorRunner.RunAgain(first.Driver, compilation.AddSyntaxTrees(caller));

        AssertNothingModified(second, expectedOutputs: 4);
    }

    /// <summary>Every twin's steps re-ran at most to find the same model (Unchanged) or did not run (Cached).</summary>
    private static void AssertNothingModified(GeneratorRunner.Run run, int expectedOutputs)
    {
        foreach (var name in s_trackingNames)
        {
            var outputs = run.Result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.Equal(expectedOutputs, outputs.Count);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}"));
        }
    }
}
