using System.Reflection;
using GreenRuntime.Generators.Analysis;
using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// GRN0034 and GRN0035: a <c>ProcessPoolExecutor</c> call that would throw <c>ArgumentException</c> at run time — a
/// lambda or an instance method as the function, an argument that cannot be serialized to a worker — is reported on
/// the function or the argument; static method groups with plain data are not.
/// </summary>
public class ProcessPoolDiagnosticsTests
{
    private const string Tasks = """
        using System;
        using System.IO;
        using GreenRuntime.Futures;

        public static class Work
        {
            public static int Count(int from, int to) => to - from;
            public static int Length(Stream stream) => (int)stream.Length;
            public static int Hash(object value) => value.GetHashCode();
            public static int Twice(int x) => 2 * x;
            public static void Setup() { }
            public static int Cancel(System.Threading.CancellationToken token) => 0;
        }

        public sealed class Counter
        {
            public int Next() => 1;
        }

        public record Range(int From, int To);
        """;

    [Fact]
    public async Task GRN0034_is_reported_on_a_lambda_or_an_instance_method_passed_to_a_process_pool()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Linq;
            using GreenRuntime.Futures;

            public static class Program
            {
                public static void Main()
                {
                    var counter = new Counter();
                    int n = 3;
                    using var pool = new ProcessPoolExecutor(initializer: [|() => { }|]);
                    pool.Submit([|() => Work.Count(0, n)|]);
                    pool.Submit([|counter.Next|]);
                    pool.Submit([|x => x + 1|], 2);
                    pool.Map([|(int x) => x * 2|], Enumerable.Range(0, 3));
                    pool.Submit(Work.Count, 0, 10);
                    pool.Map(Work.Twice, Enumerable.Range(0, 3), chunkSize: 2);
                    using var init = new ProcessPoolExecutor(initializer: Work.Setup);
                }
            }
            """, "GRN0034", otherSources: [Tasks]);
        var messages = build.Green.Select(d => d.GetMessage()).ToList();
        Assert.Contains("'initializer' sends its function to a ProcessPoolExecutor worker process", messages[0]);
        Assert.Contains("a lambda (C# compiles even a static lambda to an instance method of a hidden class) cannot cross", messages[1]);
        Assert.Contains("the instance method 'Counter.Next' bound to an object cannot cross", messages[2]);
        Assert.Contains("pass a static method group, with the values it needs as arguments", messages[2]);
    }

    [Fact]
    public async Task GRN0035_is_reported_on_an_argument_that_cannot_be_serialized_to_a_worker()
    {
        var build = await VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using GreenRuntime.Futures;

            public static class Program
            {
                public static void Main()
                {
                    using var pool = new ProcessPoolExecutor();
                    var stream = new MemoryStream();
                    pool.Submit(Work.Length, [|stream|]);
                    pool.Submit(Work.Hash, [|(object)stream|]);
                    pool.Submit(Work.Hash, [|new Action(() => { })|]);
                    pool.Submit(Work.Cancel, [|CancellationToken.None|]);
                    pool.Submit(Work.Count, 1, 2);
                    pool.Submit(Work.Hash, new Range(1, 2));
                    pool.Submit(Work.Hash, "text");
                }
            }
            """, "GRN0035", otherSources: [Tasks]);
        var messages = build.Green.Select(d => d.GetMessage()).ToList();
        Assert.Contains("'stream' is a MemoryStream, which cannot be serialized to a ProcessPoolExecutor worker process (a stream belongs to this process; pass its bytes or a path instead)", messages[0]);
        Assert.Contains("'stream' is a MemoryStream", messages[1]); // the value's own type, not the object it is cast to
        Assert.Contains("a delegate cannot be serialized", messages[2]);
        Assert.Contains("a cancellation token belongs to this process", messages[3]);
    }

    [Fact]
    public void The_analyzer_refuses_the_types_the_runtime_refuses()
    {
        var serialization = typeof(GreenRuntime.Green).Assembly.GetType("GreenRuntime.Futures.Processes.ProcessSerialization", throwOnError: true)!;
        var list = serialization.GetNestedType("LocalOnlyTypes", BindingFlags.NonPublic)!.GetField("List", BindingFlags.Public | BindingFlags.Static)!;
        var localOnly = (Array)list.GetValue(null)!;
        var runtime = localOnly.Cast<object>().Select(entry => ((Type)entry.GetType().GetField("Item1")!.GetValue(entry)!).FullName).Prepend("System.Delegate");
        Assert.Equal(runtime.Order(StringComparer.Ordinal), ProcessBoundary.LocalOnly.Select(e => e.MetadataName).Order(StringComparer.Ordinal));
    }
}
