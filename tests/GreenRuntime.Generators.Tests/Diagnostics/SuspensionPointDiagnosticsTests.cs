using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// A suspension point inside a [Greenlet] body that cannot suspend where it stands (the generator leaves it a
/// blocking call): the user sees a GRN error on that very call, naming it, and no compiler error from generated code.
/// </summary>
public class SuspensionPointDiagnosticsTests
{
    [Fact]
    public async Task GRN0008_is_reported_on_a_call_that_a_ref_struct_local_is_live_across()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run(int[] data)
                {
                    Span<int> window = data.AsSpan(1);
                    [|Thread.Sleep(1)|];
                    window[0] = 1;

                    Span<int> done = data.AsSpan();
                    done[0] = 2;
                    Thread.Sleep(2);
                    return data[0];
                }
            }
            """, "GRN0008");
        var diagnostic = build.Green.Single();
        Assert.Contains("'window'", diagnostic.GetMessage());
        Assert.Contains("'Span<int>'", diagnostic.GetMessage());
        Assert.Contains("'Thread.Sleep'", diagnostic.GetMessage());
        // The local's declaration is the additional location, so the IDE can show both.
        Assert.Equal("window = data.AsSpan(1)", diagnostic.AdditionalLocations.Single().SourceTree!.GetText().ToString(diagnostic.AdditionalLocations.Single().SourceSpan));
    }

    [Theory]
    [InlineData("Gate.EnterScope()", "Gate.EnterScope()")]
    [InlineData("var scope = Gate.EnterScope()", "scope")]
    public async Task GRN0008_is_reported_on_a_call_inside_a_using_over_a_ref_struct_not_CS4007_in_the_twin(string resource, string named)
    {
        // Lock.EnterScope() returns a ref struct, disposed at the end of the using: it cannot live in the state machine.
        var build = await VerifyAsync($$"""
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                private static readonly Lock Gate = new();

                [Greenlet]
                public static int Run()
                {
                    using ({{resource}})
                    {
                        [|Thread.Sleep(1)|];
                    }
                    Thread.Sleep(2);
                    return 1;
                }
            }
            """, "GRN0008");
        var message = build.Green.Single().GetMessage();
        Assert.Contains($"'{named}'", message);
        Assert.Contains("'Lock.Scope'", message);
    }

    [Fact]
    public async Task GRN0008_is_reported_on_a_call_inside_a_foreach_over_a_span()
    {
        await VerifyAsync("""
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run(int[] data)
                {
                    int sum = 0;
                    foreach (var item in data.AsSpan())
                    {
                        [|Green.Sleep(item)|];
                        sum += item;
                    }
                    return sum;
                }
            }
            """, "GRN0008");
    }

    [Fact]
    public async Task GRN0008_is_reported_on_a_call_that_a_ref_struct_temporary_of_the_same_expression_is_held_across()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Fetch(int n) { Thread.Sleep(1); return n; }

                [Greenlet]
                public static int Run(int[] data)
                {
                    int found = data.AsSpan().IndexOf([|Fetch(1)|]);
                    int element = data.AsSpan()[[|Fetch(0)|]];
                    // Evaluated after the call: nothing is held across it.
                    int length = Fetch(2) + data.AsSpan().Length;
                    return found + element + length;
                }
            }
            """, "GRN0008");
        Assert.All(build.Green, d => Assert.Contains("'data.AsSpan()' of type 'Span<int>'", d.GetMessage()));
    }

    [Fact]
    public async Task GRN0008_is_reported_on_a_call_that_a_returned_reference_is_held_across()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public partial class Worker
            {
                private int _slot;
                private static int[] s_items = new int[1];

                private ref int Slot() => ref _slot;
                private static void Store(ref int target, int value) => target = value;

                [Greenlet]
                public static int Fetch() { Thread.Sleep(1); return 1; }

                [Greenlet]
                public void Run()
                {
                    Slot() = [|Fetch()|];
                    Slot() += [|Fetch()|];
                    Store(ref Slot(), [|Fetch()|]);
                    // An array element is re-found from the array and the index: fine.
                    Store(ref s_items[0], Fetch());
                }
            }
            """, "GRN0008");
        Assert.All(build.Green, d => Assert.Contains("'Slot()' of type 'ref int'", d.GetMessage()));
    }

    [Fact]
    public async Task GRN0008_for_held_temporaries_is_reported_at_the_call_in_an_instance_method()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public partial class Worker
            {
                private int _slot;
                private ref int Slot() => ref _slot;

                [Greenlet]
                public static int Fetch(int n) { Thread.Sleep(1); return n; }

                [Greenlet]
                public int Run(int[] data)
                {
                    Slot() = [|Fetch(0)|];
                    return data.AsSpan().IndexOf([|Fetch(1)|]) + Fetch(2) + data.AsSpan().Length;
                }
            }
            """, "GRN0008");
        Assert.Equal(2, build.Green.Count());
    }

    [Fact]
    public async Task GRN0009_is_reported_on_a_suspension_point_inside_lock()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public partial class Counter
            {
                private readonly object _gate = new();
                private int _count;

                [Greenlet]
                public void Increment(Greenlet other)
                {
                    lock (_gate)
                    {
                        _count++;
                        [|Thread.Sleep(10)|];
                        [|other.Join()|];
                    }
                    Thread.Sleep(1);
                }
            }
            """, "GRN0009");
        Assert.Contains(build.Green, d => d.GetMessage().Contains("'Thread.Sleep'"));
        Assert.Contains(build.Green, d => d.GetMessage().Contains("'Greenlet.Join'"));
    }

    [Fact]
    public async Task A_connecting_constructor_left_blocking_is_reported_like_a_call()
    {
        // new TcpClient(host, port) connects: a constructor patch makes it a suspension point, so the places
        // where the generator must leave it blocking are reported as for any call.
        var build = await VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using GreenRuntime;

            public partial class Dialer
            {
                private readonly object _gate = new();

                [Greenlet]
                public TcpClient Dial(string host)
                {
                    lock (_gate)
                    {
                        [|new TcpClient(host, 80)|].Dispose();
                    }
                    Func<TcpClient> later = () => {|GRN0010:new TcpClient(host, 81)|};
                    later().Dispose();
                    return new TcpClient(host, 82);
                }
            }
            """, "GRN0009");
        Assert.Contains(build.Green, d => d.Id == "GRN0009" && d.GetMessage().Contains("TcpClient"));
    }

    [Fact]
    public async Task GRN0010_is_reported_on_a_suspension_point_inside_a_lambda_anonymous_method_or_query()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Linq;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static bool Check(int i) { Green.Sleep(0); return i > 0; }

                [Greenlet]
                public static int Run(int[] items)
                {
                    Action lambda = () => [|Thread.Sleep(2)|];
                    Action method = delegate { [|Thread.Sleep(3)|]; };
                    Array.ForEach(items, item => [|Green.Sleep(item)|]);
                    var query = from i in items where [|Check(i)|] select i;
                    lambda();
                    method();
                    return query.Count();
                }
            }
            """, "GRN0010");
        Assert.Contains(build.Green, d => d.GetMessage().Contains("inside a lambda"));
        Assert.Contains(build.Green, d => d.GetMessage().Contains("inside a anonymous method") || d.GetMessage().Contains("inside an anonymous method"));
        Assert.Contains(build.Green, d => d.GetMessage().Contains("inside a query clause") && d.GetMessage().Contains("'Worker.Check'"));
    }

    [Fact]
    public async Task GRN0010_is_not_reported_inside_a_lambda_passed_straight_to_a_GreenRuntime_function_taking_API()
    {
        await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run(int n)
                {
                    var first = Green.Spawn(() => Thread.Sleep(n));
                    var second = Green.Spawn(() => { Green.Sleep(n); return n; });
                    var later = Green.SpawnLater(TimeSpan.FromMilliseconds(1), delegate { Thread.Sleep(n); });
                    int value = Green.WithTimeout(TimeSpan.FromSeconds(1), () => { Thread.Sleep(n); return n; }, -1);
                    first.Join();
                    later.Join();
                    return second.Get() + value;
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0010_advice_for_a_Greenlet_method_in_a_lambda_is_to_call_it_outside_the_lambda()
    {
        // "Move 'Worker.Step' into a [Greenlet] method" would be circular: it is one.
        var build = await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Step(int i) => Thread.Sleep(i);

                [Greenlet]
                public static void Run(int[] items)
                {
                    Array.ForEach(items, item => [|Step(item)|]);
                    Array.ForEach(items, item => [|Thread.Sleep(item)|]);
                }
            }
            """, "GRN0010");
        var greenlet = build.Green.Single(d => d.GetMessage().StartsWith("'Worker.Step'", StringComparison.Ordinal)).GetMessage();
        Assert.Contains("'Worker.Step' is a [Greenlet] method already, so call it outside a lambda", greenlet);
        Assert.DoesNotContain("into a [Greenlet] method", greenlet);
        var patched = build.Green.Single(d => d.GetMessage().StartsWith("'Thread.Sleep'", StringComparison.Ordinal)).GetMessage();
        Assert.Contains("inside a lambda would block", patched);
        Assert.Contains("move 'Thread.Sleep' into a [Greenlet] method", patched);
    }

    [Fact]
    public async Task GRN0010_is_not_reported_inside_lambdas_run_on_another_thread()
    {
        // Blocking on another thread is the point of these APIs; GRN0020's own fix is the last one.
        await VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Step(int i) => Thread.Sleep(i);

                [Greenlet]
                public static int Run(int[] items)
                {
                    Green.Offload(() => Thread.Sleep(100));
                    int n = Green.Offload(() => { Thread.Sleep(1); return 1; });
                    Task.Run(() => Thread.Sleep(100));
                    Task.Factory.StartNew(() => Green.Sleep(1));
                    new Task(() => Thread.Sleep(1)).Start();
                    var thread = new Thread(() => { Thread.Sleep(1); Step(1); });
                    thread.Start();
                    ThreadPool.QueueUserWorkItem(_ => Thread.Sleep(1));
                    using var timer = new Timer(_ => Thread.Sleep(1), null, 1, Timeout.Infinite);
                    Parallel.For(0, 2, i => Thread.Sleep(i));
                    Parallel.ForEach(items, i => Step(i));
                    Parallel.Invoke(() => Thread.Sleep(1), () => Green.Sleep(1));
                    // A lambda inside one run on another thread runs there too.
                    Task.Run(() => Array.ForEach(items, i => Thread.Sleep(i)));
                    return n;
                }
            }

            public partial class Receiver : Socket
            {
                public Receiver() : base(SocketType.Stream, ProtocolType.Tcp) { }

                [Greenlet]
                public int Take(byte[] buffer) => Green.Offload(() => base.Receive(buffer));
            }
            """);
    }

    [Fact]
    public async Task GRN0010_is_not_reported_inside_lambdas_a_thread_pool_executor_runs_but_is_through_an_IExecutor()
    {
        // A ThreadPoolExecutor's worker is a thread: blocking is what it is for. Behind IExecutor it may be a
        // GreenletExecutor, whose workers are greenlets of this hub.
        await VerifyAsync("""
            using System.Linq;
            using System.Threading;
            using GreenRuntime;
            using GreenRuntime.Futures;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run(ThreadPoolExecutor pool, IExecutor any)
                {
                    var one = pool.Submit(() => { Thread.Sleep(10); return 1; });
                    pool.Submit(ms => Thread.Sleep(ms), 5);
                    int sum = pool.Map(ms => { Thread.Sleep(ms); return ms; }, new[] { 1, 2 }).Sum();
                    any.Submit(() => {|GRN0010:Thread.Sleep(1)|});
                    return one.Result() + sum;
                }
            }
            """, "GRN0010");
    }

    [Fact]
    public async Task GRN0010_is_reported_inside_a_lambda_nested_in_a_green_lambda_that_is_itself_in_a_plain_lambda()
    {
        await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Run(int[] items)
                {
                    Array.ForEach(items, item => Green.Spawn(() => [|Thread.Sleep(item)|]));
                }
            }
            """, "GRN0010");
    }

    [Fact]
    public async Task GRN0011_is_reported_on_a_suspension_point_inside_a_local_function()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Run()
                {
                    Pause(1);
                    int Pause(int ms) { [|Thread.Sleep(ms)|]; return ms; }
                    static void Yield() => [|Green.Sleep(0)|];
                    Yield();
                }
            }
            """, "GRN0011");
        Assert.Contains(build.Green, d => d.GetMessage().Contains("local function 'Pause'"));
    }

    [Fact]
    public async Task GRN0012_is_reported_on_a_suspension_point_inside_an_exception_filter()
    {
        await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static bool ShouldRetry() { Thread.Sleep(1); return true; }

                [Greenlet]
                public static void Run()
                {
                    try
                    {
                        Thread.Sleep(1);
                    }
                    catch (InvalidOperationException) when ([|ShouldRetry()|])
                    {
                        Thread.Sleep(1);
                    }
                }
            }
            """, "GRN0012");
    }

    [Fact]
    public async Task GRN0013_is_reported_on_a_suspension_point_inside_an_unsafe_or_fixed_block()
    {
        await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Run(int[] data)
                {
                    unsafe
                    {
                        [|Thread.Sleep(1)|];
                    }
                    unsafe
                    {
                        fixed (int* p = data)
                        {
                            [|Green.Sleep(*p)|];
                        }
                    }
                }
            }
            """, "GRN0013");
    }

    [Fact]
    public async Task A_suspension_point_called_with_a_null_conditional_is_supported()
    {
        // Was GRN0014: the twin now tests for null and awaits the call only when the receiver is not null.
        await VerifyAsync("""
            using GreenRuntime;

            public sealed class Holder
            {
                public Greenlet Greenlet { get; } = Green.Spawn(() => { });
            }

            public static partial class Worker
            {
                [Greenlet]
                public static bool? Run(Greenlet? other, Holder? holder)
                {
                    other?.Join();
                    holder?.Greenlet.Join();
                    bool? joined = other?.Join();
                    return holder?.Greenlet.Join() ?? joined;
                }

                [Greenlet] public static bool? Arrow(Greenlet? other) => other?.Join();
            }
            """);
    }

    [Fact]
    public async Task GRN0014_is_reported_where_a_null_conditional_call_cannot_be_lowered()
    {
        await VerifyAsync("""
            using GreenRuntime;

            public sealed class Holder
            {
                public Greenlet? Greenlet { get; } = Green.Spawn(() => { });
            }

            public static partial class Worker
            {
                [Greenlet]
                public static void Run(Holder? holder)
                {
                    [|holder?.Greenlet?.Join()|];
                }

                [Greenlet] public static void Arrow(Greenlet? other) => [|other?.Join()|];
            }
            """, "GRN0014");
    }

    [Fact]
    public async Task GRN0019_is_reported_on_a_call_of_a_Greenlet_method_whose_assembly_has_no_twin()
    {
        var library = CompileLibraryWithoutGenerators("ThirdParty", """
            using System.Threading;
            using GreenRuntime;

            public static partial class Remote
            {
                [Greenlet]
                public static int Fetch(int n) { Thread.Sleep(n); return n; }
            }
            """);
        var build = await VerifyAsync("""
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run() => [|Remote.Fetch(1)|] + 1;

                [Greenlet]
                public static int SpawnIt() => Green.Spawn([|Remote.Fetch|], 2).Get();
            }
            """, "GRN0019", [library]);
        Assert.All(build.Green, d => Assert.Contains("'ThirdParty'", d.GetMessage()));
        Assert.All(build.Green, d => Assert.Contains("'Remote.Fetch'", d.GetMessage()));
    }

    [Fact]
    public async Task GRN0021_warns_about_known_blocking_calls_that_run_on_the_greenlet()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run(Thread thread, ManualResetEvent signal, Task<int> task, object gate, BlockingCollection<int> items, Mutex mutex)
                {
                    lock (gate) { [|Monitor.Wait(gate)|]; }
                    // A mutex belongs to the thread that acquires it: not offloaded.
                    [|mutex.WaitOne()|];
                    // Not on the greenlet: a worker thread runs these.
                    int offloaded = Green.Offload(() => task.Result);
                    Task.Run(() => thread.Join());
                    // Patched: suspension points, not blocking calls (tier 1, tier 2's bridge for the task, tier 3's offload).
                    Task.Delay(1).Wait();
                    int value = task.Result + task.GetAwaiter().GetResult();
                    Green.Spawn(() => task.Wait());
                    thread.Join();
                    items.Take();
                    items.Add(1);
                    signal.WaitOne(100);
                    return value + offloaded;
                }
            }
            """, "GRN0021");
        Assert.Contains(build.Green, d => d.GetMessage().StartsWith("'Monitor.Wait'", StringComparison.Ordinal));
        Assert.All(build.Green, d => Assert.Contains("GreenQueue<T>.Get for a queue", d.GetMessage()));
    }

    [Fact]
    public async Task GRN0020_is_reported_on_a_patched_call_made_on_base()
    {
        await VerifyAsync("""
            using System.Net.Sockets;
            using GreenRuntime;

            public partial class LoggingSocket : Socket
            {
                public LoggingSocket() : base(SocketType.Stream, ProtocolType.Tcp) { }

                [Greenlet]
                public int ReceiveLogged(byte[] buffer) => [|base.Receive(buffer)|];
            }
            """, "GRN0020");
    }
}
