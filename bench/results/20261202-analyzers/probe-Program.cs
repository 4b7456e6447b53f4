using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using GreenRuntime.GeneratorCost;

// probe GENDLL RUNTIMEDLL ROUNDS [only]
var gen = Assembly.LoadFrom(args[0]);
var runtimeRef = MetadataReference.CreateFromFile(args[1]);
int rounds = int.Parse(args[2]);
string? only = args.Length > 3 ? args[3] : null;
var parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest).WithFeatures([new("InterceptorsNamespaces", "GreenRuntime.Generated")]);
var trees = Enumerable.Range(0, BenchProject.Classes)
    .Select(i => CSharpSyntaxTree.ParseText(BenchProject.Class(i), parse, path: "/src/" + BenchProject.FileName(i)))
    .Append(CSharpSyntaxTree.ParseText(BenchProject.Program, parse, path: "/src/Program.cs"));
var compilation = CSharpCompilation.Create("GeneratorCost.Bench", trees, [.. Net100.References.All, runtimeRef],
    new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
var generators = gen.GetTypes().Where(t => t.GetCustomAttribute<GeneratorAttribute>() is not null && typeof(IIncrementalGenerator).IsAssignableFrom(t))
    .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator()).ToImmutableArray();
var analyzerTypes = gen.GetTypes().Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null && !t.IsAbstract).ToList();
CSharpGeneratorDriver.Create(generators, parseOptions: parse).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
Console.WriteLine($"{output.SyntaxTrees.Count()} trees; {string.Join(",", output.SyntaxTrees.Skip(51).Take(2).Select(t => t.FilePath))}");
ImmutableArray<DiagnosticAnalyzer> Make(Func<Type, bool> which) => analyzerTypes.Where(which).Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();
var sets = new List<(string, Func<ImmutableArray<DiagnosticAnalyzer>>)>
{
    ("floor", () => [new BindingOnly()]),
    ("floor+ops", () => [new OperationsOnly()]),
    ("all", () => Make(_ => true)),
};
if (only == "ALL") sets.RemoveAll(x => x.Item1 != "all");
else foreach (var t in analyzerTypes)
    if (only is null || t.Name.Contains(only)) sets.Add((t.Name, () => Make(x => x == t)));
var times = sets.ToDictionary(s => s.Item1, _ => new List<double>());
int diags = 0;
for (int r = 0; r <= rounds; r++)
{
    foreach (var (name, make) in sets)
    {
        var cwa = output.Clone().WithAnalyzers(make(), new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = cwa.GetAnalysisResultAsync(CancellationToken.None).Result;
        var ms = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        if (name == "all") diags = result.GetAllDiagnostics().Length;
        if (r > 0) times[name].Add(ms);
    }
}
Console.WriteLine($"diagnostics {diags}");
foreach (var (name, list) in times) { list.Sort(); Console.WriteLine($"{name,-32} {list[list.Count / 2],8:F0} ms  [{string.Join(" ", list.Select(x => x.ToString("F0")))}]"); }

sealed class BindingOnly : DiagnosticAnalyzer
{
    static readonly DiagnosticDescriptor s = new("B1", "x", "x", "x", DiagnosticSeverity.Hidden, true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s];
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution(); context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(c => { var d = (Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax)c.Node; if (((SyntaxNode?)d.Body ?? d.ExpressionBody) is { } b) c.SemanticModel.GetOperation(b, c.CancellationToken); }, SyntaxKind.MethodDeclaration);
    }
}
sealed class OperationsOnly : DiagnosticAnalyzer
{
    static readonly DiagnosticDescriptor s = new("B2", "x", "x", "x", DiagnosticSeverity.Hidden, true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s];
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution(); context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
    }
}
