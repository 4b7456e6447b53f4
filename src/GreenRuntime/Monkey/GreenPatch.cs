namespace GreenRuntime;

/// <summary>
/// The tiers and groups of the compile-time patches that make blocking calls green inside <c>[Greenlet]</c> methods —
/// what gevent's <c>patch_all(socket=..., time=...)</c> switches. Everything is on by default; switch parts off per
/// assembly with <see cref="GreenPatchesAttribute"/> or the MSBuild property <c>GreenPatchesOff</c>.
/// </summary>
/// <remarks>
/// A call is left as written (blocking the hub) when its tier or its group is off: <c>Off = GreenPatch.Offload</c>
/// leaves every offloaded call blocking, <c>Off = GreenPatch.Console</c> only the console reads. Calls of
/// <c>[Greenlet]</c> methods and GreenRuntime's own waits are always green. Analyzer warning GRN0032 marks each call
/// a setting left blocking.
/// </remarks>
[Flags]
public enum GreenPatch
{
    /// <summary>Nothing switched off.</summary>
    None = 0,

    /// <summary>Tier 2: calls with an <c>XxxAsync</c> twin become awaits of the twin.</summary>
    AsyncTwins = 1 << 0,

    /// <summary>Tier 3: known blocking calls with no twin run on the offload thread pool while the greenlet waits.</summary>
    Offload = 1 << 1,

    /// <summary><c>Thread.Sleep</c>, <c>Task.Delay(...).Wait()</c>.</summary>
    Time = 1 << 2,

    /// <summary><c>Socket</c>, <c>TcpListener</c>, <c>TcpClient</c>, <c>NetworkStream</c>.</summary>
    Sockets = 1 << 3,

    /// <summary>Streams, readers and writers (<c>Stream</c>, <c>StreamReader</c>, <c>TextWriter</c>, ...).</summary>
    Streams = 1 << 4,

    /// <summary>The file system (<c>File</c>, <c>FileStream</c>, ...).</summary>
    Files = 1 << 5,

    /// <summary>Name resolution (<c>Dns</c>).</summary>
    Dns = 1 << 6,

    /// <summary>HTTP (<c>HttpClient</c>).</summary>
    Http = 1 << 7,

    /// <summary>Processes (<c>Process.WaitForExit</c>).</summary>
    Processes = 1 << 8,

    /// <summary>Waiting for tasks (<c>Task.Wait</c>, <c>Task.Result</c>, <c>GetAwaiter().GetResult()</c>).</summary>
    Tasks = 1 << 9,

    /// <summary>
    /// The waits of <c>System.Threading</c> and <c>BlockingCollection&lt;T&gt;</c> (<c>ManualResetEventSlim.Wait</c>,
    /// <c>WaitHandle.WaitOne</c>, <c>Thread.Join</c>, <c>SemaphoreSlim.Wait</c>, <c>BlockingCollection.Take</c>, ...).
    /// </summary>
    Synchronization = 1 << 10,

    /// <summary>Console reads (<c>Console.ReadLine</c>, <c>Console.Read</c>, <c>Console.ReadKey</c>).</summary>
    Console = 1 << 11,
}
