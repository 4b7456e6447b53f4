namespace GreenRuntime.CompilerServices;

/// <summary>The method options of the small methods every yield runs through, whoever calls them.</summary>
/// <remarks>
/// A JIT-compiled method starts as unoptimised Tier-0 code and is recompiled only after the runtime's tiering
/// delay (100 ms; 1 s when the process has one core; restarted by every new Tier-0 compilation) and 30 counted
/// calls, first as instrumented code and then optimised. A short green program can spend its whole life in
/// Tier-0 code, several times slower per yield, and how long that lasts differs from run to run. The methods
/// marked with these options are compiled optimised on their first call instead: the awaiter, the twin's
/// builder and box (generic over the twin's state machine, so every instantiation gets it — which precompiling
/// the assembly could not give), the run queue, <see cref="Hub.Current"/>. A twin compiled at Tier 1 inlines them,
/// so they lose nothing in steady state. The loop itself (<c>Hub.RunTurn</c>, <c>RunBatch</c>, <c>Dispatch</c>) is
/// left to tier up normally: compiled this way it would lose dynamic PGO, which devirtualises the resumption call
/// and inlines the loop's helpers — measured 30-45 % slower per yield in steady state (bench/README.md).
/// </remarks>
internal static class HotPath
{
    /// <summary><see cref="MethodImplOptions.AggressiveOptimization"/>: compiled optimised at once, never at Tier 0.</summary>
    public const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
}
