using GreenRuntime.Generators.CallSites;
using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using CallSiteTrackingNames = GreenRuntime.Generators.CallSites.TrackingNames;
using TwinTrackingNames = GreenRuntime.Generators.Twins.TrackingNames;

namespace GreenRuntime.Generators.Tests.Twins;

/// <summary>
/// An edit inside one body re-runs no other method's transform (issue 9), and what the generators then produce is
/// what a fresh run over the edited compilation produces — also where another method's body changes a twin.
/// </summary>
public class BodyEditIncrementalityTests
{
    private const string Workers = """
        using System.Threading;
        using GreenRuntime;

        namespace Demo;

        public static partial class Workers
        {
            [Greenlet] public static int First(int n) { Thread.Sleep(n); return Second(n) + 1; }

            [Greenlet] public static int Second(int n) { Green.Sleep(n); return Plain.Step(n); }

            [Greenlet] public static int Third(int n) => First(n) + Second(n);
        }
        """;

    private const string Others = """
        using System.Collections.Generic;
        using GreenRuntime;

        namespace Demo;

        public static partial class Others
        {
            [Greenlet] public static void Idle() { Green.Sleep(0); Workers.Third(1); }

            [Greenlet] public static IEnumerable<int> Numbers() { return new[] { 1 }; }

            [Greenlet] public static int Count() { int n = 0; foreach (var x in Numbers()) n += x; return n; }

            [Greenlet] static partial void Later();
        }

        public partial struct Counter
        {
            public int X;

            [Greenlet] public int Read() { Green.Sleep(0); return X; }

            // Calls a member that is not readonly, so it may write this: no twin (GRN0022).
            [Greenlet] public int ReadTwice() => Read() + Read();
        }
        """;

    private const string Plain = """
        using GreenRuntime;

        namespace Demo;

        public static partial class Plain
        {
            public static int Step(int n) => n + 1;

            static partial void Later();
        }

        public static partial class Others
        {
            static partial void Later() { Green.Sleep(1); }
        }

        public static class Callers
        {
            public static void Main()
            {
                Workers.First(1);
                Green.Spawn(() => Others.Idle());
            }
        }
        """;

    // What the transform step reports for this project (one per [Greenlet] method but ReadTwice).
    private const int GreenletCount = 8;

    [Fact]
    public void Editing_one_greenlet_body_transforms_only_that_method()
    {
        var (_, second) = RunEdited(new TwinGenerator(), 0, "Green.Sleep(n); return Plain.Step(n);", "Green.Sleep(n + 1); return Plain.Step(n);");

        var reasons = Reasons(second, TwinTrackingNames.GreenletMethods);
        Assert.Equal(GreenletCount, reasons.Count);
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(GreenletCount - 1, reasons.Count(r => r == IncrementalStepRunReason.Cached));
    }

    [Fact]
    public void Editing_an_ordinary_body_transforms_no_greenlet_and_binds_no_call_of_another_file()
    {
        var (_, twins) = RunEdited(new TwinGenerator(), 2, "public static int Step(int n) => n + 1;", "public static int Step(int n) => n + 2;");
        Assert.All(Reasons(twins, TwinTrackingNames.GreenletMethods), r => Assert.Equal(IncrementalStepRunReason.Cached, r));

        var (_, calls) = RunEdited(new InterceptorGenerator(), 0, "Green.Sleep(n); return Plain.Step(n);", "Green.Sleep(n + 1); return Plain.Step(n);");
        var invocations = Reasons(calls, CallSiteTrackingNames.Invocations);
        Assert.NotEmpty(invocations);
        Assert.All(invocations, r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Turning_an_expression_body_into_a_block_transforms_no_other_method()
    {
        var (_, second) = RunEdited(new TwinGenerator(), 2, "public static int Step(int n) => n + 1;", "public static int Step(int n) { return n + 1; }");

        Assert.All(Reasons(second, TwinTrackingNames.GreenletMethods), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void A_declaration_edit_transforms_every_method_again()
    {
        var (_, second) = RunEdited(new TwinGenerator(), 2, "public static int Step(int n) => n + 1;", "public static long Step(int n) => n + 1;");

        Assert.DoesNotContain(IncrementalStepRunReason.Cached, Reasons(second, TwinTrackingNames.GreenletMethods));
    }

    public static TheoryData<int, string, string> Edits => new()
    {
        // Inside a greenlet's body; inside an ordinary body.
        { 0, "Green.Sleep(n); return Plain.Step(n);", "Green.Sleep(n * 2); return Plain.Step(n);" },
        { 2, "public static int Step(int n) => n + 1;", "public static int Step(int n) => n - 1;" },
        // A body above the others grows by a line: every later twin's #line moves.
        { 0, "{ Thread.Sleep(n); return Second(n) + 1; }", "{\n        Thread.Sleep(n);\n        return Second(n) + 1; }" },
        // A callee becomes an iterator: it loses its twin, and its caller's twin calls it directly.
        { 1, "{ return new[] { 1 }; }", "{ yield return 1; }" },
        // A struct method starts writing this: it loses its twin, and so does the call in ReadTwice.
        { 1, "{ Green.Sleep(0); return X; }", "{ Green.Sleep(0); X++; return X; }" },
        // A partial method's body, in another file than its [Greenlet].
        { 2, "static partial void Later() { Green.Sleep(1); }", "static partial void Later() { Green.Sleep(2); }" },
        // A directive inside an ordinary body reaches the declarations after it.
        { 2, "public static int Step(int n) => n + 1;", "public static int Step(int n) => n + 1;\n#nullable enable" },
        // An expression body becomes a block, a block an expression body.
        { 2, "public static int Step(int n) => n + 1;", "public static int Step(int n) { return n + 1; }" },
        { 1, "{ Green.Sleep(0); Workers.Third(1); }", "=> Workers.Third(1);" },
        // A call site added to ordinary code, and one changed.
        { 2, "Workers.First(1);", "Workers.First(1); Workers.Second(2);" },
        { 2, "Green.Spawn(() => Others.Idle());", "Green.Spawn(() => Others.Count());" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void After_an_edit_the_twins_are_those_of_a_fresh_run(int file, string from, string to) =>
        AssertSameAsFreshRun(() => new TwinGenerator(), file, from, to);

    [Theory]
    [MemberData(nameof(Edits))]
    public void After_an_edit_the_interceptors_are_those_of_a_fresh_run(int file, string from, string to) =>
        AssertSameAsFreshRun(() => new InterceptorGenerator(), file, from, to);

    private static void AssertSameAsFreshRun(Func<IIncrementalGenerator> generator, int file, string from, string to)
    {
        var (edited, incremental) = RunEdited(generator(), file, from, to);
        var fresh = GeneratorRunner.RunOnce(generator(), edited);
        Assert.Equal(
            fresh.Result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            incremental.Result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    /// <summary>Runs the generator, replaces <paramref name="from"/> by <paramref name="to"/> in one file and runs it again.</summary>
    private static (Compilation Edited, GeneratorRunner.Run Second) RunEdited(IIncrementalGenerator generator, int file, string from, string to)
    {
        var compilation = TestCompilation.Create(Workers, Others, Plain);
        var first = GeneratorRunner.RunOnce(generator, compilation);
        var tree = compilation.SyntaxTrees.ElementAt(file);
        string text = tree.GetText().ToString();
        Assert.Contains(from, text, StringComparison.Ordinal);
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text.Replace(from, to, StringComparison.Ordinal))));
        return (edited, GeneratorRunner.RunAgain(first.Driver, edited));
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorRunner.Run run, string step) =>
        run.Result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
}
