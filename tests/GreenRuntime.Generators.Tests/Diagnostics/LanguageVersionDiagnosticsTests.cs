using Microsoft.CodeAnalysis.CSharp;
using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// Older C# versions (DESIGN.md §2): a span local compiles in every [Greenlet] method C# can compile it in, the rest get
/// GRN0025 on the local, and below C# 11 GRN0026 says GreenThreads needs it; never a CS error in generated code.
/// </summary>
public class LanguageVersionDiagnosticsTests
{
    [Fact]
    public async Task Span_locals_in_bodies_without_suspension_points_compile_under_CSharp_12()
    {
        // Before, every twin was async: each of these locals was CS9202 in the generated twin, with no GRN diagnostic.
        var build = await VerifyAsync(LanguageVersion.CSharp12, """
            using System;
            using GreenRuntime;

            public static partial class Parser
            {
                [Greenlet] public static int Sum(byte[] data) { ReadOnlySpan<byte> span = data; int sum = 0; foreach (var b in span) sum += b; return sum; }
                [Greenlet] public static int First(int[] data) { ref int first = ref data[0]; Span<int> stack = stackalloc int[1]; return first + stack[0]; }
                [Greenlet] public static int Total(byte[] data) { Green.Sleep(0); return Sum(data) + data.AsSpan().IndexOf((byte)1); }
            }

            public static class Program
            {
                public static int Main() => Parser.Total([1, 2]) + Parser.First([3]);
            }
            """);
        var twin = build.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Parser.Sum.g.cs", StringComparison.Ordinal)).ToString();
        Assert.DoesNotContain("async", twin);
        Assert.Contains("return global::GreenRuntime.CompilerServices.GreenTask.FromResult<int>(Sum(data));", twin);
    }

    [Fact]
    public async Task Span_local_in_a_body_with_suspension_points_is_GRN0025_under_CSharp_12()
    {
        var build = await VerifyAsync(LanguageVersion.CSharp12, """
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Checksums
            {
                [Greenlet]
                public static int Checksum(byte[] data)
                {
                    Span<byte> [|header|] = data.AsSpan(0, 2);
                    int sum = header[0] + header[1];
                    Thread.Sleep(1);
                    return sum;
                }

                [Greenlet]
                public static int Walk(int[] data)
                {
                    int sum = 0;
                    foreach (var [|item|] in data.AsSpan()) sum += item;
                    Green.Sleep(0);
                    return sum;
                }
            }
            """, "GRN0025");
        var messages = build.Green.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.StartsWith("'header' is a local of the ref struct type 'Span<byte>' in the [Greenlet] method 'Checksums.Checksum'", messages[0]);
        Assert.StartsWith("The foreach over 'data.AsSpan()' keeps a ref struct enumerator", messages[1]);
        var message = messages[0];
        Assert.Contains("C# 12.0", message);
        Assert.Contains("set <LangVersion> to 13 or later", message);
        Assert.Contains("ordinary helper method", message);
        // Callers get a stub that says why, rather than a twin that does not compile.
        var twin = build.Output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Checksums.Checksum.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("NotSupportedException", twin);
    }

    [Fact]
    public async Task The_same_span_local_compiles_under_CSharp_13()
    {
        await VerifyAsync(LanguageVersion.CSharp13, """
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Checksums
            {
                [Greenlet]
                public static int Checksum(byte[] data)
                {
                    Span<byte> header = data.AsSpan(0, 2);
                    int sum = header[0] + header[1];
                    Thread.Sleep(1);
                    return sum;
                }
            }
            """);
    }

    [Fact]
    public async Task Below_CSharp_11_GRN0026_and_nothing_is_generated()
    {
        var build = await VerifyAsync(LanguageVersion.CSharp10, """
            using System.Threading;
            using GreenRuntime;

            public static partial class Old
            {
                [Greenlet] public static int [|Nap|](int ms) { Thread.Sleep(ms); return ms; }
            }

            public static class Program
            {
                public static int Main() => [|Old.Nap(1)|];
            }
            """, "GRN0026");
        Assert.Contains("C# 10.0", build.Green.First().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(build.UserTrees.Length, build.Output.SyntaxTrees.Count());
    }
}
