using System.Text.RegularExpressions;
using GreenRuntime.Generators.Tests.TestHelpers;

namespace GreenRuntime.Generators.Tests.CallSites;

/// <summary>
/// Lambdas with suspension points passed from ordinary code to Green.Spawn and its kind (docs/internals.md, "Green
/// lambdas in ordinary code"): their bodies become generated green functions, rewritten as twins are, which the call's
/// interceptor spawns through the API's marker overload.
/// </summary>
public class GreenLambdaGeneratorTests
{
    private const string Marker = "default(global::GreenRuntime.CompilerServices.GreenSuspend)";

    [Fact]
    public void Lambda_without_captures_in_a_type_that_is_not_partial_becomes_a_function_of_its_namespace()
    {
        var run = Generate("""
            using System.Threading;
            using GreenRuntime;
            namespace Demo;

            public static class Program
            {
                public static int Main()
                {
                    var first = Green.Spawn(() => { Thread.Sleep(300); });
                    var sum = Green.Spawn(() => { int a = Napper.Nap(150); int b = Napper.Nap(150); return a + b; });
                    first.Join();
                    return sum.Get();
                }
            }

            public static partial class Napper
            {
                [Greenlet] public static int Nap(int ms) { Thread.Sleep(ms); return ms; }
            }
            """);
        Assert.Equal(2, run.Functions.Count);
        var function = run.Functions.Values.Single(f => f.Contains("GreenTask __GreenLambda_Main_", StringComparison.Ordinal));
        Assert.Contains("namespace Demo", function);
        Assert.Contains("internal static partial class __GreenLambdas", function);
        Assert.Contains("internal static async global::GreenRuntime.CompilerServices.GreenTask __GreenLambda_Main_", function);
        Assert.Contains($"{{ await global::GreenRuntime.Monkey.TimePatches.Sleep({Marker}, 300); }}", function);
        Assert.Contains("#line 9 \"/src/Test0.cs\"", function);
        Assert.Contains("internal static async global::GreenRuntime.CompilerServices.GreenTask<int> __GreenLambda_Main_", run.AllFunctions);
        Assert.Contains($"int a = await Napper.Nap__GreenTwin({Marker}, 150); int b = await Napper.Nap__GreenTwin({Marker}, 150); return a + b;", run.AllFunctions);
        Assert.Matches(@"=> global::GreenRuntime\.Green\.Spawn\(" + Regex.Escape(Marker) + @", static \(\) => global::Demo\.__GreenLambdas\.__GreenLambda_Main_[0-9a-f]{8}\(\)\);", run.Interceptors);
    }

    [Fact]
    public void Lambda_using_private_members_and_this_of_a_partial_type_becomes_its_instance_method()
    {
        var run = Generate("""
            using System.Threading;
            using GreenRuntime;
            namespace Demo;

            public partial class Worker
            {
                private int _done;
                private static void Note() { }

                public Greenlet Start() => Green.Spawn(() =>
                {
                    Note();
                    Thread.Sleep(1);
                    _done++;
                });
            }
            """);
        var function = Assert.Single(run.Functions.Values);
        Assert.Contains("partial class Worker", function);
        Assert.Contains("internal async global::GreenRuntime.CompilerServices.GreenTask __GreenLambda_Start_", function);
        Assert.Contains("#line 11 \"/src/Test0.cs\"", function);
        Assert.Contains($"await global::GreenRuntime.Monkey.TimePatches.Sleep({Marker}, 1);", function);
        // The lambda captures only 'this', so its delegate's target is the Worker: the function is called on it.
        Assert.Matches(
            @"=> fn\.Target is global::Demo\.Worker __target0 \? global::GreenRuntime\.Green\.Spawn\(" + Regex.Escape(Marker)
            + @", \(\) => __target0\.__GreenLambda_Start_[0-9a-f]{8}\(\)\) : global::GreenRuntime\.Green\.Spawn\(fn\);",
            run.Interceptors);
    }

    [Fact]
    public void Green_function_and_interceptor_of_a_lambda_are_pinned_in_golden_files()
    {
        var run = Generate("""
            using System;
            using System.Threading;
            using GreenRuntime;

            namespace Demo;

            public partial class Ticker
            {
                private int _ticks;

                public Greenlet<int> Start(TimeSpan delay) => Green.SpawnLater(delay, (int times) =>
                {
                    for (int i = 0; i < times; i++)
                    {
                        // Each tick suspends the greenlet, not the hub.
                        Thread.Sleep(10);
                        _ticks++;
                    }
                    return _ticks;
                }, 3);
            }
            """);
        Golden.AssertMatches(Assert.Single(run.Functions.Values), "GreenLambdas/Demo.Ticker.Start.g.cs");
        Golden.AssertMatches(run.Interceptors, "GreenLambdas/Demo.Ticker.Start.Interceptors.g.cs");
    }

    [Fact]
    public void Lambda_parameters_and_expression_bodies_carry_over_to_the_function()
    {
        var run = Generate("""
            using System;
            using System.Threading;
            using GreenRuntime;

            Green.SpawnLater(TimeSpan.FromMilliseconds(1), (string s) => Thread.Sleep(s.Length), "abc").Join();
            int n = Green.Spawn((a, b) => Napper.Nap(a) + Napper.Nap(b), 1, 2).Get();
            Green.WithTimeout(TimeSpan.FromSeconds(1), () => { Thread.Sleep(1); return 1; }, -1);

            public static partial class Napper
            {
                [Greenlet] public static int Nap(int ms) { Thread.Sleep(ms); return ms; }
            }
            """);
        Assert.Equal(3, run.Functions.Count);
        // Top-level statements: the functions go to the (partial) Program class.
        Assert.All(run.Functions.Values, f => Assert.Contains("partial class Program", f));
        Assert.Matches(@"internal static async global::GreenRuntime\.CompilerServices\.GreenTask __GreenLambda_Main_[0-9a-f]{8}\(string s\)\n#line 5 ""/src/Test0.cs""", run.AllFunctions);
        Assert.Contains($"=> await global::GreenRuntime.Monkey.TimePatches.Sleep({Marker}, s.Length);", run.AllFunctions);
        Assert.Contains($"=> (await Napper.Nap__GreenTwin({Marker}, a)) + (await Napper.Nap__GreenTwin({Marker}, b));", run.AllFunctions);
        Assert.Contains("GreenTask<int> __GreenLambda_Main_", run.AllFunctions);
        Assert.Matches(@"global::GreenRuntime\.Green\.SpawnLater<string>\(" + Regex.Escape(Marker) + @", delay, static \(string __a0\) => global::Program\.__GreenLambda_Main_[0-9a-f]{8}\(__a0\), arg1\)", run.Interceptors);
        Assert.Matches(@"global::GreenRuntime\.CompilerServices\.GreenCall\.Run\(global::GreenRuntime\.Green\.WithTimeout<int>\(" + Regex.Escape(Marker) + @", after, static \(\) => global::Program\.__GreenLambda_Main_", run.Interceptors);
    }

    [Fact]
    public void A_lock_or_a_lambda_around_the_call_is_no_barrier_to_the_lambdas_body()
    {
        // The lambda runs later, as a greenlet: not inside the lock, nor inside the lambda it was written in.
        var run = Generate("""
            using System;
            using System.Threading;
            using GreenRuntime;
            namespace Demo;

            public static class Program
            {
                private static readonly object s_gate = new();

                public static void Main()
                {
                    lock (s_gate)
                    {
                        Green.Spawn(() => Thread.Sleep(1));
                    }
                    Action later = () => Green.Spawn(() => Thread.Sleep(2));
                    later();
                }
            }
            """);
        Assert.Equal(2, run.Functions.Count);
        Assert.Contains($"=> await global::GreenRuntime.Monkey.TimePatches.Sleep({Marker}, 1);", run.AllFunctions);
        Assert.Contains($"=> await global::GreenRuntime.Monkey.TimePatches.Sleep({Marker}, 2);", run.AllFunctions);
    }

    [Fact]
    public void Anonymous_methods_and_discards_get_parameters_of_their_own()
    {
        var run = Generate("""
            using System;
            using System.Threading;
            using GreenRuntime;
            namespace Demo;

            public static class Program
            {
                public static void Main()
                {
                    Green.Spawn(delegate { Thread.Sleep(1); }, 5).Join();
                    Green.Spawn(delegate (int ms) { Thread.Sleep(ms); }, 5).Join();
                    Green.Spawn((_, _) => { Thread.Sleep(1); }, 1, "x").Join();
                }
            }
            """);
        Assert.Equal(3, run.Functions.Count);
        Assert.Contains("GreenTask __GreenLambda_Main_", run.AllFunctions);
        Assert.Matches(@"__GreenLambda_Main_[0-9a-f]{8}\(int __p0\)", run.AllFunctions);
        Assert.Matches(@"__GreenLambda_Main_[0-9a-f]{8}\(int ms\)", run.AllFunctions);
        Assert.Matches(@"__GreenLambda_Main_[0-9a-f]{8}\(int __p0, string __p1\)", run.AllFunctions);
    }

    [Fact]
    public void Lambdas_without_suspension_points_with_captures_or_as_whole_greenlet_calls_are_left_alone()
    {
        var run = Generate("""
            using System.Threading;
            using GreenRuntime;
            namespace Demo;

            public static class Program
            {
                public static void Main(int ms)
                {
                    int count = 0;
                    Green.Spawn(() => { count++; });                  // nothing suspends
                    Green.Spawn(() => { Thread.Sleep(ms); });         // captures a parameter: GRN0024
                    Green.Spawn(() => Napper.Nap(1));                 // the greenlet takes Nap's twin over
                    Green.Spawn(() => { Green.Spawn(() => Thread.Sleep(1)); });  // only the inner one
                }
            }

            public static partial class Napper
            {
                [Greenlet] public static int Nap(int ms) { Thread.Sleep(ms); return ms; }
            }
            """);
        Assert.Single(run.Functions);
        Assert.Contains($"=> await global::GreenRuntime.Monkey.TimePatches.Sleep({Marker}, 1);", run.AllFunctions);
        // Only the inner Spawn is intercepted; Nap is, as the lambda's whole body.
        Assert.Single(Regex.Matches(run.Interceptors, "public static global::GreenRuntime.Greenlet Spawn_"));
        Assert.Contains("GreenCall.RunAsLambdaBody(global::Demo.Napper.Nap__GreenTwin(", run.Interceptors);
    }

    [Fact]
    public void A_lambda_whose_only_suspension_point_is_a_green_foreach_becomes_a_green_function()
    {
        var run = Generate("""
            using System.Collections.Generic;
            using System.Diagnostics.CodeAnalysis;
            using GreenRuntime;
            namespace Demo;

            public static class Program
            {
                public static readonly Feed Numbers = new();
                public static int Sum;

                public static void Main() => Green.Spawn(() => { foreach (var n in Program.Numbers) Program.Sum += n; }).Join();
            }

            public sealed class Feed : GreenEnumerable<int>
            {
                public readonly Queue<int> Items = new();

                public override GreenEnumerator<int> GetEnumerator() => new Enumerator(this);

                private sealed class Enumerator(Feed feed) : GreenEnumerator<int>
                {
                    protected override bool TryTakeNext([MaybeNullWhen(false)] out int item) => feed.Items.TryDequeue(out item);

                    protected override bool IsFinished => feed.Items.Count == 0;
                }
            }
            """);
        var function = Assert.Single(run.Functions.Values);
        Assert.Contains($"while (await __enumerator1.MoveNext({Marker}))", function);
        Assert.Matches(@"=> global::GreenRuntime\.Green\.Spawn\(" + Regex.Escape(Marker) + @", static \(\) => global::Demo\.__GreenLambdas\.__GreenLambda_Main_[0-9a-f]{8}\(\)\);", run.Interceptors);
    }

    [Theory]
    [InlineData("Thread.Sleep(Undefined);", "CS0103")]
    [InlineData("int n = \"text\"; Thread.Sleep(n);", "CS0029")]
    [InlineData("Thread.Sleep(300)", "CS1002")]
    public void Lambda_that_does_not_compile_gets_no_green_function_and_its_error_is_reported_once(string body, string error)
    {
        var result = InterceptorRun.Run(InterceptorRun.Compilation($$"""
            using System.Threading;
            using GreenRuntime;
            namespace Demo;

            public static class Program
            {
                public static void Main() => Green.Spawn(() => { {{body}} }).Join();
            }
            """));
        Assert.DoesNotContain(result.Output.SyntaxTrees, t => t.FilePath.Contains("__GreenLambda_", StringComparison.Ordinal));
        var errors = result.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.Contains(error, errors.Select(e => e.Id));
        Assert.All(errors, e => Assert.Equal("/src/Test0.cs", e.Location.SourceTree?.FilePath));
    }

    private static GeneratedRun Generate(string source)
    {
        var compilation = InterceptorRun.Compilation(source);
        // Top-level statements need an executable.
        if (source.Contains("\nGreen.", StringComparison.Ordinal))
            compilation = compilation.WithOptions(compilation.Options.WithOutputKind(Microsoft.CodeAnalysis.OutputKind.ConsoleApplication));
        var result = InterceptorRun.Run(compilation);
        Assert.Empty(result.GeneratorDiagnostics);
        TestCompilation.AssertNoDiagnostics(result.Output);
        var functions = result.Output.SyntaxTrees
            .Where(t => t.FilePath.Contains("__GreenLambda_", StringComparison.Ordinal))
            .ToDictionary(t => Path.GetFileName(t.FilePath), t => t.ToString());
        return new GeneratedRun(result.Interceptors ?? string.Empty, functions);
    }

    private sealed record GeneratedRun(string Interceptors, Dictionary<string, string> Functions)
    {
        public string AllFunctions => string.Join("\n", Functions.Values);

        public string Single(string hintPart) => Functions.Single(f => f.Key.Contains(hintPart, StringComparison.Ordinal)).Value;
    }
}
