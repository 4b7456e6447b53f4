using System.Runtime.CompilerServices;

namespace GreenRuntime.Tests;

/// <summary>Puts every hub of this test run on the portable socket backend.</summary>
/// <remarks>
/// The samples the tests run in child processes get the portable backend too (<c>GREEN_HUB_BACKEND</c>, see
/// Servers/ChildProcess). The server child keeps the default one: under its lowered descriptor limit the reserve left
/// to the runtime is a few descriptors only, and a thread pool (where this backend's completions run) that grows
/// then kills the process ("Out of memory." — a new thread needs descriptors), which is .NET's limit, not the backend's.
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
