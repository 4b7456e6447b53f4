using GreenRuntime.Generators.CallSites;
using GreenRuntime.Generators.Tests.CallSites;
using GreenRuntime.Generators.Tests.TestHelpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GreenRuntime.Generators.Tests.Twins;

/// <summary>
/// The twins do not break ordinary tooling (DESIGN.md §2): XML doc references by the method's name, with warnings as
/// errors, the public code base's own setting.
/// </summary>
public class TwinToolingTests
{
    [Fact]
    public void Cref_to_a_greenlet_method_is_not_ambiguous_with_its_twin()
    {
        // Before the twins had names of their own, each cref below was CS0419 (ambiguous reference), an error here.
        var output = CompileWithDocumentation("""
            using GreenRuntime;
            namespace Demo;

            /// <summary>Sizes things; see <see cref="Size"/>, <see cref="Size(int)"/> and <see cref="Grow"/>.</summary>
            public partial class Sizer
            {
                /// <summary>The size of <paramref name="n"/> things, after a yield.</summary>
                [Greenlet] public static int Size(int n) { Green.Sleep(0); return n; }

                /// <summary>Grows by <paramref name="by"/>; <see cref="Size"/> says how much.</summary>
                [Greenlet] public int Grow(int by) { Green.Sleep(0); return Size(by); }
            }

            /// <summary>Calls <see cref="Sizer.Size"/> from ordinary code (an interceptor).</summary>
            public static class Program
            {
                /// <summary>Runs it.</summary>
                public static int Main() => Sizer.Size(3) + new Sizer().Grow(1);
            }
            """);
        TestCompilation.AssertNoDiagnostics(output);
    }

    /// <summary>Runs both generators over a compilation that reports documentation warnings, as errors.</summary>
    internal static Compilation CompileWithDocumentation(string source)
    {
        var parseOptions = InterceptorRun.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var compilation = TestCompilation.Create(source)
            .WithOptions(TestCompilation.Create().Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText(source, parseOptions, path: "/src/Test0.cs"));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new Generators.Twins.TwinGenerator().AsSourceGenerator(), new InterceptorGenerator().AsSourceGenerator()],
            parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        return output;
    }
}
