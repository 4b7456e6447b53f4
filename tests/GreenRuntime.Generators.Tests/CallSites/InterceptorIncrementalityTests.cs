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
}
