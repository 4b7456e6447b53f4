using System.Runtime.CompilerServices;

namespace GreenRuntime.Tests;

/// <summary>Puts every hub of this test run on the portable socket backend.</summary>
/// <remarks>
/// Child processes (the fd-exhaustion test's server child) keep the default backend: on the portable backend
/// completions run on the .NET thread pool, and a thread pool that grows while descriptors are exhausted kills
/// the process ("Out of memory." — a new thread needs descriptors), which is .NET's limit, not the backend's.
/// </remarks>
internal static class PortableBackend
{
    /// <summary>Runs before any test: hubs read <see cref="Hub.DefaultBackend"/> when their thread creates them.</summary>
    [ModuleInitializer]
    internal static void UsePortableBackend()
    {
        Hub.DefaultBackend = HubBackend.Portable;
        // Socket completions reach the hubs through the .NET thread pool, which the test host keeps busy with
        // blocked threads (test bodies join their hub threads); a starved pool adds a thread only every ~0.5 s.
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), completionPorts);
    }
}
