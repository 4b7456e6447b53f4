using GreenRuntime.Generators.CallSites;
using GreenRuntime.Generators.Tests.TestHelpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace GreenRuntime.Generators.Tests.CallSites;

/// <summary>The interceptor pipeline caches: models are value-equatable and hold no compilation objects.</summary>
/// <remarks>Only the generator runs here (the output is not compiled), so interceptors need not be enabled.</remarks>
public class InterceptorIncrementalityTests
{
    private static readonly string[] s_trackingNames =
        [TrackingNames.Invocations, TrackingNames.InterceptedCalls, TrackingNames.AllInterceptedCalls, TrackingNames.GreenLambdas];

    private const string Greenlets = """
        using GreenRuntime;
        namespace Demo;

        public partial class Worker
        {
            [Greenlet] public static int Work(int n) { Green.Sleep(n); return n; }
            [Greenlet] public T Echo<T>(T value) { Green.Sleep(0); return value; }
        }
        """;

    private const string Callers = """
        using System;
        using GreenRuntime;
        namespace Demo;

        public static class Callers
        {
            public static void Main()
            {
                Worker.Work(1);
                Green.Spawn(Worker.Work, 2);
                Green.Spawn(() => Worker.Work(3));
                Green.Spawn(() => { Worker.Work(4); });
                new Worker().Echo("x");
                Console.WriteLine("not intercepted");
            }

            public static T Generic<T>(Worker worker, T value) => worker.Echo(value);
        }
        """;

    [Fact]
    public void Second_run_over_an_unchanged_compilation_is_fully_cached()
    {
        var run = GeneratorRunner.AssertIncremental(new InterceptorGenerator(), TestCompilation.Create(Greenlets, Callers), s_trackingNames);
        var file = run.Source(InterceptorEmitter.HintName);
        // Work(4) in the green lambda's body is a direct call of its own.
        Assert.Equal(7, file.Split('\n').Count(l => l.Contains("[global::System.Runtime.CompilerServices.InterceptsLocation(", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unrelated_edit_leaves_the_intercepted_calls_unchanged()
    {
        var compilation = TestCompilation.Create(Greenlets, Callers);
        var first = GeneratorRunner.RunOnce(new InterceptorGenerator(), compilation);

        var unrelated = CSharpSyntaxTree.ParseText(
            "namespace Demo; internal static class Unrelated { public static int X() => 1 + System.Math.Abs(-1); }",
            TestCompilation.ParseOptions, path: "/src/Unrelated.cs");
        var second = GeneratorRunner.RunAgain(first.Driver, compilation.AddSyntaxTrees(unrelated));

        foreach (var name in new[] { TrackingNames.InterceptedCalls, TrackingNames.AllInterceptedCalls, TrackingNames.GreenLambdas })
        {
            var outputs = second.Result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}"));
        }
        Assert.Equal(first.Source(InterceptorEmitter.HintName), second.Source(InterceptorEmitter.HintName));
    }

    [Fact]
    public void New_call_site_regenerates_the_file_with_its_location()
    {
        var compilation = TestCompilation.Create(Greenlets, Callers);
        var first = GeneratorRunner.RunOnce(new InterceptorGenerator(), compilation);

        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = oldTree.WithChangedText(SourceText.From(Callers.Replace(
            "Console.WriteLine(\"not intercepted\");", "Worker.Work(4);", StringComparison.Ordinal)));
        var second = GeneratorRunner.RunAgain(first.Driver, compilation.ReplaceSyntaxTree(oldTree, newTree));

        var reasons = second.Result.TrackedSteps[TrackingNames.AllInterceptedCalls].SelectMany(step => step.Outputs).Select(o => o.Reason);
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        var file = second.Source(InterceptorEmitter.HintName);
        Assert.Equal(8, file.Split('\n').Count(l => l.Contains("[global::System.Runtime.CompilerServices.InterceptsLocation(", StringComparison.Ordinal)));
    }

    [Fact]
    public void Editing_a_greenlet_body_leaves_the_intercepted_calls_unchanged()
    {
        var compilation = TestCompilation.Create(Greenlets, Callers);
        var first = GeneratorRunner.RunOnce(new InterceptorGenerator(), compilation);

        var oldTree = compilation.SyntaxTrees.First();
        var newTree = oldTree.WithChangedText(SourceText.From(Greenlets.Replace(
            "Green.Sleep(n); return n;", "Green.Sleep(n + 1); return n;", StringComparison.Ordinal)));
        var second = GeneratorRunner.RunAgain(first.Driver, compilation.ReplaceSyntaxTree(oldTree, newTree));

        AssertNothingModified(second);
        Assert.Equal(first.Source(InterceptorEmitter.HintName), second.Source(InterceptorEmitter.HintName));
    }

    [Fact]
    public void Editing_an_ordinary_method_of_another_file_leaves_the_intercepted_calls_unchanged()
    {
        const string Ordinary = "namespace Demo; internal static class Plain { public static int X(int n) => System.Math.Abs(n) + n.GetHashCode(); }";
        var compilation = TestCompilation.Create(Greenlets, Callers, Ordinary);
        var first = GeneratorRunner.RunOnce(new InterceptorGenerator(), compilation);

        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = oldTree.WithChangedText(SourceText.From(Ordinary.Replace("System.Math.Abs(n)", "System.Math.Max(n, 0)", StringComparison.Ordinal)));
        var second = GeneratorRunner.RunAgain(first.Driver, compilation.ReplaceSyntaxTree(oldTree, newTree));

        AssertNothingModified(second);
        Assert.Equal(first.Source(InterceptorEmitter.HintName), second.Source(InterceptorEmitter.HintName));
    }

    [Fact]
    public void A_call_site_in_a_new_file_adds_its_call_and_leaves_the_others_cached()
    {
        var compilation = TestCompilation.Create(Greenlets, Callers);
        var first = GeneratorRunner.RunOnce(new InterceptorGenerator(), compilation);

        var caller = CSharpSyntaxTree.ParseText(
            "namespace Demo; internal static class NewCaller { public static int Call() => Worker.Work(5); }",
            TestCompilation.ParseOptions, path: "/src/NewCaller.cs");
        var second = GeneratorRunner.RunAgain(first.Driver, compilation.AddSyntaxTrees(caller));

        var reasons = second.Result.TrackedSteps[TrackingNames.InterceptedCalls].SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.New));
        Assert.Equal(reasons.Count - 1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains(second.Result.TrackedSteps[TrackingNames.AllInterceptedCalls].SelectMany(step => step.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("NewCaller.cs", second.Source(InterceptorEmitter.HintName), StringComparison.Ordinal);
    }

    /// <summary>Every intercepted call re-ran at most to find the same model (Unchanged) or did not run (Cached).</summary>
    private static void AssertNothingModified(GeneratorRunner.Run run)
    {
        foreach (var name in new[] { TrackingNames.InterceptedCalls, TrackingNames.AllInterceptedCalls, TrackingNames.GreenLambdas })
        {
            var outputs = run.Result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}"));
        }
    }
}
