using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;

namespace GreenRuntime.Generators.Tests.Patches;

/// <summary>
/// Tier 3, offload: known blocking calls with no async twin become awaits of the offload patches
/// (<c>ConsoleOffloadPatches</c>, <c>SynchronizationOffloadPatches</c>); a generic receiver's patch is called without
/// type arguments, an out argument goes through <c>Unpack</c>, and <c>Monitor.Wait</c> stays as written.
/// </summary>
public class OffloadPatchRewriteTests
{
    private const string Marker = "default(global::GreenRuntime.CompilerServices.GreenSuspend)";
    private const string Console = "global::GreenRuntime.Monkey.ConsoleOffloadPatches";
    private const string Synchronization = "global::GreenRuntime.Monkey.SynchronizationOffloadPatches";

    [Fact]
    public void Console_reads_are_offloaded()
    {
        var twin = Twin("""
            string? line = Console.ReadLine();
            int c = Console.Read();
            var key = Console.ReadKey(intercept: true);
            """);
        Assert.Contains($"string? line = await {Console}.ReadLine({Marker});", twin);
        Assert.Contains($"int c = await {Console}.Read({Marker});", twin);
        Assert.Contains($"var key = await {Console}.ReadKey({Marker}, intercept: true);", twin);
    }

    [Fact]
    public void BlockingCollection_calls_pass_the_collection_and_leave_the_type_argument_to_inference()
    {
        var twin = Twin("""
            int first = items.Take();
            int second = items.Take(token);
            bool taken = items.TryTake(out int third, 100);
            items.Add(first + second + third);
            """);
        Assert.Contains($"int first = await {Synchronization}.Take(items, {Marker});", twin);
        Assert.Contains($"int second = await {Synchronization}.Take(items, {Marker}, token);", twin);
        Assert.Contains($"bool taken = (await {Synchronization}.TryTake(items, {Marker}, 100)).Unpack(out int third);", twin);
        Assert.Contains($"await {Synchronization}.Add(items, {Marker}, first + second + third);", twin);
    }

    [Fact]
    public void Waits_of_System_Threading_are_offloaded_and_Monitor_Wait_is_not()
    {
        var twin = Twin("""
            signal.Wait();
            handle.WaitOne(50);
            WaitHandle.WaitAny(new[] { handle });
            thread.Join();
            lock (gate) { Monitor.Wait(gate, 1); }
            """);
        Assert.Contains($"await {Synchronization}.Wait(signal, {Marker});", twin);
        Assert.Contains($"await {Synchronization}.WaitOne(handle, {Marker}, 50);", twin);
        Assert.Contains($"await {Synchronization}.WaitAny({Marker}, new[] {{ handle }});", twin);
        Assert.Contains($"await {Synchronization}.Join(thread, {Marker});", twin);
        Assert.Contains("Monitor.Wait(gate, 1);", twin);
    }

    private static string Twin(string body)
    {
        var source = $$"""
            using System;
            using System.Collections.Concurrent;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Run(BlockingCollection<int> items, CancellationToken token, ManualResetEventSlim signal, WaitHandle handle, Thread thread, object gate)
                {
                    Green.Sleep(0);
            {{body}}
                }
            }
            """;
        var run = GeneratorRunner.RunOnce(new TwinGenerator(), TestCompilation.Create(source));
        TestCompilation.AssertNoDiagnostics(run.Output);
        return run.Source("Worker.Run.g.cs");
    }
}
