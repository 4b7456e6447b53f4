using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipes;

namespace GreenRuntime.Futures.Processes;

/// <summary>
/// Starts worker processes, all of them, on one background thread that lives as long as the process.
/// </summary>
/// <remarks>
/// <para>One thread because Linux's <c>PR_SET_PDEATHSIG</c> (which a worker sets, so that it dies with its parent
/// even when the parent is SIGKILLed) fires when the <em>thread</em> that forked the worker exits, not the process: a
/// worker started from a thread-pool thread would be killed when that thread retires.</para>
/// <para>One at a time because each start makes its pipes' client ends inheritable for a moment: a worker started
/// meanwhile would inherit them too, and hold another worker's pipe open after that one died. The parent closes its
/// copies right after each start and watches the processes themselves for exit, not only their pipes' ends.</para>
/// </remarks>
internal static class WorkerLauncher
{
    private static readonly BlockingCollection<Action> Starts = CreateThread();

    private static BlockingCollection<Action> CreateThread()
    {
        var starts = new BlockingCollection<Action>();
        var thread = new Thread(() =>
        {
            foreach (var start in starts.GetConsumingEnumerable())
                start();
        })
        {
            IsBackground = true,
            Name = "GreenRuntime process pool launcher",
        };
        thread.Start();
        return starts;
    }

    /// <summary>
    /// Starts a worker on the launcher thread and calls <paramref name="started"/> there with its process and the
    /// parent's ends of its pipes (requests out, replies in), or <paramref name="failed"/> with why it could not start.
    /// </summary>
    public static void Start(byte[] secretHash, Action<Process, AnonymousPipeServerStream, AnonymousPipeServerStream> started, Action<Exception> failed) =>
        Starts.Add(() =>
        {
            AnonymousPipeServerStream? requests = null, replies = null;
            Process? process = null;
            try
            {
                requests = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.Inheritable);
                replies = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
                // Only the client ends go to the worker; the parent's ends must not leak into this or any later child.
                ProcessInterop.CloseOnExec((int)requests.SafePipeHandle.DangerousGetHandle());
                ProcessInterop.CloseOnExec((int)replies.SafePipeHandle.DangerousGetHandle());
                var environment = new WorkerEnvironment(
                    int.Parse(requests.GetClientHandleAsString(), System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(replies.GetClientHandleAsString(), System.Globalization.CultureInfo.InvariantCulture),
                    Environment.ProcessId,
                    secretHash);
                var info = new ProcessStartInfo(WorkerCommandLine.FileName) { UseShellExecute = false };
                foreach (var argument in WorkerCommandLine.Arguments)
                    info.ArgumentList.Add(argument);
                info.Environment[WorkerEnvironment.Variable] = environment.Format();
                string hook = typeof(WorkerLauncher).Assembly.Location;
                info.Environment[WorkerEnvironment.StartupHooksVariable] =
                    info.Environment.TryGetValue(WorkerEnvironment.StartupHooksVariable, out var hooks) && !string.IsNullOrEmpty(hooks)
                        ? hook + Path.PathSeparator + hooks
                        : hook;
                process = new Process { StartInfo = info };
                process.Start();
            }
            catch (Exception failure)
            {
                DisposeClientCopies(requests, replies);
                requests?.Dispose();
                replies?.Dispose();
                process?.Dispose();
                Report(() => failed(failure));
                return;
            }
            DisposeClientCopies(requests, replies);
            Report(() => started(process, requests, replies));
        });

    private static void DisposeClientCopies(AnonymousPipeServerStream? requests, AnonymousPipeServerStream? replies)
    {
        requests?.DisposeLocalCopyOfClientHandle();
        replies?.DisposeLocalCopyOfClientHandle();
    }

    // The launcher thread must survive anything a pool does with a start.
    private static void Report(Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception failure)
        {
            Hubs.StandardError.WriteLine(() => $"GreenRuntime: a process pool failed to take a new worker: {Hubs.StandardError.Describe(failure)}");
        }
    }
}
