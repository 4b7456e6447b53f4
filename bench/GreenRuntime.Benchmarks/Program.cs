using BenchmarkDotNet.Running;
using GreenRuntime.Benchmarks;

// dotnet run -c Release -- memory [rounds] [warm-up seconds] bytes per parked greenlet, bytes per yield (custom mode)
// dotnet run -c Release -- tiering [seconds]  bytes per yield over time, while the JIT tiers up
// dotnet run -c Release -- profile            per-object layout of a parked greenlet (where the bytes go)
// dotnet run -c Release -- loop NAME SECONDS  runs one body in a loop, for perf
// dotnet run -c Release -- [BenchmarkDotNet args, e.g. --filter '*']   the timings
switch (args.FirstOrDefault())
{
    case "memory":
        MemoryFigures.Run(args.Length > 1 ? int.Parse(args[1]) : 5, args.Length > 2 ? double.Parse(args[2]) : 6);
        break;
    case "tiering":
        MemoryFigures.TieringProbe(args.Length > 1 ? double.Parse(args[1]) : 6);
        break;
    case "profile":
        LayoutProfile.Run();
        break;
    case "loop":
        HotLoop.Run(args[1], args.Length > 2 ? double.Parse(args[2]) : 10);
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(args);
        break;
}
