using System.Security.Cryptography;
using System.Text.Json;
using GreenRuntime.Hubs;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// A process pool's worker: the user's program started again with <see cref="WorkerEnvironment"/> set, taken over by
/// the startup hook before <c>Main</c>. It checks that its parent started it (the parent's process id, then the pool's
/// secret read from the inherited pipe against the hash in its environment), runs the pool's initializer, then runs
/// work items one at a time until the parent says exit or goes away; then it exits without running <c>Main</c>.
/// </summary>
internal static class WorkerMode
{
    /// <summary>The exit code of a process that refused to become a worker.</summary>
    public const int RefusedExitCode = 78;

    /// <summary>The exit code of a worker whose initializer threw.</summary>
    public const int InitializerFailedExitCode = 79;

    /// <summary>How long a worker waits for its parent's hello before it refuses.</summary>
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The pipe the worker replies on; tests write garbage to it to check the parent survives.</summary>
    internal static Stream? ReplyStream { get; private set; }

    /// <summary>Whether this process is a process pool's worker (tests assert the initializer runs only in one).</summary>
    internal static bool IsWorker { get; private set; }

    /// <summary>Becomes a worker and exits, if the environment says so; returns at once otherwise.</summary>
    public static void Enter()
    {
        if (Environment.GetEnvironmentVariable(WorkerEnvironment.Variable) is not { } value)
            return;
        // Not for the processes the tasks start: they are ordinary programs again.
        Environment.SetEnvironmentVariable(WorkerEnvironment.Variable, null);
        RemoveOwnStartupHook();
        int exitCode;
        try
        {
            exitCode = Run(value);
        }
        catch (Exception failure)
        {
            StandardError.WriteLine(() => $"GreenRuntime: process pool worker {Environment.ProcessId} failed: {StandardError.Describe(failure)}");
            exitCode = 1;
        }
        try
        {
            Console.Out.Flush();
        }
        catch (Exception)
        {
            // Standard output is gone (or was one of the pipes): nothing left to flush.
        }
        Environment.Exit(exitCode);
    }

    private static int Run(string value)
    {
        if (WorkerEnvironment.Parse(value) is not { } environment)
            return Refuse($"{WorkerEnvironment.Variable} is not a value this runtime wrote");
        if (OperatingSystem.IsWindows())
            return Refuse("process pool workers run on Linux and macOS only");
        if (ProcessInterop.GetParentProcessId() != environment.ParentProcessId)
            return Refuse("this process was not started by the process pool that the environment names");
        ProcessInterop.KillMeWhenParentDies();
        if (ProcessInterop.GetParentProcessId() != environment.ParentProcessId)
            return 0; // the parent died before the kernel could be told: nothing to work for

        using var requests = PipeEnd(environment.RequestFd, FileAccess.Read);
        using var replies = PipeEnd(environment.ReplyFd, FileAccess.Write);
        ProcessInterop.CloseOnExec(environment.RequestFd);
        ProcessInterop.CloseOnExec(environment.ReplyFd);
        var reader = new FrameReader();

        if (!ProcessInterop.WaitReadable(environment.RequestFd, (int)HelloTimeout.TotalMilliseconds))
            return Refuse("no hello from the parent");
        (FrameKind Kind, byte[] Payload)? hello;
        try
        {
            hello = reader.ReadFrame(requests);
        }
        catch (InvalidDataException)
        {
            return Refuse("the first message is not the pool's hello");
        }
        if (hello is not (FrameKind.Hello, var helloPayload))
            return Refuse("the first message is not the pool's hello");
        JsonElement settings;
        try
        {
            using var document = JsonDocument.Parse(helloPayload);
            settings = document.RootElement.Clone();
            var secret = Convert.FromBase64String(Wire.String(settings, "secret"));
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(secret), environment.SecretHash))
                return Refuse("the secret does not match");
        }
        catch (Exception failure) when (failure is JsonException or FormatException or InvalidDataException)
        {
            return Refuse("the hello is malformed");
        }

        IsWorker = true;
        ReplyStream = replies;
        if (settings.TryGetProperty("initializer", out var initializer) && initializer.ValueKind == JsonValueKind.Object)
        {
            var (_, target, arguments, _) = WorkItem.Parse(initializer);
            using var outcome = JsonDocument.Parse(WorkerCalls.Run(0, target, arguments, chunk: false));
            if (outcome.RootElement.TryGetProperty("error", out var error))
            {
                Send(replies, FrameKind.InitializerFailed, Wire.Object(error, static (writer, e) =>
                {
                    writer.WritePropertyName("error");
                    e.WriteTo(writer);
                }));
                return InitializerFailedExitCode;
            }
        }
        Send(replies, FrameKind.Ready, Wire.Object(Environment.ProcessId, static (writer, pid) => writer.WriteNumber("pid", pid)));

        while (reader.ReadFrame(requests) is var (kind, payload))
        {
            if (kind == FrameKind.Exit)
                return 0;
            if (kind != FrameKind.Work)
                throw new InvalidDataException($"The parent sent a {kind} frame where work was expected.");
            byte[] reply;
            using (var item = JsonDocument.Parse(payload))
            {
                var (id, target, arguments, chunk) = WorkItem.Parse(item.RootElement, WorkerCalls.LastTarget);
                reply = WorkerCalls.Run(id, target, arguments, chunk, frame: true);
            }
            Send(replies, reply);
        }
        return 0; // the parent closed the pipe: it is gone
    }

    // A plain unbuffered stream over the inherited descriptor: PipeStream on Unix wraps a pipe in a Socket, which
    // loads the sockets assembly and starts its engine — a tenth of a worker's start-up, for two blocking pipes.
    private static FileStream PipeEnd(int fd, FileAccess access) =>
        new(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), access, bufferSize: 0);

    private static void Send(Stream replies, FrameKind kind, byte[] payload) => Send(replies, Frames.Build(kind, payload));

    private static void Send(Stream replies, byte[] frame)
    {
        replies.Write(frame);
        replies.Flush();
    }

    private static int Refuse(string why)
    {
        StandardError.WriteLine(() =>
            $"GreenRuntime: process {Environment.ProcessId} refuses to run as a process pool worker: {why}. " +
            $"Worker mode is entered only by a ProcessPoolExecutor's own workers; unset {WorkerEnvironment.Variable} to run the program.");
        return RefusedExitCode;
    }

    private static void RemoveOwnStartupHook()
    {
        if (Environment.GetEnvironmentVariable(WorkerEnvironment.StartupHooksVariable) is not { } hooks)
            return;
        string own = typeof(WorkerMode).Assembly.Location;
        var rest = hooks.Split(Path.PathSeparator).Where(hook => hook != own).ToArray();
        Environment.SetEnvironmentVariable(WorkerEnvironment.StartupHooksVariable, rest.Length == 0 ? null : string.Join(Path.PathSeparator, rest));
    }
}
