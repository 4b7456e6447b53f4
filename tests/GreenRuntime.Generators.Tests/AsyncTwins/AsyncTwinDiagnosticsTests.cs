using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.AsyncTwins;

/// <summary>
/// The analyzer agrees with the async-twin bridge because both ask <c>SuspensionPoints.Classify</c>: a call the
/// generator bridges is no known blocking call (GRN0021), and one it has to leave where it stands (a lock, a lambda on
/// the hub) is reported as a suspension point that cannot suspend there.
/// </summary>
public class AsyncTwinDiagnosticsTests
{
    [Fact]
    public async Task Bridged_calls_and_task_waits_are_not_reported_as_blocking()
    {
        await VerifyAsync("""
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run(SemaphoreSlim semaphore, Task<int> task, ValueTask<int> valueTask, Stream stream, byte[] buffer)
                {
                    semaphore.Wait();
                    task.Wait();
                    int n = stream.Read(buffer, 0, buffer.Length);
                    return n + task.Result + valueTask.Result + task.GetAwaiter().GetResult() + task.ConfigureAwait(false).GetAwaiter().GetResult();
                }
            }
            """, "GRN0021");
    }

    [Fact]
    public async Task A_bridged_call_left_blocking_where_it_stands_is_reported_there()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run(SemaphoreSlim semaphore, Task<int> task, object gate, int[] items)
                {
                    lock (gate)
                    {
                        [|semaphore.Wait()|];
                        return [|task.Result|] + items.Sum(i => {|GRN0010:task.Result|});
                    }
                }
            }
            """, "GRN0009");
        Assert.Contains(build.Green, d => d.Id == "GRN0009" && d.GetMessage().Contains("'Task<TResult>.Result'"));
        Assert.Contains(build.Green, d => d.Id == "GRN0009" && d.GetMessage().Contains("'SemaphoreSlim.Wait'"));
    }

    [Fact]
    public async Task A_wait_the_bridge_cannot_take_stays_a_known_blocking_call()
    {
        await VerifyAsync("""
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run(Task<int> task, bool capture) =>
                    [|task.ConfigureAwait(capture).GetAwaiter().GetResult()|] + ([|task.Wait(100)|] ? 1 : 0);
            }
            """, "GRN0021");
    }
}
