namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Which group of blocking calls a suspension point patches (gevent's <c>patch_all(socket=..., time=...)</c>): what the
/// patch configuration switches off by name. <see cref="None"/> for points that are not patches (<c>[Greenlet]</c> calls,
/// GreenRuntime's own waits) and for patched calls of no particular group.
/// </summary>
internal enum PatchGroup
{
    /// <summary>No group.</summary>
    None,

    /// <summary><c>Thread.Sleep</c>, <c>Task.Delay(...).Wait()</c>.</summary>
    Time,

    /// <summary><c>System.Net.Sockets</c>: <c>Socket</c>, <c>TcpClient</c>, <c>TcpListener</c>, <c>UdpClient</c>.</summary>
    Sockets,

    /// <summary><c>Stream</c>, <c>TextReader</c>, <c>TextWriter</c> and their subclasses (but <c>FileStream</c>: <see cref="Files"/>).</summary>
    Streams,

    /// <summary><c>System.IO.File</c>, <c>Directory</c>, <c>FileStream</c>.</summary>
    Files,

    /// <summary><c>System.Net.Dns</c>.</summary>
    Dns,

    /// <summary><c>System.Net.Http</c> (<c>HttpClient.Send</c>, ...).</summary>
    Http,

    /// <summary><c>System.Diagnostics.Process</c>.</summary>
    Processes,

    /// <summary>Waits for a <c>Task</c> or <c>ValueTask</c>: <c>Wait()</c>, <c>Result</c>, <c>GetAwaiter().GetResult()</c>.</summary>
    Tasks,

    /// <summary><c>System.Threading</c>'s primitives: <c>SemaphoreSlim.Wait</c>, ...</summary>
    Synchronization,

    /// <summary><c>System.Console</c> and its <c>In</c>, <c>Out</c> and <c>Error</c>.</summary>
    Console,
}
