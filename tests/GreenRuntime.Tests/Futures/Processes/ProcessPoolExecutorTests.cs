using System.Diagnostics;
using System.Security.Cryptography;
using GreenRuntime.Futures;
using GreenRuntime.Futures.Processes;
using GreenRuntime.Tests.Servers;

namespace GreenRuntime.Tests.Futures.Processes;

/// <summary>
/// <c>ProcessPoolExecutor</c> end to end with real worker processes: this test host started again and taken over by
/// GreenRuntime's startup hook (CPython's test_process_pool, test_shutdown and test_deadlock, ported where they apply).
/// One class, so the pools do not compete with each other for the two cores.
/// </summary>
public class ProcessPoolExecutorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Results_come_back_from_worker_processes_with_their_own_ids()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 2);
        var squares = Enumerable.Range(0, 20).Select(i => pool.Submit(WorkerTasks.Square, i)).ToList();
        var ids = Enumerable.Range(0, 4).Select(_ => pool.Submit(WorkerTasks.Sleep, 100)).ToList();
        var pids = Enumerable.Range(0, 4).Select(_ => pool.Submit(WorkerTasks.ProcessId)).ToList();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i * i), squares.Select(f => f.Result(Patience)));
        Assert.All(ids, f => Assert.Equal(100, f.Result(Patience)));
        var workerIds = pids.Select(f => f.Result(Patience)).ToHashSet();
        Assert.DoesNotContain(Environment.ProcessId, workerIds);
        Assert.InRange(workerIds.Count, 1, 2);
    }

    [Fact]
    public void Arguments_and_results_cross_as_their_declared_types()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1);
        Assert.Equal("a b|2|0.5|True", pool.Submit(WorkerTasks.Join, "a b", 2, 0.5, true).Result(Patience));
        Assert.Equal(new Point(5, 2), pool.Submit(WorkerTasks.Move, new Point(1, 2), 4).Result(Patience));
        var (sum, words) = pool.Submit(WorkerTasks.Split, "to be or").Result(Patience);
        Assert.Equal(8, sum);
        Assert.Equal(["to", "be", "or"], words);
        Assert.Equal([2, 4, 6, 8, 10, 12, 14], pool.Map(WorkerTasks.Double, Enumerable.Range(1, 7), chunkSize: 3));
    }

    [Fact]
    public void A_worker_exception_reaches_Result_with_its_type_message_and_remote_stack()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1);
        var thrown = Assert.Throws<InvalidOperationException>(() => pool.Submit(WorkerTasks.Throw, "boom").Result(Patience));
        Assert.Equal("boom", thrown.Message);
        Assert.Contains(nameof(WorkerTasks.Throw), (string)thrown.Data["RemoteStackTrace"]!);
        var remote = Assert.IsType<RemoteWorkerException>(thrown.InnerException);
        Assert.Contains(nameof(WorkerTasks.Throw), remote.ToString());

        // A type without a (string) constructor cannot be re-created: it arrives named, with its message.
        var unnamed = Assert.Throws<RemoteWorkerException>(() => pool.Submit(WorkerTasks.ThrowWithoutMessageConstructor).Result(Patience));
        Assert.Equal(typeof(NoMessageConstructorException).FullName, unnamed.RemoteType);
        Assert.Equal("no (string) constructor here", unnamed.RemoteMessage);
        Assert.Contains(nameof(WorkerTasks.ThrowWithoutMessageConstructor), unnamed.RemoteStackTrace);

        Assert.Equal(9, pool.Submit(WorkerTasks.Square, 3).Result(Patience)); // the worker goes on
    }

    [Fact]
    public void A_worker_killed_mid_task_breaks_the_pool_but_keeps_delivered_results()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1);
        var delivered = pool.Submit(WorkerTasks.Square, 7);
        Assert.Equal(49, delivered.Result(Patience));
        int pid = pool.Submit(WorkerTasks.ProcessId).Result(Patience);
        var running = pool.Submit(WorkerTasks.SleepLong);
        var queued = pool.Submit(WorkerTasks.Square, 8);
        Assert.True(running.Running);

        using (var worker = Process.GetProcessById(pid))
            worker.Kill();

        var broken = Assert.Throws<BrokenProcessPoolException>(() => running.Result(Patience));
        Assert.Contains($"pid {pid}", broken.Message);
        Assert.Throws<BrokenProcessPoolException>(() => queued.Result(Patience));
        Assert.Equal(49, delivered.Result());
        Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerTasks.Square, 1));
    }

    [Fact]
    public void A_worker_that_fails_fast_or_overflows_its_stack_breaks_the_pool()
    {
        using (var pool = new ProcessPoolExecutor(maxWorkers: 1))
        {
            var delivered = pool.Submit(WorkerTasks.Square, 2);
            Assert.Equal(4, delivered.Result(Patience));
            var dying = pool.Submit(WorkerTasks.FailFast);
            var queued = pool.Submit(WorkerTasks.Square, 3);
            Assert.Throws<BrokenProcessPoolException>(() => dying.Result(Patience));
            Assert.Throws<BrokenProcessPoolException>(() => queued.Result(Patience));
            Assert.Equal(4, delivered.Result());
        }
        using (var pool = new ProcessPoolExecutor(maxWorkers: 1))
        {
            Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerTasks.Overflow, 0).Result(Patience));
            Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerTasks.Square, 1));
        }
    }

    [Fact]
    public void MaxTasksPerChild_replaces_each_worker_after_that_many_calls()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1, maxTasksPerChild: 2);
        var pids = Enumerable.Range(0, 6).Select(_ => pool.Submit(WorkerTasks.ProcessId).Result(Patience)).ToList();
        Assert.Equal(pids[0], pids[1]);
        Assert.Equal(pids[2], pids[3]);
        Assert.Equal(pids[4], pids[5]);
        Assert.Equal(3, pids.Distinct().Count());
    }

    [Fact]
    public void The_initializer_runs_once_in_each_worker_and_never_in_the_parent()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 2, initializer: WorkerTasks.Initialize, maxTasksPerChild: 3);
        var counts = Enumerable.Range(0, 9).Select(_ => pool.Submit(WorkerTasks.Initializations)).ToList();
        Assert.All(counts, f => Assert.Equal(1, f.Result(Patience)));
        Assert.Equal(0, WorkerTasks.InitializationsHere);
    }

    [Fact]
    public void A_failing_initializer_breaks_the_pool()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1, initializer: WorkerTasks.FailingInitialize);
        var broken = Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerTasks.Square, 1).Result(Patience));
        var cause = Assert.IsType<InvalidOperationException>(broken.InnerException);
        Assert.Equal("the initializer fails on purpose", cause.Message);
        Assert.Throws<BrokenProcessPoolException>(() => pool.Submit(WorkerTasks.Square, 2));
    }

    [Fact]
    public void A_worker_writing_garbage_to_its_pipe_fails_only_its_own_future()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1);
        var garbled = pool.Submit(WorkerTasks.WriteGarbage);
        var after = pool.Submit(WorkerTasks.Square, 3);
        var malformed = Assert.Throws<InvalidDataException>(() => garbled.Result(Patience));
        Assert.Contains("malformed", malformed.Message);
        Assert.Equal(9, after.Result(Patience));
        Assert.Equal(16, pool.Submit(WorkerTasks.Square, 4).Result(Patience));
    }

    [Fact]
    public void A_thread_blocked_on_a_running_call_reads_its_reply_itself()
    {
        if (!OperatingSystem.IsLinux())
            return; // elsewhere the reader thread reads every reply
        using var pool = new ProcessPoolExecutor(maxWorkers: 1);
        pool.Submit(WorkerTasks.ProcessId).Result(Patience);
        // The call runs long enough for Result to take the pipe before the reply comes; then the call completes on the
        // waiting thread, done callbacks included. Three tries, so that one slow start under load does not fail it. A
        // new thread: one with a hub (a test's before) runs its hub while it waits instead.
        int here = 0;
        var threads = new List<int>();
        Exception? failure = null;
        var waiting = new Thread(() =>
        {
            try
            {
                WaitForCalls();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        waiting.Start();
        waiting.Join();
        Assert.Null(failure);
        Assert.Contains(here, threads);
        Assert.Equal(9, pool.Submit(WorkerTasks.Square, 3).Result(Patience)); // the pipe was handed back

        void WaitForCalls()
        {
            here = Environment.CurrentManagedThreadId;
            for (int i = 0; i < 3 && !threads.Contains(here); i++)
            {
                var call = pool.Submit(WorkerTasks.Sleep, 500);
                int completedOn = 0;
                call.AddDoneCallback(_ => completedOn = Environment.CurrentManagedThreadId);
                Assert.Equal(500, call.Result(Patience));
                threads.Add(completedOn);
            }
        }
    }

    [Fact]
    public void A_Result_that_times_out_on_a_running_call_hands_the_reply_back_and_the_result_still_comes()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1);
        pool.Submit(WorkerTasks.ProcessId).Result(Patience);
        var call = pool.Submit(WorkerTasks.Sleep, 700);
        Assert.Throws<TimeoutException>(() => call.Result(TimeSpan.FromMilliseconds(50)));
        var delivered = new ManualResetEventSlim();
        call.AddDoneCallback(_ => delivered.Set());
        Assert.True(delivered.Wait(Patience), "the reply was not read after the timed-out wait let the pipe go");
        Assert.Equal(700, call.Result());
        Assert.Equal(16, pool.Submit(WorkerTasks.Square, 4).Result(Patience));
    }

    [Fact]
    public void No_worker_outlives_Shutdown()
    {
        var pool = new ProcessPoolExecutor(maxWorkers: 2);
        var pids = Enumerable.Range(0, 4).Select(_ => pool.Submit(WorkerTasks.ProcessIdAfter, 200)).ToList()
            .Select(f => f.Result(Patience)).Distinct().ToList();
        Assert.Equal(pids.Order(), pool.WorkerProcessIds.Order());
        Assert.All(pids, pid => Assert.True(IsAlive(pid)));
        pool.Shutdown(wait: true);
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"worker {pid} is still running after Shutdown"));
        Assert.Empty(pool.WorkerProcessIds);
        Assert.Throws<InvalidOperationException>(() => pool.Submit(WorkerTasks.Square, 1));
    }

    [Fact]
    public void Shutdown_with_cancelFutures_cancels_what_has_not_started_and_without_wait_returns_at_once()
    {
        var pool = new ProcessPoolExecutor(maxWorkers: 1);
        pool.Submit(WorkerTasks.ProcessId).Result(Patience); // the worker is up and idle
        var running = pool.Submit(WorkerTasks.Sleep, 300);
        var queued = pool.Submit(WorkerTasks.Square, 2);
        var watch = Stopwatch.StartNew();
        pool.Shutdown(wait: false, cancelFutures: true);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(250), $"Shutdown(wait: false) took {watch.Elapsed}");
        Assert.True(queued.Cancelled);
        Assert.Equal(300, running.Result(Patience)); // the work already running still finishes
        pool.Shutdown(wait: true);
        Assert.Empty(pool.WorkerProcessIds);
    }

    [Fact]
    public void No_worker_outlives_its_parent_when_the_parent_is_SIGKILLed()
    {
        if (!OperatingSystem.IsLinux())
            return;
        using var parent = ChildProcess.StartServerChild(["process-pool-parent", "2"]);
        var pids = parent.WaitForLine("WORKERS ", Patience).Split(' ').Skip(1).Select(int.Parse).ToList();
        Assert.NotEmpty(pids);
        Assert.All(pids, pid => Assert.True(IsAlive(pid)));

        parent.Signal(9);
        parent.WaitForExit(Patience);

        var watch = Stopwatch.StartNew();
        while (pids.Any(IsAlive) && watch.Elapsed < Patience)
            Thread.Sleep(20);
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"worker {pid} outlived its SIGKILLed parent"));
    }

    [Fact]
    public void A_process_started_by_hand_with_a_worker_environment_but_without_the_secret_runs_nothing()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var secret = RandomNumberGenerator.GetBytes(32);
        // The control: the same start, given the secret over its pipe, is a worker and runs the work item.
        var ran = TempPath();
        int exitCode = StartByHand(secret, helloSecret: secret, ran, Environment.ProcessId, out var transcript);
        Assert.True(exitCode == 0, $"exit code {exitCode}: {transcript}");
        Assert.True(File.Exists(ran), transcript);
        File.Delete(ran);

        var wrongSecret = TempPath();
        Assert.Equal(WorkerMode.RefusedExitCode, StartByHand(secret, helloSecret: RandomNumberGenerator.GetBytes(32), wrongSecret, Environment.ProcessId, out transcript));
        Assert.False(File.Exists(wrongSecret), transcript);
        Assert.Contains("the secret does not match", transcript);

        var otherParent = TempPath();
        Assert.Equal(WorkerMode.RefusedExitCode, StartByHand(secret, helloSecret: secret, otherParent, parentProcessId: 1, out transcript));
        Assert.False(File.Exists(otherParent), transcript);
        Assert.Contains("not started by the process pool", transcript);
    }

    [Fact]
    public void A_lambda_an_instance_method_or_an_argument_that_cannot_cross_fails_at_Submit()
    {
        using var pool = new ProcessPoolExecutor(maxWorkers: 1);
#pragma warning disable GRN0034, GRN0035 // the diagnostics' run-time twins are what this test pins
        var lambda = Assert.Throws<ArgumentException>(() => pool.Submit(() => 1));
        Assert.Contains("static method", lambda.Message);
        Assert.Contains("lambda", lambda.Message);
        var instance = Assert.Throws<ArgumentException>(() => pool.Submit(new Counter().Next));
        Assert.Contains("instance method", instance.Message);
        var stream = Assert.Throws<ArgumentException>(() => pool.Submit(WorkerTasks.TakesStream, new MemoryStream()));
        Assert.Contains("stream", stream.Message);
        var value = Assert.Throws<ArgumentException>(() => pool.Submit(WorkerTasks.TakesObject, (object)new Action(() => { })));
        Assert.Equal("arg1", value.ParamName);
        Assert.Empty(pool.WorkerProcessIds); // nothing was sent anywhere

        Assert.Equal("maxWorkers", Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessPoolExecutor(maxWorkers: 0)).ParamName);
        Assert.Equal("maxTasksPerChild", Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessPoolExecutor(maxTasksPerChild: 0)).ParamName);
        Assert.Equal("initializer", Assert.Throws<ArgumentException>(() => new ProcessPoolExecutor(initializer: () => { })).ParamName);
#pragma warning restore GRN0034, GRN0035
    }

    private sealed class Counter
    {
        private int _count;

        public int Next() => ++_count;
    }

    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"greenruntime-by-hand-{Guid.NewGuid():N}");

    /// <summary>
    /// Starts the server child as a worker would be started — the worker environment, the startup hook — but by hand:
    /// its standard input and output stand for the pipes, and the hello carries <paramref name="helloSecret"/>; then a
    /// work item that creates <paramref name="marker"/>, and exit. Its exit code.
    /// </summary>
    private static int StartByHand(byte[] secret, byte[] helloSecret, string marker, int parentProcessId, out string transcript)
    {
        var environment = new WorkerEnvironment(0, 1, parentProcessId, SHA256.HashData(secret));
        string hook = Path.Combine(Path.GetDirectoryName(ChildProcess.ServerChildPath)!, "GreenRuntime.dll");
        using var child = ChildProcess.StartServerChild([], new Dictionary<string, string?>
        {
            [WorkerEnvironment.Variable] = environment.Format(),
            [WorkerEnvironment.StartupHooksVariable] = hook,
        });
        var hello = Wire.Object(helloSecret, static (writer, s) => writer.WriteString("secret", Convert.ToBase64String(s)));
        var arguments = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new[] { marker });
        var target = new ProcessTarget("GreenRuntime.Tests.ServerChild", null, "GreenRuntime.Tests.ServerChild.PoolTasks", "Touch", ["System.String"]);
        try
        {
            child.WriteBytes([
                .. Frames.Build(FrameKind.Hello, hello),
                .. Frames.Build(FrameKind.Work, new WorkItem(1, target, arguments).ToJson()),
                .. Frames.Build(FrameKind.Exit, []),
            ]);
        }
        catch (IOException)
        {
            // It refused before reading its input.
        }
        int exitCode = child.WaitForExit(Patience);
        transcript = child.Transcript;
        return exitCode;
    }

    /// <summary>Whether <paramref name="pid"/> runs (a zombie waiting to be reaped does not).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            char state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
