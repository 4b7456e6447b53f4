using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;

namespace GreenRuntime.Generators.Tests.AsyncTwins;

/// <summary>
/// Tier 2, the async-twin bridge (docs/internals.md, "Suspension points"): which calls become an await of their
/// <c>XxxAsync</c> twin, which overload is chosen, and how waits for a task are rewritten. Every generated file
/// compiles and emits with no diagnostic.
/// </summary>
public class AsyncTwinRewriteTests
{
    private const string Marker = "default(global::GreenRuntime.CompilerServices.GreenSuspend)";
    private const string Bridge = "global::GreenRuntime.Monkey.AsyncTwinPatches";
    private const string Token = "cancellationToken: " + Bridge + ".Token(" + Marker + ")";

    [Fact]
    public void The_overload_with_a_cancellation_token_is_preferred_and_gets_the_bridge_token()
    {
        var twin = Twin("""
            int n = stream.Read(buffer, 0, buffer.Length);
            stream.Flush();
            return n;
            """);
        Assert.Contains($"int n = await {Bridge}.AwaitCancellable({Marker}, stream.ReadAsync(buffer, 0, buffer.Length, {Token}));", twin);
        Assert.Contains($"await {Bridge}.AwaitCancellable({Marker}, stream.FlushAsync({Token}));", twin);
    }

    [Fact]
    public void A_twin_without_a_token_is_awaited_as_it_is_and_ValueTask_and_Task_twins_both_bridge()
    {
        var twin = Twin("""
            int a = store.Get("k");
            store.Put("k");
            return a;
            """);
        Assert.Contains($"int a = await {Bridge}.Await({Marker}, store.GetAsync(\"k\"));", twin);
        Assert.Contains($"await {Bridge}.AwaitCancellable({Marker}, store.PutAsync(\"k\", {Token}));", twin);
    }

    [Fact]
    public void A_static_twin_is_called_by_its_full_name_and_its_token_by_the_twin_s_parameter_name()
    {
        var twin = Twin("""
            return Store.Twice(2);
            """);
        Assert.Contains($"return await {Bridge}.AwaitCancellable({Marker}, global::Store.TwiceAsync(2, token: {Bridge}.Token({Marker})));", twin);
    }

    [Fact]
    public void A_twin_of_a_base_type_is_found_through_a_derived_receiver()
    {
        var twin = Twin("""
            return derived.Get("k");
            """);
        Assert.Contains($"return await {Bridge}.Await({Marker}, derived.GetAsync(\"k\"));", twin);
    }

    [Fact]
    public void Calls_without_a_matching_twin_are_left_alone()
    {
        var twin = Twin("""
            Green.Sleep(0);
            int a = store.Count();
            string b = store.Name(1);
            int c = store.Measure(buffer);
            int d = store.Old();
            int e = store.Sum(1, 2);
            return a + b.Length + c + d + e;
            """);
        Assert.Contains("int a = store.Count();", twin);
        Assert.Contains("string b = store.Name(1);", twin);
        Assert.Contains("int c = store.Measure(buffer);", twin);
        Assert.Contains("int d = store.Old();", twin);
        Assert.Contains("int e = store.Sum(1, 2);", twin);
    }

    [Fact]
    public void Waits_for_a_task_await_it_through_the_bridge()
    {
        var twin = Twin("""
            int v = task.Result;
            task.Wait();
            int w = task.GetAwaiter().GetResult();
            int x = task.ConfigureAwait(false).GetAwaiter().GetResult();
            int y = valueTask.Result;
            int z = (task).Result * 2;
            return v + w + x + y + z + valueTask.GetAwaiter().GetResult();
            """);
        Assert.Contains($"int v = await {Bridge}.Result({Marker}, task);", twin);
        Assert.Contains($"await {Bridge}.Wait({Marker}, task);", twin);
        Assert.Contains($"int w = await {Bridge}.Await({Marker}, task);", twin);
        Assert.Contains($"int x = await {Bridge}.Await({Marker}, task);", twin);
        Assert.Contains($"int y = await {Bridge}.Await({Marker}, valueTask);", twin);
        Assert.Contains($"int z = (await {Bridge}.Result({Marker}, (task))) * 2;", twin);
        Assert.Contains($"return v + w + x + y + z + (await {Bridge}.Await({Marker}, valueTask));", twin);
    }

    [Fact]
    public void A_ConfigureAwait_whose_argument_is_not_a_constant_is_left_alone()
    {
        var twin = Twin("""
            Green.Sleep(0);
            bool capture = buffer.Length > 0;
            return task.ConfigureAwait(capture).GetAwaiter().GetResult();
            """);
        Assert.Contains("return task.ConfigureAwait(capture).GetAwaiter().GetResult();", twin);
    }

    [Fact]
    public void Task_Delay_Wait_keeps_its_own_rewrite()
    {
        var twin = Twin("""
            Task.Delay(10).Wait();
            return 0;
            """);
        Assert.Contains($"await global::GreenRuntime.Green.Sleep({Marker}, 10);", twin);
    }

    [Fact]
    public void Twins_that_wait_synchronously_run_the_call_on_another_thread()
    {
        var twin = Twin("""
            string all = File.ReadAllText("x");
            File.WriteAllText("y", all);
            string? line = Console.In.ReadLine();
            return all.Length;
            """);
        Assert.Contains($"string all = await {Bridge}.Offload<string, string>({Marker}, (\"x\"), static (string __state) => global::System.IO.File.ReadAllText(__state));", twin);
        Assert.Contains(
            $"await {Bridge}.Offload<global::System.ValueTuple<string, string?>>({Marker}, new global::System.ValueTuple<string, string?>(\"y\", all), "
            + "static (global::System.ValueTuple<string, string?> __state) => global::System.IO.File.WriteAllText(__state.Item1, __state.Item2));",
            twin);
        Assert.Contains(
            $"string? line = await {Bridge}.Offload<global::System.IO.TextReader, string?>({Marker}, (Console.In), static (global::System.IO.TextReader __state) => __state.ReadLine());",
            twin);
    }

    [Fact]
    public void Named_arguments_keep_their_names()
    {
        var twin = Twin("""
            int n = stream.Read(count: 4, offset: 0, buffer: buffer);
            File.WriteAllText(contents: "c", path: "p");
            return n;
            """);
        Assert.Contains($"int n = await {Bridge}.AwaitCancellable({Marker}, stream.ReadAsync(count: 4, offset: 0, buffer: buffer, {Token}));", twin);
        Assert.Contains("static (global::System.ValueTuple<string?, string> __state) => global::System.IO.File.WriteAllText(contents: __state.Item1, path: __state.Item2));", twin);
    }

    [Fact]
    public void A_call_over_several_lines_keeps_the_line_count()
    {
        var twin = Twin("""
            int n = stream.Read(
                buffer,
                0,
                buffer.Length);
            string all = File.ReadAllText(
                "x");
            return n + all.Length;
            """);
        var start = System.Text.RegularExpressions.Regex.Match(twin, @"#line \d+ ").Index;
        var body = twin[start..twin.IndexOf("#line default", StringComparison.Ordinal)].Replace("\r\n", "\n");
        Assert.Equal(10, body.Count(c => c == '\n'));
        Assert.Contains($"    buffer.Length, {Token}));", body);
        Assert.Contains("(\n    \"x\"), static (string __state)", body);
    }

    [Fact]
    public void A_call_inside_an_async_lambda_or_a_lambda_run_elsewhere_is_left_alone()
    {
        var twin = Twin("""
            Func<Task<int>> later = async () => stream.Read(buffer, 0, 1);
            int n = Green.Offload(() => stream.Read(buffer, 0, 1));
            return n;
            """);
        Assert.Contains("Func<Task<int>> later = async () => stream.Read(buffer, 0, 1);", twin);
        Assert.Contains("Green.Offload(", twin);
        Assert.Contains("() => stream.Read(buffer, 0, 1))", twin);
    }

    [Fact]
    public void A_method_whose_only_suspension_point_is_a_task_Result_gets_a_resumable_twin()
    {
        var twin = Twin("""
            return task.Result;
            """);
        Assert.Contains("async global::GreenRuntime.CompilerServices.GreenTask<int> Run__GreenTwin", twin);
    }

    private static string Twin(string body)
    {
        var source = $$"""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public class Store
            {
                public int Get(string key) => 0;
                public ValueTask<int> GetAsync(string key) => default;
                public void Put(string key) { }
                public Task PutAsync(string key) => Task.CompletedTask;
                public Task PutAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;
                public static int Twice(int value) => 2 * value;
                public static Task<int> TwiceAsync(int value, CancellationToken token) => Task.FromResult(2 * value);
                // No twin: none, a result that does not match, a span the twin takes as memory, an obsolete twin,
                // parameters that differ.
                public int Count() => 0;
                public string Name(int id) => "";
                public Task<object> NameAsync(int id) => Task.FromResult<object>("");
                public int Measure(ReadOnlySpan<byte> bytes) => bytes.Length;
                public ValueTask<int> MeasureAsync(ReadOnlyMemory<byte> bytes) => default;
                public int Old() => 0;
                [Obsolete("old")] public Task<int> OldAsync() => Task.FromResult(0);
                public int Sum(int a, int b) => a + b;
                public Task<int> SumAsync(int a, long b) => Task.FromResult(a);
            }

            public class DerivedStore : Store { }

            public static partial class Client
            {
                [Greenlet]
                public static int Run(Stream stream, Store store, DerivedStore derived, Task<int> task, ValueTask<int> valueTask, byte[] buffer)
                {
            {{body}}
                }
            }
            """;
        var run = GeneratorRunner.RunOnce(new TwinGenerator(), TestCompilation.Create(source));
        TestCompilation.AssertNoDiagnostics(run.Output);
        return run.Source("Client.Run.g.cs");
    }
}
