using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GreenRuntime.GeneratorCost;

/// <summary>
/// Where the time goes, in process, on the <see cref="BenchProject"/>'s compilation: each generator's time and its
/// tracked steps' times (a clean run, then edits as an IDE sees them: an ordinary method's body, a <c>[Greenlet]</c>
/// body, a new call site), each analyzer's time, and what compiling the generated code itself costs.
/// </summary>
internal static class Profile
{
    private static readonly CSharpParseOptions s_parseOptions = CSharpParseOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithFeatures([new("InterceptorsNamespaces", "GreenRuntime.Generated")]);

    /// <summary>The parse options of the project's files, interceptors on.</summary>
    internal static CSharpParseOptions ParseOptions => s_parseOptions;

    public static int Run(int rounds)
    {
        var compilation = CreateCompilation();
        var generatorAssembly = typeof(GreenRuntime.Generators.Twins.TwinGenerator).Assembly;
        var generators = generatorAssembly.GetTypes()
            .Where(t => t.GetCustomAttribute<GeneratorAttribute>() is not null && typeof(IIncrementalGenerator).IsAssignableFrom(t))
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
            .ToImmutableArray();
        var analyzers = generatorAssembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null && !t.IsAbstract)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        Console.WriteLine($"{compilation.SyntaxTrees.Count()} files; generators: {string.Join(", ", generators.Select(Name))}; analyzers: {string.Join(", ", analyzers.Select(a => a.GetType().Name))}");

        // Clean runs: a new driver each time (the first one also JITs the generators).
        GeneratorDriver driver = null!;
        Compilation output = null!;
        var cleanTimes = new List<double>();
        var cleanCpu = new List<double>();
        var perGenerator = new Dictionary<string, List<double>>();
        for (int round = 0; round <= rounds; round++)
        {
            driver = CreateDriver(generators);
            var stopwatch = Stopwatch.StartNew();
            var cpu = CpuMilliseconds();
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _);
            if (round == 0)
                continue;
            cleanTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
            cleanCpu.Add(CpuMilliseconds() - cpu);
            foreach (var time in driver.GetTimingInfo().GeneratorTimes)
                Add(perGenerator, Name(time.Generator), time.ElapsedTime.TotalMilliseconds);
        }
        Console.WriteLine();
        Console.WriteLine($"## Clean generator run (median of {rounds}): {Builds.Median(cleanTimes):F0} ms, CPU {Builds.Median(cleanCpu):F0} ms; {output.SyntaxTrees.Count() - compilation.SyntaxTrees.Count()} generated files");
        foreach (var (name, times) in perGenerator)
            Console.WriteLine($"  {name}: {Builds.Median(times):F0} ms");
        PrintSteps(driver.GetRunResult());

        // Edits, each against the state of the clean run, as an IDE keeps its driver between keystrokes.
        var edits = new (string Name, Func<CSharpCompilation, CSharpCompilation> Apply)[]
        {
            ("an ordinary method's body (C25.Step)", c => Replace(c, BenchProject.FileName(BenchProject.EditedClass), BenchProject.Class(BenchProject.EditedClass, helperStep: 2))),
            ("a [Greenlet] body (C25.M10)", c => Replace(c, BenchProject.FileName(BenchProject.EditedClass),
                BenchProject.Class(BenchProject.EditedClass).Replace("    public static int M10(int n)\n    {\n        if (n % 100 == 0)", "    public static int M10(int n)\n    {\n        if (n % 101 == 0)", StringComparison.Ordinal))),
            ("a new call site in Main", c => Replace(c, "Program.cs", BenchProject.Program.Replace("=> Console.WriteLine(C00.M00(0));", "{ Console.WriteLine(C00.M00(0)); Console.WriteLine(C30.M05(1)); }", StringComparison.Ordinal))),
        };
        foreach (var (name, apply) in edits)
        {
            var edited = apply(compilation);
            var times = new List<double>();
            var cpuTimes = new List<double>();
            GeneratorDriver after = null!;
            for (int round = 0; round < rounds; round++)
            {
                var stopwatch = Stopwatch.StartNew();
                var cpu = CpuMilliseconds();
                after = driver.RunGenerators(edited);
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
                cpuTimes.Add(CpuMilliseconds() - cpu);
            }
            Console.WriteLine();
            Console.WriteLine($"## Edit: {name}: {Builds.Median(times):F0} ms, CPU {Builds.Median(cpuTimes):F0} ms (median of {rounds})");
            PrintSteps(after.GetRunResult());
        }

        // Analyzers on the output compilation, without concurrency so that each one's time is its own. The floor: one
        // analyzer that only binds every method body of the user's files (GetOperation), which any analyzer looking
        // inside the bodies pays once; the rest is the analyzers' own work.
        var analyzerTimes = analyzers.ToDictionary(a => a.GetType().Name, _ => new List<double>());
        var analysisCpu = new List<double>();
        var baselineCpu = new List<double>();
        int diagnostics = 0;
        ImmutableArray<DiagnosticAnalyzer> bindingOnly = [new BindingOnlyAnalyzer()];
        for (int round = 0; round <= rounds; round++)
        {
            var (baselineMs, _) = Analyze(output, bindingOnly);
            var (analysisMs, result) = Analyze(output, analyzers);
            diagnostics = result.GetAllDiagnostics().Length;
            if (round == 0)
                continue;
            analysisCpu.Add(analysisMs);
            baselineCpu.Add(baselineMs);
            foreach (var (analyzer, telemetry) in result.AnalyzerTelemetryInfo)
                analyzerTimes[analyzer.GetType().Name].Add(telemetry.ExecutionTime.TotalMilliseconds);
        }
        Console.WriteLine();
        Console.WriteLine($"## Analyzers on the output (median of {rounds}; {diagnostics} diagnostics; the whole analysis, binding included: CPU {Builds.Median(analysisCpu):F0} ms; an analyzer that only binds every method body: CPU {Builds.Median(baselineCpu):F0} ms)");
        foreach (var (name, times) in analyzerTimes)
            Console.WriteLine($"  {name}: {Builds.Median(times):F0} ms");

        // What the compiler spends on the generated code itself: emit without and with the generated files.
        var emitWithout = new List<double>();
        var emitWith = new List<double>();
        for (int round = 0; round <= rounds; round++)
        {
            double without = Emit(compilation.Clone()), with = Emit(output.Clone());
            if (round == 0)
                continue;
            emitWithout.Add(without);
            emitWith.Add(with);
        }
        Console.WriteLine();
        Console.WriteLine($"## Emit, CPU (median of {rounds}): without the generated files {Builds.Median(emitWithout):F0} ms, with them {Builds.Median(emitWith):F0} ms");
        return 0;
    }

    /// <summary>
    /// Only clean generator runs, a new driver each time, without step tracking: for <c>perf</c>, and a quick figure of
    /// the generators' CPU time (the first run, which JITs them, is left out of the median).
    /// </summary>
    public static int Generate(int rounds)
    {
        var compilation = CreateCompilation();
        var generators = typeof(GreenRuntime.Generators.Twins.TwinGenerator).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<GeneratorAttribute>() is not null && typeof(IIncrementalGenerator).IsAssignableFrom(t))
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
            .ToImmutableArray();
        var cpuTimes = new List<double>();
        for (int round = 0; round <= rounds; round++)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, parseOptions: s_parseOptions);
            var cpu = CpuMilliseconds();
            driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
            double ms = CpuMilliseconds() - cpu;
            Console.WriteLine($"round {round}: CPU {ms:F0} ms, {output.SyntaxTrees.Count() - compilation.SyntaxTrees.Count()} generated files");
            if (round > 0)
                cpuTimes.Add(ms);
        }
        Console.WriteLine($"clean generator run, CPU median of {rounds}: {Builds.Median(cpuTimes):F0} ms");
        return 0;
    }

    /// <summary>The project's compilation, without the generated files.</summary>
    internal static CSharpCompilation CreateCompilation()
    {
        var trees = Enumerable.Range(0, BenchProject.Classes)
            .Select(i => CSharpSyntaxTree.ParseText(BenchProject.Class(i), s_parseOptions, path: "/src/" + BenchProject.FileName(i)))
            .Append(CSharpSyntaxTree.ParseText(BenchProject.Program, s_parseOptions, path: "/src/Program.cs"));
        return CSharpCompilation.Create(
            "GeneratorCost.Bench",
            trees,
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(GreenRuntime.Green).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>A driver of <paramref name="generators"/> that tracks their steps.</summary>
    internal static GeneratorDriver CreateDriver(ImmutableArray<ISourceGenerator> generators) =>
        CSharpGeneratorDriver.Create(
            generators,
            parseOptions: s_parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static CSharpCompilation Replace(CSharpCompilation compilation, string fileName, string source)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/" + fileName);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(source)));
    }

    /// <summary>Per tracked step: its time summed over its inputs, and how many of its outputs ran for which reason.</summary>
    private static void PrintSteps(GeneratorDriverRunResult result)
    {
        foreach (var generator in result.Results)
        {
            Console.WriteLine($"  {Name(generator.Generator)}:");
            foreach (var (name, steps) in generator.TrackedSteps.OrderByDescending(s => s.Value.Sum(step => step.ElapsedTime.Ticks)))
            {
                var reasons = steps.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).OrderBy(g => g.Key)
                    .Select(g => $"{g.Key} {g.Count()}");
                double ms = steps.Sum(s => s.ElapsedTime.TotalMilliseconds);
                Console.WriteLine($"    {name,-45} {ms,8:F1} ms  {string.Join(", ", reasons)}");
            }
        }
    }

    private static (double CpuMs, AnalysisResult Result) Analyze(Compilation output, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var withAnalyzers = output.Clone().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        var cpu = CpuMilliseconds();
        var result = withAnalyzers.GetAnalysisResultAsync(CancellationToken.None).Result;
        return (CpuMilliseconds() - cpu, result);
    }

    /// <summary>An analyzer that binds every method body and does nothing else: the floor of looking inside the bodies.</summary>
#pragma warning disable RS1001 // never loaded by a compiler: the profile hands it to the analysis driver itself
    private sealed class BindingOnlyAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
        // An analyzer without a diagnostic to report is skipped by the driver: this one is never reported.
#pragma warning disable RS2008 // not shipped: no release tracking
        private static readonly DiagnosticDescriptor s_never = new("BENCH0001", "Never reported", "Never reported", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_never];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxNodeAction(
                static c =>
                {
                    var declaration = (Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax)c.Node;
                    if (((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody) is { } body)
                        c.SemanticModel.GetOperation(body, c.CancellationToken);
                },
                SyntaxKind.MethodDeclaration);
        }
    }

    /// <summary>The CPU time of emitting <paramref name="compilation"/> (its binding included), on all threads.</summary>
    private static double Emit(Compilation compilation)
    {
        var cpu = CpuMilliseconds();
        using var peStream = new MemoryStream();
        var result = compilation.Emit(peStream);
        if (!result.Success)
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        return CpuMilliseconds() - cpu;
    }

    /// <summary>
    /// This process's CPU time: on a shared, loaded machine wall time measures the other processes as much as this one.
    /// </summary>
    private static double CpuMilliseconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    private static string Name(ISourceGenerator generator) => generator.GetGeneratorType().Name;

    private static void Add(Dictionary<string, List<double>> times, string name, double value)
    {
        if (!times.TryGetValue(name, out var list))
            times[name] = list = [];
        list.Add(value);
    }
}
