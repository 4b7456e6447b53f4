using System.Runtime.CompilerServices;

namespace GreenRuntime.Tests;

/// <summary>Puts every hub of this test run, and of the processes it starts, on the portable socket backend.</summary>
internal static class PortableBackend
{
    /// <summary>Runs before any test: hubs read <see cref="Hub.DefaultBackend"/> when their thread creates them.</summary>
    [ModuleInitializer]
    internal static void UsePortableBackend()
    {
        Hub.DefaultBackend = HubBackend.Portable;
        // Child processes (the server child of the fd-exhaustion test) read the environment instead.
        Environment.SetEnvironmentVariable("GREEN_HUB_BACKEND", "portable");
    }
}
