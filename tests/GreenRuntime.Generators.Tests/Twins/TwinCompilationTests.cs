using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;
using static GreenRuntime.Generators.Tests.TestHelpers.TestSources;

namespace GreenRuntime.Generators.Tests.Twins;

/// <summary>
/// The generated code compiles with no diagnostic for every kind of [Greenlet] method, including the ones that get
/// no twin or a stub: the user must only ever see the analyzer's GRN diagnostics, never a CS error in generated code.
/// </summary>
public class TwinCompilationTests
{
    private const string Marker = "default(global::GreenRuntime.CompilerServices.GreenSuspend)";

    [Fact]
    public void Suspension_points_in_lock_lambda_local_function_filter_and_query_are_left_alone()
    {
        var twin = GenerateSingle("""
            using System;
            using System.Linq;
            using System.Threading;
            using GreenRuntime;

            public static partial class Barriers
            {
                [Greenlet]
                public static bool Check() { Green.Sleep(0); return true; }

                [Greenlet]
                public static int Run(object gate, int[] items)
                {
                    lock (gate)
                    {
                        Thread.Sleep(1);
                    }
                    Action lambda = () => Thread.Sleep(2);
                    Action method = delegate { Thread.Sleep(3); };
                    void Local() => Thread.Sleep(4);
                    try
                    {
                        lambda(); method(); Local();
                    }
                    catch (InvalidOperationException) when (Check())
                    {
                    }
                    var query = from i in items where Check() select i;
                    return query.Count();
                }
            }
            """, "Barriers.Run.g.cs");
        Assert.DoesNotContain("await", twin);
        Assert.DoesNotContain("async (", twin);
    }

    [Fact]
    public void Lambdas_run_on_another_thread_are_left_as_written()
    {
        var twin = GenerateSingle("""
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Offloads
            {
                [Greenlet]
                public static void Run()
                {
                    Green.Offload(() => Thread.Sleep(100));
                    _ = Task.Run(() => Thread.Sleep(101));
                    new Thread(() => { Thread.Sleep(102); }).Start();
                    Parallel.For(0, 2, i => Thread.Sleep(i));
                }
            }
            """, "Offloads.Run.g.cs");
        // Offload itself suspends the greenlet; the work it hands to the thread pool blocks there, as written.
        Assert.Contains($"await Green.Offload({Marker}, () => Thread.Sleep(100));", twin);
        Assert.Contains("Task.Run(() => Thread.Sleep(101))", twin);
        Assert.Contains("new Thread(() => { Thread.Sleep(102); }).Start();", twin);
        Assert.Contains("Parallel.For(0, 2, i => Thread.Sleep(i));", twin);
        Assert.DoesNotContain("TimePatches", twin);
    }

    [Fact]
    public void Ref_struct_local_live_across_a_suspension_point_keeps_that_call_as_it_is()
    {
        var twin = GenerateSingle("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Spans
            {
                [Greenlet]
                public static int Run(int[] data)
                {
                    Span<int> live = data.AsSpan();
                    Thread.Sleep(1);
                    live[0] = 1;

                    Span<int> dead = data.AsSpan();
                    dead[1] = 2;
                    Thread.Sleep(2);

                    foreach (var item in data.AsSpan())
                        Thread.Sleep(3);
                    return data[0];
                }
            }
            """, "Spans.Run.g.cs");
        Assert.Contains("Thread.Sleep(1);", twin);
        Assert.Contains($"await global::GreenRuntime.Monkey.TimePatches.Sleep({Marker}, 2);", twin);
        Assert.Contains("Thread.Sleep(3);", twin);
    }

    [Fact]
    public void Ref_struct_temporaries_held_across_a_suspension_point_keep_that_call_as_it_is()
    {
        var twin = GenerateSingle("""
            using System;
            using GreenRuntime;

            public static partial class Temporaries
            {
                [Greenlet] public static int Fetch() { Green.Sleep(0); return 1; }

                [Greenlet]
                public static int Run(int[] data)
                {
                    int index = data.AsSpan().IndexOf(Fetch());
                    return index + Fetch();
                }
            }
            """, "Temporaries.Run.g.cs");
        Assert.Contains("int index = data.AsSpan().IndexOf(Fetch());", twin);
        Assert.Contains($"return index + (await Fetch__GreenTwin({Marker}));", twin);
    }

    [Fact]
    public void Methods_that_cannot_have_a_twin_get_a_stub_or_nothing()
    {
        var run = Generate("""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static unsafe partial class Stubs
            {
                [Greenlet] public static void Out(out int value) { Green.Sleep(0); value = 1; }
                [Greenlet] public static int In(in int value) { Green.Sleep(0); return value; }
                [Greenlet] public static ref int RefReturn(int[] values) { Green.Sleep(0); return ref values[0]; }
                [Greenlet] public static void Pointer(int* p) { Green.Sleep(0); *p = 1; }
                [Greenlet] public static int Span(Span<int> span) { Green.Sleep(0); return span.Length; }
            }

            public static partial class Nothing
            {
                [Greenlet] public static async Task Async() { await Task.Yield(); }
                [Greenlet] public static IEnumerable<int> Iterator() { Green.Sleep(0); yield return 1; }
                [Greenlet] public static Span<int> SpanReturn(int[] values) { Green.Sleep(0); return values; }
            }

            public static class NotPartial
            {
                [Greenlet] public static void M() { Green.Sleep(0); }
            }

            public abstract partial class Abstract
            {
                [Greenlet] public abstract void M();
            }
            """);
        var hintNames = run.Result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n).ToList();
        Assert.Equal(["Stubs.In.g.cs", "Stubs.Out.g.cs", "Stubs.Pointer.g.cs", "Stubs.RefReturn.g.cs", "Stubs.Span.g.cs"], hintNames);
        Assert.Contains("public static unsafe global::GreenRuntime.CompilerServices.GreenTask Pointer__GreenTwin(", run.Source("Stubs.Pointer.g.cs"));
        Assert.Contains("GreenTask<int> RefReturn__GreenTwin(", run.Source("Stubs.RefReturn.g.cs"));
    }

    [Fact]
    public void Calls_of_methods_without_twin_are_not_rewritten()
    {
        var twin = GenerateSingle("""
            using GreenRuntime;

            public static partial class Caller
            {
                [Greenlet] public static void Stubbed(ref int x) { x++; }
                [Greenlet] public static void Run() { int x = 0; Stubbed(ref x); Helper.NotPartial(); }
            }

            public static class Helper
            {
                [Greenlet] public static void NotPartial() { }
            }
            """, "Caller.Run.g.cs");
        Assert.DoesNotContain("await", twin);
    }

    [Fact]
    public void Extension_methods_get_extension_twins_called_in_both_forms()
    {
        var run = Generate("""
            using GreenRuntime;

            namespace Demo;

            public static partial class Extensions
            {
                [Greenlet]
                public static int Doubled(this int value) { Green.Sleep(0); return value * 2; }

                [Greenlet]
                public static int Use(int n) => n.Doubled() + Extensions.Doubled(n);
            }
            """);
        Assert.Contains("Doubled__GreenTwin(this int value, global::GreenRuntime.CompilerServices.GreenSuspend __suspend)", run.Source("Extensions.Doubled.g.cs"));
        Assert.Contains($"(await n.Doubled__GreenTwin({Marker})) + (await Extensions.Doubled__GreenTwin(n, {Marker}))", run.Source("Extensions.Use.g.cs"));
    }

    [Fact]
    public void Inferred_types_a_rewrite_writes_keep_their_nullable_annotations()
    {
        // The body is first bound without the nullable analysis (issue 9's generator cost); a lowered '?.' writes its
        // receiver's type into the twin, which the second rewrite through the nullable model keeps annotated.
        var run = Generate("""
            using System.IO;
            using GreenRuntime;

            namespace Demo;

            public static partial class Lines
            {
                [Greenlet]
                public static string? First(StreamReader? reader) => reader?.ReadLine();
            }
            """);
        string twin = run.Source("Lines.First.g.cs");
        Assert.Contains("(reader is { } __receiver1 ? (string?)((await ", twin);
        Assert.Contains(" : default(string?))", twin);
    }

    [Fact]
    public void Type_kinds_namespaces_and_using_directives_are_reproduced()
    {
        var run = Generate("""
            extern alias global2;
            using GreenRuntime;
            using Numbers = System.Collections.Generic.List<int>;
            using static System.Math;

            namespace Outer.Space
            {
                using Ints = System.Collections.Generic.IEnumerable<int>;

                public partial record Person(string Name)
                {
                    [Greenlet] public int Sum(Ints values) { Green.Sleep(0); var list = new Numbers(values); return Max(list.Count, 0); }
                }

                public readonly partial record struct Point(int X, int Y)
                {
                    [Greenlet] public readonly int Length() { Green.Sleep(0); return Abs(X) + Abs(Y); }
                }

                public partial interface IWorker<in TInput>
                {
                    [Greenlet] public int Work(TInput input) { Green.Sleep(0); return input!.GetHashCode(); }
                }

                internal readonly partial struct Reader
                {
                    [Greenlet] public int Read() { Green.Sleep(0); return 1; }
                }

                public partial class WithPrimaryConstructor(int seed)
                {
                    [Greenlet] public int Next() { Green.Sleep(0); return seed + 1; }
                }
            }
            """.Replace("extern alias global2;\n", string.Empty));
        Assert.Contains("partial record Person", run.Source("Person.Sum.g.cs"));
        Assert.Contains("using Ints = System.Collections.Generic.IEnumerable<int>;", run.Source("Person.Sum.g.cs"));
        Assert.Contains("readonly partial record struct Point", run.Source("Point.Length.g.cs"));
        Assert.Contains("partial interface IWorker<in TInput>", run.Source("IWorker_1.Work.g.cs"));
        Assert.Contains("readonly partial struct Reader", run.Source("Reader.Read.g.cs"));
    }

    [Fact]
    public void Parameters_keep_defaults_params_caller_info_and_keyword_names()
    {
        var twin = GenerateSingle("""
            using System;
            using System.Runtime.CompilerServices;
            using GreenRuntime;

            public enum Mode { Fast = 1, Slow = 2 }

            public static partial class Parameters
            {
                [Greenlet]
                public static string Describe(
                    int @class,
                    Mode mode = Mode.Slow,
                    decimal price = 1.5m,
                    char separator = '\n',
                    int? maybe = null,
                    long big = 5,
                    double ratio = 0.25,
                    string? text = "quote\"d",
                    [CallerMemberName] string caller = "",
                    params int[] rest)
                {
                    Green.Sleep(0);
                    return $"{@class}{mode}{price}{separator}{maybe}{big}{ratio}{text}{caller}{rest.Length}";
                }

                [Greenlet]
                public static string Call() => Describe(1) + Describe(2, Mode.Fast, rest: [1, 2]);
            }
            """, "Parameters.Describe.g.cs");
        Assert.Contains("int @class, global::Mode mode = (global::Mode)(2), decimal price = 1.5M, char separator = '\\n', int? maybe = default, long big = 5L, double ratio = 0.25D, string? text = \"quote\\\"d\", [global::System.Runtime.CompilerServices.CallerMemberName] string caller = \"\", params int[] rest", twin);
    }

    [Fact]
    public void Overloads_get_distinct_files()
    {
        var run = Generate("""
            using GreenRuntime;

            public static partial class Overloads
            {
                [Greenlet] public static int Get(int x) { Green.Sleep(0); return x; }
                [Greenlet] public static string Get(string x) { Green.Sleep(0); return x; }
                [Greenlet] public static string Both() => Get("a") + Get(1);
            }
            """);
        Assert.Equal(["Overloads.Both.g.cs", "Overloads.Get.1.g.cs", "Overloads.Get.2.g.cs"], run.Result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n));
    }

    [Fact]
    public void Function_taking_apis_get_green_lambdas_and_blocking_ones_do_not()
    {
        var twin = GenerateSingle("""
            using System;
            using GreenRuntime;

            public static partial class Functions
            {
                [Greenlet] public static int Slow(int x) { Green.Sleep(10); return x; }

                [Greenlet]
                public static int Run()
                {
                    int a = Green.WithTimeout(TimeSpan.FromSeconds(1), () => Slow(1), -1);
                    int b = Green.Offload(() => 2);
                    Action plain = () => { };
                    var c = Green.Spawn(plain);
                    var d = Green.SpawnLater(TimeSpan.Zero, Slow, 4);
                    Func<int> outer = () => Green.Spawn(() => Slow(5)).Get();
                    var e = Green.Spawn(static () => { Green.Sleep(0); return 6; });
                    return a + b + d.Get() + outer() + e.Get();
                }
            }
            """, "Functions.Run.g.cs");
        Assert.Contains($"int a = await Green.WithTimeout({Marker}, TimeSpan.FromSeconds(1), () => Slow__GreenTwin({Marker}, 1), -1);", twin);
        Assert.Contains($"var e = Green.Spawn({Marker}, async static () => {{ await Green.Sleep({Marker}, 0); return 6; }});", twin);
        Assert.Contains($"int b = await Green.Offload({Marker}, () => 2);", twin);
        Assert.Contains("var c = Green.Spawn(plain);", twin);
        Assert.Contains($"var d = Green.SpawnLater({Marker}, TimeSpan.Zero, static (__a1) => Slow__GreenTwin({Marker}, __a1), 4);", twin);
        Assert.Contains("Func<int> outer = () => Green.Spawn(() => Slow(5)).Get();", twin);
    }

    [Fact]
    public void Suspension_point_as_receiver_or_conditional_access()
    {
        var twin = GenerateSingle("""
            using GreenRuntime;

            public partial class Receivers
            {
                [Greenlet] public Receivers Self() { Green.Sleep(0); return this; }
                [Greenlet] public int Value() => 1;

                [Greenlet]
                public string Run(Receivers? other) => Self().Value().ToString() + other?.Value();
            }
            """, "Receivers.Run.g.cs");
        Assert.Contains($"(await (await Self__GreenTwin({Marker})).Value__GreenTwin({Marker})).ToString() + " +
            $"(other is {{ }} __receiver1 ? (int?)((await __receiver1.Value__GreenTwin({Marker}))) : default(int?))", twin);
    }

    [Fact]
    public void Null_conditional_calls_of_patches_and_through_element_bindings_are_lowered()
    {
        var twin = GenerateSingle("""
            using System.Net.Sockets;
            using GreenRuntime;

            public static partial class Conditionals
            {
                [Greenlet]
                public static int Run(Socket? socket, Greenlet[]? greenlets, byte[] data)
                {
                    socket?.Send(data);
                    greenlets?[0].Join();
                    return socket?.Receive(data) ?? -1;
                }
            }
            """, "Conditionals.Run.g.cs");
        Assert.Contains($"if (socket is {{ }} __receiver1) await global::GreenRuntime.Monkey.SocketPatches.Send(__receiver1, {Marker}, data);", twin);
        Assert.Contains($"if (greenlets is {{ }} __receiver2) await __receiver2[0].Join({Marker});", twin);
        Assert.Contains($"return (socket is {{ }} __receiver3 ? (int?)((await global::GreenRuntime.Monkey.SocketPatches.Receive(__receiver3, {Marker}, data))) : default(int?)) ?? -1;", twin);
    }

    [Fact]
    public void Virtual_override_base_calls_and_accessibility()
    {
        var run = Generate("""
            using GreenRuntime;

            public abstract partial class Animal
            {
                [Greenlet] protected virtual string Sound() { Green.Sleep(0); return "..."; }
                [Greenlet] private protected int Legs() => 4;
            }

            public sealed partial class Dog : Animal
            {
                private sealed class Secret { }

                [Greenlet] protected override string Sound() => "woof" + base.Sound();
                [Greenlet] private static int Keep(Secret secret) { Green.Sleep(0); return 1; }
                public override string ToString() => "dog";
            }
            """);
        Assert.Contains("protected internal virtual async", run.Source("Animal.Sound.g.cs"));
        // Nothing to suspend, and not virtual: the twin calls the method.
        Assert.Contains("internal global::GreenRuntime.CompilerServices.GreenTask<int> Legs__GreenTwin(", run.Source("Animal.Legs.g.cs"));
        Assert.Contains("return global::GreenRuntime.CompilerServices.GreenTask.FromResult<int>(this.Legs());", run.Source("Animal.Legs.g.cs"));
        Assert.Contains("protected internal override async", run.Source("Dog.Sound.g.cs"));
        Assert.Contains($"(await base.Sound__GreenTwin({Marker}))", run.Source("Dog.Sound.g.cs"));
        Assert.Contains("private static async", run.Source("Dog.Keep.g.cs"));
    }

    [Fact]
    public void Pragma_restore_in_a_body_does_not_reenable_warnings()
    {
        GenerateSingle("""
            using GreenRuntime;

            public static partial class Pragmas
            {
                [Greenlet]
                public static void Run()
                {
            #pragma warning disable CS0168
                    int unused;
            #pragma warning restore CS0168
                    Green.Sleep(0);
                }
            }
            """, "Pragmas.Run.g.cs");
    }

    [Fact]
    public void Generic_twins_with_unconstrained_nullable_and_struct_instances()
    {
        GenerateSingle("""
            using System.Collections.Generic;
            using GreenRuntime;

            public partial struct Cell<T>(T? value)
            {
                private T? _value = value;

                // Readonly: a twin that wrote the struct would run on a copy of it (GRN0022).
                [Greenlet]
                public readonly T? Swap(T? value)
                {
                    Green.Sleep(0);
                    var old = _value;
                    return old is null ? value : old;
                }

                [Greenlet]
                public static TOut Convert<TIn, TOut>(TIn input, System.Func<TIn, TOut> convert)
                    where TIn : struct
                    where TOut : class?
                {
                    Green.Sleep(0);
                    return convert(input);
                }
            }
            """, "Cell_1.Swap.g.cs");
    }

    [Fact]
    public void Partial_method_twin_uses_the_implementation_body()
    {
        var run = Generate("""
            using GreenRuntime;

            public partial class Parts
            {
                [Greenlet]
                public partial int Work(int x);

                [Greenlet]
                partial void Quiet();
            }

            public partial class Parts
            {
                public partial int Work(int x) { Green.Sleep(0); return x; }

                partial void Quiet() { Green.Sleep(0); }
            }
            """);
        Assert.Contains("public async global::GreenRuntime.CompilerServices.GreenTask<int> Work__GreenTwin(", run.Source("Parts.Work.g.cs"));
        Assert.Contains("#line 14 \"/src/Test0.cs\"", run.Source("Parts.Work.g.cs"));
        Assert.Contains("internal async global::GreenRuntime.CompilerServices.GreenTask Quiet__GreenTwin(", run.Source("Parts.Quiet.g.cs"));
    }

    [Fact]
    public void Suspension_points_in_case_guards_and_regions_spanning_the_body()
    {
        var twin = GenerateSingle("""
            using GreenRuntime;

            public ref partial struct Ref
            {
                [Greenlet] public int Instance() { Green.Sleep(0); return 1; }
                [Greenlet] public static int Static() { Green.Sleep(0); return 2; }
            }

            public static partial class Guards
            {
                [Greenlet] public static bool Check(int x) { Green.Sleep(0); return x > 0; }

                #region Open outside the body
                [Greenlet]
                public static string Run(object value)
                {
                    switch (value)
                    {
                        case int i when Check(i):
                            return "positive";
                    }
                #endregion
                    return value switch
                    {
                        int j when Check(-j) => "negative",
                        _ => "other",
                    };
                }
            }
            """, "Guards.Run.g.cs");
        Assert.Contains($"case int i when (await Check__GreenTwin({Marker}, i)):", twin);
        Assert.Contains($"int j when (await Check__GreenTwin({Marker}, -j)) => \"negative\",", twin);
    }

    [Fact]
    public void A_body_that_does_not_compile_gets_a_stub_so_each_error_is_reported_once()
    {
        var run = GeneratorRunner.RunOnce(new TwinGenerator(), TestCompilation.Create("""
            using GreenRuntime;

            public static partial class Broken
            {
                [Greenlet] public static int Typing() { Green.Sleep(0); return Undefined(); }
                [Greenlet] public static void Caller() { Typing(); }
                [Greenlet] public static void BadSignature(Missing value) { }
            }
            """));
        var errors = run.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.Equal(["CS0103", "CS0246"], errors.Select(e => e.Id).OrderBy(id => id));
        Assert.All(errors, error => Assert.Equal("/src/Test0.cs", error.Location.SourceTree?.FilePath));
        Assert.Contains("its body does not compile", run.Source("Broken.Typing.g.cs"));
        Assert.DoesNotContain(run.Result.GeneratedSources, s => s.HintName.Contains("BadSignature", StringComparison.Ordinal));
    }

    // The generator reads these from the body's syntax and bound operations, without compiling the body again.
    [Theory]
    [InlineData("Green.Sleep(0); return Undefined();", "CS0103")]
    [InlineData("int n = \"text\"; Green.Sleep(n); return n;", "CS0029")]
    [InlineData("Green.Sleep(1, 2, 3, 4); return 0;", "CS1501")]
    [InlineData("Missing m = default; Green.Sleep(0); return 0;", "CS0246")]
    [InlineData("Green.Sleep(0) return 0;", "CS1002")]
    [InlineData("Green.Sleep(0); return \"text\";", "CS0029")]
    [InlineData("System.Action<Missing> a = _ => { }; Green.Sleep(0); return 0;", "CS0246")]
    [InlineData("int Local(Missing m) => 0; Green.Sleep(0); return 1;", "CS0246")]
    [InlineData("Green.Spawn(() => { Green.Sleep(Undefined); }); Green.Sleep(0); return 0;", "CS0103")]
    public void Each_kind_of_error_in_a_body_gets_a_stub_and_is_reported_once_in_the_users_file(string body, string error)
    {
        var run = GeneratorRunner.RunOnce(new TwinGenerator(), TestCompilation.Create($$"""
            using GreenRuntime;

            public static partial class Broken
            {
                [Greenlet] public static int Typing() { {{body}} }
            }
            """));
        var errors = run.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.Contains(error, errors.Select(e => e.Id));
        Assert.All(errors, e => Assert.Equal("/src/Test0.cs", e.Location.SourceTree?.FilePath));
        Assert.Contains("its body does not compile", run.Source("Broken.Typing.g.cs"));
    }

    [Fact]
    public void Errors_in_rewritten_code_map_to_the_users_file_and_line()
    {
        // Not a real scenario (the rewrite of a compiling body compiles), but the mapping is what makes one readable:
        // a twin body is checked here through the #line directive that precedes it.
        var run = Generate("""
            using GreenRuntime;

            public static partial class Mapped
            {
                [Greenlet]
                public static void Run()
                {
                    Green.Sleep(0);
                }
            }
            """);
        var tree = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Mapped.Run.g.cs", StringComparison.Ordinal));
        var sleep = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.AwaitExpressionSyntax>().Single();
        var mapped = sleep.GetLocation().GetMappedLineSpan();
        Assert.Equal("/src/Test0.cs", mapped.Path);
        Assert.Equal(7, mapped.StartLinePosition.Line);
    }

    [Fact]
    public void A_method_whose_only_suspension_point_is_a_green_foreach_gets_a_resumable_twin()
    {
        var twin = GenerateSingle(Feed + """

            public static partial class Summer
            {
                [Greenlet]
                public static int Sum(Feed feed)
                {
                    int sum = 0;
                    foreach (var item in feed)
                        sum += item;
                    return sum;
                }
            }
            """, "Summer.Sum.g.cs");
        Assert.Contains("async global::GreenRuntime.CompilerServices.GreenTask<int> Sum__GreenTwin", twin);
        Assert.Contains($"while (await __enumerator1.MoveNext({Marker}))", twin);
        Assert.DoesNotContain("FromResult", twin);
    }

    [Fact]
    public void Foreach_loops_that_are_not_green_or_cannot_suspend_where_they_stand_are_left_alone()
    {
        var twin = GenerateSingle(Feed + """

            public static partial class Loops
            {
                [Greenlet]
                public static int Run(Feed feed, object gate, List<int> list, int[] array)
                {
                    int sum = 0;
                    foreach (var item in list) sum += item;
                    foreach (var item in array) sum += item;
                    foreach (var item in (IEnumerable<int>)feed) sum += item;
                    lock (gate)
                    {
                        foreach (var item in feed) sum += item;
                    }
                    list.ForEach(x => { foreach (var item in feed) sum += item + x; });
                    System.Action local = () => { foreach (var item in feed) sum += item; };
                    local();
                    GreenRuntime.Green.Sleep(0);
                    return sum;
                }
            }
            """, "Loops.Run.g.cs");
        Assert.DoesNotContain("__enumerator", twin);
        Assert.DoesNotContain("MoveNext", twin);
    }

    [Fact]
    public void A_green_foreach_keeps_the_users_lines_for_its_wait_and_its_body()
    {
        var run = Generate(Feed + """

            public static partial class Mapped
            {
                [Greenlet]
                public static int Run(Feed feed)
                {
                    int sum = 0;
                    foreach (var item
                             in feed)
                    {
                        sum += item;
                    }
                    return sum;
                }
            }
            """);
        var tree = run.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Mapped.Run.g.cs", StringComparison.Ordinal));
        var root = tree.GetRoot();
        int LineOf(Microsoft.CodeAnalysis.SyntaxNode node) => node.GetLocation().GetMappedLineSpan().StartLinePosition.Line;
        var wait = root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.AwaitExpressionSyntax>().Single();
        var add = root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax>().Single(s => s.ToString() == "sum += item;");
        var @return = root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ReturnStatementSyntax>().Single();
        Assert.Equal("/src/Test0.cs", wait.GetLocation().GetMappedLineSpan().Path);
        // The lines of the source as written (0-based), where the mapped lines must point.
        string[] lines = run.Output.SyntaxTrees.First().ToString().Split('\n');
        Assert.StartsWith("foreach (var item", lines[LineOf(wait)].Trim());
        Assert.Equal("sum += item;", lines[LineOf(add)].Trim());
        Assert.Equal("return sum;", lines[LineOf(@return)].Trim());
    }

    [Fact]
    public void A_twin_keeps_the_nullable_annotations_of_its_signature_without_a_nullable_flow_analysis_of_its_body()
    {
        // The twin has annotations on and nullable warnings off (the compiler then skips its nullable flow analysis,
        // whose warnings the twin's pragma hid anyway): its signature still says what the user's does.
        var run = Generate("""
            using GreenRuntime;

            public static partial class Names
            {
                [Greenlet]
                public static string? Find(string key, string? fallback)
                {
                    Green.Sleep(0);
                    string? found = key.Length > 3 ? null : key;
                    return found ?? fallback;
                }
            }
            """);
        string twin = run.Source("Names.Find.g.cs");
        Assert.Contains("#nullable enable annotations", twin);
        Assert.Contains("#nullable disable warnings", twin);
        var method = run.Output.GetTypeByMetadataName("Names")!.GetMembers("Find__GreenTwin").OfType<IMethodSymbol>().Single();
        var result = (INamedTypeSymbol)method.ReturnType;
        Assert.Equal(NullableAnnotation.Annotated, result.TypeArgumentNullableAnnotations.Single());
        Assert.Equal(NullableAnnotation.NotAnnotated, method.Parameters[1].NullableAnnotation);
        Assert.Equal(NullableAnnotation.Annotated, method.Parameters[2].NullableAnnotation);
    }

    private static GeneratorRunner.Run Generate(string source)
    {
        var run = GeneratorRunner.RunOnce(new TwinGenerator(), TestCompilation.Create(source));
        TestCompilation.AssertNoDiagnostics(run.Output);
        return run;
    }

    private static string GenerateSingle(string source, string hintName) => Generate(source).Source(hintName);
}
