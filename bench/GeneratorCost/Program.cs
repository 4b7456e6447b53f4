using GreenRuntime.GeneratorCost;

// Issue 9's generator-cost figure (bench/README.md, "Issue 9: generator cost"):
//   build [ROUNDS] [DIR] [BASELINE]
//                          clean dotnet builds of the 1,000-method project, interleaved, with and without the generator
//                          (and with BASELINE's generator: another checkout of the repository, for before/after)
//   report [DIR]           one build with -p:ReportAnalyzer=true: the compiler's per-generator and per-analyzer times
//   profile [ROUNDS]       in process: generator steps (clean and after edits), analyzers, emit of the generated code
//   generate [ROUNDS]      in process: only clean generator runs (for perf), each one's CPU time
//   emit [ROUNDS]          in process, one thread: emitting the project with the twins, variants of them, and plain async code
//   write DIR              only write the project
string repoRoot = FindRepoRoot();
string mode = args.Length > 0 ? args[0] : "build";
return mode switch
{
    "build" => Builds.Run(repoRoot, args.Length > 1 ? int.Parse(args[1]) : 5, args.Length > 2 ? args[2] : null, args.Length > 3 ? args[3] : null),
    "report" => Builds.Report(repoRoot, args.Length > 1 ? args[1] : null),
    "profile" => Profile.Run(args.Length > 1 ? int.Parse(args[1]) : 5),
    "emit" => EmitCost.Run(args.Length > 1 ? int.Parse(args[1]) : 5),
    "generate" => Profile.Generate(args.Length > 1 ? int.Parse(args[1]) : 10),
    "write" when args.Length > 1 => Write(args[1]),
    _ => Usage(),
};

int Write(string directory)
{
    BenchProject.Write(directory, repoRoot);
    Console.WriteLine($"wrote {directory}");
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: GeneratorCost build [ROUNDS] [DIR] [BASELINE] | report [DIR] | profile [ROUNDS] | generate [ROUNDS] | emit [ROUNDS] | write DIR");
    return 2;
}

// The repository is the directory above bench/ that holds GreenThreads.sln.
static string FindRepoRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "GreenThreads.sln")))
            return directory.FullName;
    }
    throw new InvalidOperationException("GreenThreads.sln not found above " + AppContext.BaseDirectory);
}
