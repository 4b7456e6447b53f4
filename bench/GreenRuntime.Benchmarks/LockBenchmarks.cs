using BenchmarkDotNet.Attributes;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Uncontended <see cref="GreenLock"/> acquire + release inside a greenlet (issue 8: ≤ 10 ns, 0 bytes), with .NET's
/// own <see cref="Lock"/> in the same loop shape as the baseline, and a <see cref="GreenLocal{T}"/> read in a greenlet.
/// </summary>
/// <remarks>
/// Each invocation spawns one greenlet (a real <c>[Greenlet]</c> method in <see cref="LockBodies"/>) that makes
/// <see cref="Operations"/> calls and is joined; the spawn and join are spread over them (under 0.001 ns each).
/// </remarks>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class LockBenchmarks
{
    /// <summary>Calls per invocation.</summary>
    public const int Operations = 1_000_000;

    private GreenLock _greenLock = null!;
    private GreenLocal<int> _local = null!;
    private readonly Lock _lock = new();

    /// <summary>Creates the primitives on the thread whose hub runs the benchmarks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _greenLock = new GreenLock();
        _local = new GreenLocal<int>();
    }

    /// <summary><c>myLock.Acquire()</c> then <c>myLock.Release()</c> in a greenlet, nobody else waiting; per pair.</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "GreenLock Acquire+Release in a greenlet")]
    public void GreenLockAcquireRelease() => Green.Spawn(LockBodies.LockAndRelease, _greenLock, Operations).Join();

    /// <summary><c>using (myLock.EnterScope()) { }</c> in a greenlet; per scope.</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "GreenLock using EnterScope() in a greenlet")]
    public void GreenLockScope() => Green.Spawn(LockBodies.LockScope, _greenLock, Operations).Join();

    /// <summary>The baseline: <c>using (lock.EnterScope()) { }</c> on a <see cref="Lock"/> from ordinary code; per scope.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Operations, Description = "System.Threading.Lock EnterScope")]
    public void ThreadingLockScope()
    {
        var gate = _lock;
        for (int i = 0; i < Operations; i++)
        {
            using (gate.EnterScope())
            {
            }
        }
    }

    /// <summary><c>local.Value</c> read in a greenlet that stored one; per read.</summary>
    [Benchmark(OperationsPerInvoke = Operations, Description = "GreenLocal<int>.Value get in a greenlet")]
    public int GreenLocalGet() => Green.Spawn(LockBodies.ReadLocal, _local, Operations).Get();
}
