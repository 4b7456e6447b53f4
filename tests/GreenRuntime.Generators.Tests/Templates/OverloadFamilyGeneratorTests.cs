using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Templates;

namespace GreenRuntime.Generators.Tests.Templates;

/// <summary>
/// The runtime's overload-family template (src/GreenRuntime.Templates) on a family the runtime does not build itself:
/// an instance family with a leading parameter, as <c>GreenGroup.Spawn</c>-like types declare. The runtime's own
/// families (Green.Spawn/SpawnLater) are pinned by its PublicAPI files and the runtime tests.
/// </summary>
public class OverloadFamilyGeneratorTests
{
    private const string Group = """
        using GreenRuntime;
        using GreenRuntime.Templates;

        namespace Demo;

        public partial class Group
        {
            /// <summary>Runs <paramref name="fn"/> in a new greenlet of this group,
            /// after <paramref name="delay"/>.</summary>
            /// <typeparam name="TGreenlet">The greenlet's type.</typeparam>
            /// <param name="delay">How long to wait first.</param>
            /// <param name="greenlet">The new greenlet.</param>
            /// <returns>The new greenlet, in the group.</returns>
            [OverloadFamily("SpawnAfter", TwinSummary = "Spawns a twin into the group; used by generated code.")]
            private TGreenlet Added<TGreenlet>(System.TimeSpan delay, TGreenlet greenlet)
                where TGreenlet : Greenlet => greenlet;
        }
        """;

    [Fact]
    public void Instance_family_gets_every_shape_as_instance_overloads_with_docs()
    {
        var run = GeneratorRunner.AssertIncremental(new OverloadFamilyGenerator(), TestCompilation.Create(Group), [OverloadFamilyGenerator.FamiliesStep]);

        string source = run.Source("Group.SpawnAfter.g.cs");
        // 0-4 arguments x Action/Func, each with its twin overload.
        Assert.Equal(20, source.Split('\n').Count(line => line.TrimStart().StartsWith("public global::GreenRuntime.Greenlet", StringComparison.Ordinal)));
        Assert.DoesNotContain("static", source);
        Golden.AssertMatches(source, "Templates/Group.SpawnAfter.g.cs");
    }

    [Fact]
    public void Start_method_of_another_shape_is_a_build_error_naming_the_shape()
    {
        var run = GeneratorRunner.RunOnce(new OverloadFamilyGenerator(), TestCompilation.Create("""
            using GreenRuntime;
            using GreenRuntime.Templates;

            public partial class Group
            {
                /// <summary>Runs <paramref name="fn"/>.</summary>
                /// <returns>The new greenlet.</returns>
                [OverloadFamily("Spawn")]
                private Greenlet Added(Greenlet greenlet) => greenlet;
            }
            """));

        // (The greenlet bodies the template also writes compile only inside the runtime, which has their base class.)
        var error = Assert.Single(run.Output.GetDiagnostics(), d => d.Id == "CS1029");
        Assert.Contains("must be shaped TGreenlet M<TGreenlet>(leading parameters..., TGreenlet greenlet)", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_method_without_the_overloads_docs_is_a_build_error_naming_them()
    {
        var run = GeneratorRunner.RunOnce(new OverloadFamilyGenerator(), TestCompilation.Create("""
            using GreenRuntime;
            using GreenRuntime.Templates;

            public partial class Group
            {
                /// <summary>Runs <paramref name="fn"/>.</summary>
                [OverloadFamily("Spawn")]
                private TGreenlet Added<TGreenlet>(System.TimeSpan delay, TGreenlet greenlet)
                    where TGreenlet : Greenlet => greenlet;
            }
            """));

        var error = Assert.Single(run.Output.GetDiagnostics(), d => d.Id == "CS1029");
        Assert.Contains("needs the docs its overloads take: returns, param delay", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void TwinStart_makes_the_twin_overloads_return_an_awaitable_of_the_greenlet()
    {
        var run = GeneratorRunner.AssertIncremental(new OverloadFamilyGenerator(), TestCompilation.Create("""
            using GreenRuntime;
            using GreenRuntime.CompilerServices;
            using GreenRuntime.Templates;

            public partial class Pool
            {
                /// <summary>Runs <paramref name="fn"/> once there is room.</summary>
                /// <typeparam name="TGreenlet">The greenlet's type.</typeparam>
                /// <param name="greenlet">The new greenlet.</param>
                /// <returns>The new greenlet.</returns>
                [OverloadFamily("Spawn", TwinStart = nameof(Admitted))]
                private TGreenlet Added<TGreenlet>(TGreenlet greenlet)
                    where TGreenlet : Greenlet => greenlet;

                private GreenTask<TGreenlet> Admitted<TGreenlet>(TGreenlet greenlet)
                    where TGreenlet : Greenlet => GreenTask.FromResult(greenlet);
            }
            """), [OverloadFamilyGenerator.FamiliesStep]);

        string source = run.Source("Pool.Spawn.g.cs");
        var lines = source.Split('\n').Select(line => line.Trim()).ToArray();
        Assert.Equal(10, lines.Count(line => line.StartsWith("public global::GreenRuntime.Greenlet", StringComparison.Ordinal)));
        Assert.Equal(10, lines.Count(line => line.StartsWith("public global::GreenRuntime.CompilerServices.GreenTask<global::GreenRuntime.Greenlet", StringComparison.Ordinal)));
        Assert.Equal(10, lines.Count(line => line.StartsWith("return Admitted(", StringComparison.Ordinal)));
        // A [Greenlet] method group given as a plain delegate starts its twin through the public overload's own start method.
        Assert.Contains("return Added(new global::GreenRuntime.Greenlet(global::GreenRuntime.Hub.Current, (global::System.Func<global::GreenRuntime.CompilerServices.GreenTask>)(() => twin(default))));", lines);
        Assert.Contains("return Added(new global::GreenRuntime.Greenlet<R>(global::GreenRuntime.Hub.Current, new global::GreenRuntime.Greenlets.TwinBody<T1, R>(a1 => twin(default, a1), arg1)));", lines);
    }

    [Fact]
    public void TwinStart_of_another_shape_is_a_build_error_naming_the_shape()
    {
        var run = GeneratorRunner.RunOnce(new OverloadFamilyGenerator(), TestCompilation.Create("""
            using GreenRuntime;
            using GreenRuntime.Templates;

            public partial class Pool
            {
                /// <summary>Runs <paramref name="fn"/>.</summary>
                /// <typeparam name="TGreenlet">The greenlet's type.</typeparam>
                /// <param name="greenlet">The new greenlet.</param>
                /// <returns>The new greenlet.</returns>
                [OverloadFamily("Spawn", TwinStart = nameof(Admitted))]
                private TGreenlet Added<TGreenlet>(TGreenlet greenlet)
                    where TGreenlet : Greenlet => greenlet;

                private TGreenlet Admitted<TGreenlet>(TGreenlet greenlet)
                    where TGreenlet : Greenlet => greenlet;
            }
            """));

        var error = Assert.Single(run.Output.GetDiagnostics(), d => d.Id == "CS1029");
        Assert.Contains("TwinStart method Admitted must be shaped", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Future_family_returns_each_call_future_and_has_no_twin_overloads()
    {
        var run = GeneratorRunner.AssertIncremental(new OverloadFamilyGenerator(), TestCompilation.Create("""
            using GreenRuntime.Futures;
            using GreenRuntime.Templates;

            namespace GreenRuntime.Futures
            {
                public abstract class FutureCall { }
            }

            public partial class Pool
            {
                /// <summary>Runs <paramref name="fn"/> on the pool.</summary>
                /// <typeparam name="TCall">The call's type.</typeparam>
                /// <param name="call">The new call.</param>
                /// <returns>The future of the work.</returns>
                /// <exception cref="System.InvalidOperationException">The pool was
                /// shut down.</exception>
                [OverloadFamily("Submit")]
                private TCall Submitted<TCall>(TCall call)
                    where TCall : FutureCall => call;
            }
            """), [OverloadFamilyGenerator.FamiliesStep]);

        string source = run.Source("Pool.Submit.g.cs");
        var lines = source.Split('\n').Select(line => line.Trim()).ToArray();
        Assert.Equal(5, lines.Count(line => line.StartsWith("public global::GreenRuntime.Futures.Future Submit", StringComparison.Ordinal)));
        Assert.Equal(5, lines.Count(line => line.StartsWith("public global::GreenRuntime.Futures.Future<R> Submit", StringComparison.Ordinal)));
        Assert.Contains("return Submitted(new global::GreenRuntime.Futures.FuncCall<T1, T2, R>(fn, arg1, arg2)).Future;", lines);
        Assert.Contains("return Submitted(new global::GreenRuntime.Futures.ActionCall(fn)).Future;", lines);
        // Every overload documents what the start method throws, on one line.
        Assert.Equal(10, lines.Count(line => line == "/// <exception cref=\"T:System.InvalidOperationException\">The pool was shut down.</exception>"));
        Assert.DoesNotContain("GreenSuspend", source);
        Assert.DoesNotContain("Greenlet", source);
    }

    [Fact]
    public void Future_family_with_Twins_gets_twin_overloads_handing_the_start_method_a_twin_call_and_hides_the_base_family()
    {
        var run = GeneratorRunner.AssertIncremental(new OverloadFamilyGenerator(), TestCompilation.Create("""
            using GreenRuntime.Futures;
            using GreenRuntime.Templates;

            namespace GreenRuntime.Futures
            {
                public abstract class FutureCall { }
            }

            public abstract partial class Runner
            {
                /// <summary>Runs <paramref name="fn"/> on the pool.</summary>
                /// <typeparam name="TCall">The call's type.</typeparam>
                /// <param name="call">The new call.</param>
                /// <returns>The future of the work.</returns>
                [OverloadFamily("Submit")]
                private protected TCall Submitted<TCall>(TCall call)
                    where TCall : FutureCall => call;
            }

            public sealed partial class GreenPool : Runner
            {
                /// <summary>Runs <paramref name="fn"/> in a greenlet of the pool.</summary>
                /// <typeparam name="TCall">The call's type.</typeparam>
                /// <param name="call">The new call.</param>
                /// <returns>The future of the work.</returns>
                [OverloadFamily("Submit", TwinSummary = "Submits a twin; used by generated code.", Twins = true)]
                private TCall SubmittedHere<TCall>(TCall call)
                    where TCall : FutureCall => Submitted(call);
            }
            """), [OverloadFamilyGenerator.FamiliesStep]);

        string source = run.Source("GreenPool.Submit.g.cs");
        var lines = source.Split('\n').Select(line => line.Trim()).ToArray();
        // The public overloads hide the base's; the twin overloads (GreenSuspend first) are the derived type's own.
        Assert.Equal(10, lines.Count(line => line.StartsWith("public new global::GreenRuntime.Futures.Future", StringComparison.Ordinal)));
        Assert.Equal(10, lines.Count(line => line.StartsWith("public global::GreenRuntime.Futures.Future", StringComparison.Ordinal)
            && line.Contains("(global::GreenRuntime.CompilerServices.GreenSuspend suspend, ", StringComparison.Ordinal)));
        Assert.Contains("return SubmittedHere(new global::GreenRuntime.Futures.TwinFuncCall<T1, R>(fn, fn, arg1)).Future;", lines);
        Assert.DoesNotContain("public new", run.Source("Runner.Submit.g.cs"));
        Golden.AssertMatches(source, "Templates/GreenPool.Submit.g.cs");
    }

    [Fact]
    public void Future_family_with_TwinStart_is_a_build_error()
    {
        var run = GeneratorRunner.RunOnce(new OverloadFamilyGenerator(), TestCompilation.Create("""
            using GreenRuntime.Futures;
            using GreenRuntime.Templates;

            namespace GreenRuntime.Futures
            {
                public abstract class FutureCall { }
            }

            public partial class Pool
            {
                /// <summary>Runs <paramref name="fn"/> on the pool.</summary>
                /// <typeparam name="TCall">The call's type.</typeparam>
                /// <param name="call">The new call.</param>
                /// <returns>The future of the work.</returns>
                [OverloadFamily("Submit", TwinStart = "Other")]
                private TCall Submitted<TCall>(TCall call)
                    where TCall : FutureCall => call;
            }
            """));

        var error = Assert.Single(run.Output.GetDiagnostics(), d => d.Id == "CS1029");
        Assert.Contains("makes futures: it has no twin overloads, so no TwinStart", error.GetMessage(), StringComparison.Ordinal);
    }
}
