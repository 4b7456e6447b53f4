using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;

namespace GreenRuntime.Tests.Servers;

/// <summary>
/// A program the tests run in its own process — the samples (<c>GreenSamples</c>), the server child — with its output
/// lines; killed (with anything it started) when disposed, so a failing test leaves nothing running.
/// </summary>
/// <remarks>
/// The samples use this test run's socket backend (a portable test run starts them with <c>GREEN_HUB_BACKEND=portable</c>);
/// the server child always the default one: its lowered limit leaves the runtime a reserve of a few descriptors only,
/// too few for the thread pool the portable backend's completions run on.
/// </remarks>
internal sealed class ChildProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly BlockingCollection<string> _incoming = [];
    private readonly BlockingCollection<string> _incomingErrors = [];
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private ChildProcess(Process process) => _process = process;

    /// <summary>A plain blocking client connected to a child's server, its receives and sends bounded by <paramref name="timeout"/>.</summary>
    public static Socket Connect(EndPoint endpoint, TimeSpan timeout)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveTimeout = (int)timeout.TotalMilliseconds,
            SendTimeout = (int)timeout.TotalMilliseconds,
        };
        socket.Connect(endpoint);
        return socket;
    }

    /// <summary>Starts the samples program (<c>GreenSamples</c>) with <paramref name="arguments"/>.</summary>
    public static ChildProcess StartSamples(IEnumerable<string> arguments, int? fdLimit = null) =>
        Start(BuiltPath("SamplesPath"), arguments, fdLimit, Hub.DefaultBackend == HubBackend.Portable ? "portable" : null);

    /// <summary>
    /// Starts the GreenRuntime.Tests.ServerChild program with <paramref name="arguments"/>, and with
    /// <paramref name="environment"/>'s variables set (a null value removes the variable).
    /// </summary>
    public static ChildProcess StartServerChild(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        Start(BuiltPath("ServerChildPath"), arguments, fdLimit: null, backend: null, environment);

    /// <summary>
    /// Runs <c>dotnet <paramref name="assembly"/> <paramref name="arguments"/></c>; with <paramref name="fdLimit"/>, under
    /// <c>ulimit -n</c> (set by a shell that then <c>exec</c>s, so the process id is the program's); with
    /// <paramref name="backend"/>, on that socket backend (<c>GREEN_HUB_BACKEND</c>).
    /// </summary>
    private static ChildProcess Start(string assembly, IEnumerable<string> arguments, int? fdLimit, string? backend,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        // The test host runs under the dotnet muxer; use the same one.
        string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (fdLimit is { } limit)
        {
            info.FileName = "/bin/sh";
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"ulimit -n {limit} && exec \"$0\" \"$@\"");
        }
        else
        {
            info.FileName = dotnet;
        }
        if (fdLimit is not null)
            info.ArgumentList.Add(dotnet);
        info.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        if (backend is null)
            info.Environment.Remove("GREEN_HUB_BACKEND");
        else
            info.Environment["GREEN_HUB_BACKEND"] = backend;
        foreach (var (variable, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                info.Environment.Remove(variable);
            else
                info.Environment[variable] = value;
        }
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                child._lines.Enqueue(line);
                child._incoming.Add(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                child._errors.Enqueue(line);
                child._incomingErrors.Add(line);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The built GreenRuntime.Tests.ServerChild program (its directory holds the GreenRuntime.dll it runs with).</summary>
    public static string ServerChildPath => BuiltPath("ServerChildPath");

    private static string BuiltPath(string key)
    {
        string path = typeof(ChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        Assert.True(File.Exists(path), $"{key}: the program was not built: {path}");
        return path;
    }

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public IReadOnlyList<string> ErrorLines => _errors.ToArray();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Transcript =>
        $"Child stdout:{Environment.NewLine}{string.Join(Environment.NewLine, _lines)}{Environment.NewLine}" +
        $"Child stderr:{Environment.NewLine}{string.Join(Environment.NewLine, _errors)}";

    /// <summary>Waits for the next stdout line starting with <paramref name="prefix"/> (lines before it are skipped, but kept in <see cref="Lines"/>).</summary>
    public string WaitForLine(string prefix, TimeSpan timeout) => WaitFor(_incoming, line => line.StartsWith(prefix, StringComparison.Ordinal), $"stdout line starting with '{prefix}'", timeout);

    /// <summary>Waits for the next stderr line containing <paramref name="part"/>.</summary>
    public string WaitForErrorLine(string part, TimeSpan timeout) => WaitFor(_incomingErrors, line => line.Contains(part, StringComparison.Ordinal), $"stderr line containing '{part}'", timeout);

    private string WaitFor(BlockingCollection<string> incoming, Func<string, bool> match, string what, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var left = timeout - watch.Elapsed;
            if (left <= TimeSpan.Zero || !incoming.TryTake(out var line, left))
                throw new TimeoutException($"The child printed no {what} within {timeout} (exited: {_process.HasExited}). {Transcript}");
            if (match(line))
                return line;
        }
    }

    /// <summary>Reads the endpoint from a line such as <c>echo server on 127.0.0.1:41234 (...)</c>.</summary>
    public static IPEndPoint EndpointIn(string line) =>
        IPEndPoint.Parse(line.Split(' ').First(word => word.StartsWith("127.0.0.1:", StringComparison.Ordinal)));

    /// <summary>Sends <paramref name="signal"/> to the child.</summary>
    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}. {Transcript}");
    }

    /// <summary>Waits for the child to exit (and its output to be read); throws if it is still running after <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"The child did not exit within {timeout}. {Transcript}");
        _process.WaitForExit(); // drains the output events
        return _process.ExitCode;
    }

    /// <summary>Writes a line to the child's standard input.</summary>
    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Writes <paramref name="bytes"/> to the child's standard input as they are.</summary>
    public void WriteBytes(byte[] bytes)
    {
        _process.StandardInput.BaseStream.Write(bytes);
        _process.StandardInput.BaseStream.Flush();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
