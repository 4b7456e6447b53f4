using BenchmarkDotNet.Running;
using GreenRuntime.Benchmarks;

// dotnet run -c Release -- micro              dotnet_micro's shapes for green, one shot, micro_bench.sh's output format
// dotnet run -c Release -- memory [rounds] [warm-up seconds] bytes per parked greenlet, bytes per yield (custom mode)
// dotnet run -c Release -- tiering [seconds] [-v] [--direct]  a fresh process's yield cost while the JIT tiers up (bench/tiering.sh: 20 processes)
// dotnet run -c Release -- tierbytes [seconds]  bytes per yield over time, while the JIT tiers up
// dotnet run -c Release -- queuememory [rounds]  bytes per greenlet parked on a queue's Get vs on Green.Sleep (issue 8)
// dotnet run -c Release -- profile            per-object layout of a parked greenlet (where the bytes go)
// dotnet run -c Release -- phases [N] [rounds]  time and bytes of each phase of a green spawn+join
// dotnet run -c Release -- loop NAME SECONDS [N]  runs one body in a loop (for perf), prints ns/op and GC share
// dotnet run -c Release -- allocs NAME SECONDS [N]  the same loop under an allocation sampler (bytes by type)
// dotnet run -c Release -- lineserver KIND PORT  a .NET line echo server (streamreader, pipereader): bench/line_echo.sh's peers
// dotnet run -c Release -- roundtrip [rounds] [trips]  issue 10's tiny process-pool round trip, wall and CPU per trip (both processes)
// dotnet run -c Release -- twinprobe          what each async twin really does: returns at once, or waits on the caller (issue 9)
// dotnet run -c Release -- [BenchmarkDotNet args, e.g. --filter '*']   the timings
switch (args.FirstOrDefault())
{
    case "micro":
        MicroShape.Run();
        break;
    case "memory":
        MemoryFigures.Run(args.Length > 1 ? int.Parse(args[1]) : 5, args.Length > 2 ? double.Parse(args[2]) : 6);
        break;
    case "tiering":
        TieringProbe.Run(args.Length > 1 && char.IsDigit(args[1][0]) ? double.Parse(args[1]) : 1, args.Contains("-v"), args.Contains("--direct"));
        break;
    case "tierbytes":
        MemoryFigures.TieringProbe(args.Length > 1 ? double.Parse(args[1]) : 6);
        break;
    case "queuememory":
        QueueMemory.Run(args.Length > 1 ? int.Parse(args[1]) : 5);
        break;
    case "profile":
        LayoutProfile.Run();
        break;
    case "phases":
        SpawnPhases.Run(args.Length > 1 ? int.Parse(args[1]) : 1_000, args.Length > 2 ? int.Parse(args[2]) : 200);
        break;
    case "allocs":
        HotLoop.Run(args[1], args.Length > 2 ? double.Parse(args[2]) : 10, args.Length > 3 ? int.Parse(args[3]) : 1_000_000, allocations: true);
        break;
    case "roundtrip":
        RoundTripProbe.Run(args.Length > 1 ? int.Parse(args[1]) : 10, args.Length > 2 ? int.Parse(args[2]) : 20_000);
        break;
    case "twinprobe":
        TwinProbe.Run();
        break;
    case "loop":
        HotLoop.Run(args[1], args.Length > 2 ? double.Parse(args[2]) : 10, args.Length > 3 ? int.Parse(args[3]) : 1_000_000);
        break;
    case "lineserver":
        LineEchoPeers.Run(args[1], int.Parse(args[2]));
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(SpawnJoinBenchmarks).Assembly).Run(args);
        break;
}
