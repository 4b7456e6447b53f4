using GreenRuntime.Futures.Processes;

/// <summary>
/// .NET's startup hook (<c>DOTNET_STARTUP_HOOKS</c>): the runtime calls <see cref="Initialize"/> before the program's
/// <c>Main</c>. A <c>ProcessPoolExecutor</c> starts its workers as the user's own program with this assembly as the hook,
/// so a worker is taken over here — nothing to install or configure — and never reaches <c>Main</c>. In any other
/// process (no worker environment) it returns at once.
/// </summary>
internal static class StartupHook
{
    internal static void Initialize() => WorkerMode.Enter();
}
