using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GreenRuntime.GeneratorCost;

/// <summary>
/// Why compiling the generated twins costs what it does: the project emitted (binding, lowering, IL; no PDB) without
/// the generated files, with them, and with variants of them — the twins gathered in one file, the twins with the old
/// <c>#nullable enable</c> header (nullable flow analysis on), and instead of twins 1,000 hand-written plain
/// <c>async Task&lt;int&gt;</c> methods of the same shape. One thread (<c>concurrentBuild: false</c>) and that thread's
/// own CPU time, so that the machine's other processes, the GC's and the JIT's threads count for nothing.
/// </summary>
internal static partial class EmitCost
{
    public static int Run(int rounds)
    {
        var compilation = Profile.CreateCompilation();
        var generators = typeof(GreenRuntime.Generators.Twins.TwinGenerator).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(GeneratorAttribute), inherit: false).Length > 0 && typeof(IIncrementalGenerator).IsAssignableFrom(t))
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator());
        Profile.CreateDriver([.. generators]).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var user = compilation.SyntaxTrees.ToList();
        var generated = output.SyntaxTrees.Except(user).ToList();
        var twins = generated.Where(t => !t.FilePath.EndsWith("Interceptors.g.cs", StringComparison.Ordinal)).ToList();
        var interceptors = generated.Except(twins).ToList();

        var variants = new (string Name, List<SyntaxTree> Trees)[]
        {
            ("without the generated files", user),
            ("with them (one file per twin)", [.. user, .. twins, .. interceptors]),
            ("the twins in one file", [.. user, OneFile(twins), .. interceptors]),
            ("the twins with '#nullable enable' (flow analysis on)", [.. user, .. twins.Select(WithNullableAnalysis), .. interceptors]),
            ("1,000 hand-written async Task<int> methods instead", [.. user, HandWritten()]),
        };
        var times = variants.ToDictionary(v => v.Name, _ => new List<double>());
        // Round 0 warms the JIT up; the variants alternate, so that drift favours none.
        for (int round = 0; round <= rounds; round++)
        {
            foreach (var (name, trees) in variants)
            {
                var options = compilation.Options.WithConcurrentBuild(false);
                var variant = CSharpCompilation.Create(compilation.AssemblyName, trees, compilation.References, options);
                double cpu = ThreadCpuMilliseconds();
                using var peStream = new MemoryStream();
                var result = variant.Emit(peStream);
                double ms = ThreadCpuMilliseconds() - cpu;
                if (!result.Success)
                    throw new InvalidOperationException(name + ":\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
                if (round > 0)
                    times[name].Add(ms);
            }
        }
        double without = Builds.Median(times[variants[0].Name]);
        Console.WriteLine($"## Emit, one thread's CPU (median of {rounds}; {twins.Count} twins)");
        Console.WriteLine("| project | ms | added by the 1,000 methods | ratio to the twins as generated |");
        Console.WriteLine("|---|---:|---:|---:|");
        double generatedAdded = Builds.Median(times[variants[1].Name]) - without;
        foreach (var (name, _) in variants)
        {
            double median = Builds.Median(times[name]);
            Console.WriteLine($"| {name} | {median:F0} | {median - without:F0} | {(median - without) / generatedAdded:F2} |");
        }
        return 0;
    }

    /// <summary>Every twin in one file: one header and set of using directives, each twin's namespace and type as generated.</summary>
    private static SyntaxTree OneFile(List<SyntaxTree> twins)
    {
        var header = new StringBuilder();
        var bodies = new StringBuilder();
        foreach (var twin in twins)
        {
            string text = twin.GetText().ToString();
            int start = text.IndexOf("namespace ", StringComparison.Ordinal);
            if (header.Length == 0)
                header.Append(text, 0, start);
            bodies.Append(text, start, text.Length - start).AppendLine();
        }
        return CSharpSyntaxTree.ParseText(header.Append(bodies).ToString(), Profile.ParseOptions, path: "/generated/Twins.g.cs");
    }

    private static SyntaxTree WithNullableAnalysis(SyntaxTree twin) => CSharpSyntaxTree.ParseText(
        NullableHeader().Replace(twin.GetText().ToString(), "#nullable enable\n", 1), Profile.ParseOptions, path: twin.FilePath);

    [GeneratedRegex(@"#nullable enable annotations\r?\n#nullable disable warnings\r?\n")]
    private static partial Regex NullableHeader();

    /// <summary>The project's chain written as plain async code: the same calls, <c>Task.Delay(0)</c> for the sleep.</summary>
    private static SyntaxTree HandWritten()
    {
        var source = new StringBuilder("using System.Threading.Tasks;\n\nnamespace GeneratorCost;\n\n");
        for (int c = 0; c < BenchProject.Classes; c++)
        {
            source.AppendLine($"public static partial class C{c:D2}").AppendLine("{");
            for (int m = 0; m < BenchProject.MethodsPerClass; m++)
            {
                string next = m + 1 < BenchProject.MethodsPerClass ? $"M{m + 1:D2}Async" : c + 1 < BenchProject.Classes ? $"C{c + 1:D2}.M00Async" : string.Empty;
                source.AppendLine($"    public static async Task<int> M{m:D2}Async(int n)").AppendLine("    {");
                source.AppendLine("        if (n % 100 == 0)").AppendLine("            await Task.Delay(0);");
                source.AppendLine(next.Length > 0 ? $"        return (await {next}(Step(n))) + 1;" : "        return Step(n);").AppendLine("    }");
            }
            source.AppendLine("}");
        }
        return CSharpSyntaxTree.ParseText(source.ToString(), Profile.ParseOptions, path: "/src/Async.cs");
    }

    /// <summary>The calling thread's CPU time (getrusage RUSAGE_THREAD; Linux).</summary>
    private static double ThreadCpuMilliseconds()
    {
        if (GetResourceUsage(RusageThread, out var usage) != 0)
            throw new InvalidOperationException("getrusage failed");
        return (usage.UserSeconds + usage.SystemSeconds) * 1000.0 + (usage.UserMicroseconds + usage.SystemMicroseconds) / 1000.0;
    }

    private const int RusageThread = 1;

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetResourceUsage(int who, out ResourceUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        // The rest of struct rusage: 14 longs this program does not read.
        public long R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13;
    }
}
