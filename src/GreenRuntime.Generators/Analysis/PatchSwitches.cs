namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// The generator's copy of the runtime's <c>GreenRuntime.GreenPatch</c> (same names, same bits; a test ties them):
/// the tiers and groups a patch configuration can switch off, and which of them govern a suspension point.
/// </summary>
[System.Flags]
internal enum PatchSwitches
{
    None = 0,
    AsyncTwins = 1 << 0,
    Offload = 1 << 1,
    Time = 1 << 2,
    Sockets = 1 << 3,
    Streams = 1 << 4,
    Files = 1 << 5,
    Dns = 1 << 6,
    Http = 1 << 7,
    Processes = 1 << 8,
    Tasks = 1 << 9,
    Synchronization = 1 << 10,
    Console = 1 << 11,
}
