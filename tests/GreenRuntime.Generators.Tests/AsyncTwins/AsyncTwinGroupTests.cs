using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Tests.TestHelpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Tests.AsyncTwins;

/// <summary>
/// Each tier-2 point's group (<see cref="SuspensionPoint.Group"/>), what the patch configuration switches off by name,
/// and its bridge, as <see cref="SuspensionPoints.Classify(InvocationExpressionSyntax, SemanticModel, System.Threading.CancellationToken)"/> gives them.
/// </summary>
public class AsyncTwinGroupTests
{
    [Theory]
    [InlineData("stream.Read(buffer, 0, 1)", "Streams", "AwaitCancellable")]
    [InlineData("textReader.ReadLine()", "Streams", "AwaitCancellable")]
    [InlineData("textWriter.WriteLine(\"x\")", "Streams", "Await")]
    [InlineData("writer.Write('x')", "Streams", "Await")]
    [InlineData("file.Read(buffer, 0, 1)", "Files", "AwaitCancellable")]
    [InlineData("File.ReadAllText(\"p\")", "Files", "Offload")]
    [InlineData("Dns.GetHostAddresses(\"h\")", "Dns", "AwaitCancellable")]
    [InlineData("http.Send(new HttpRequestMessage())", "Http", "AwaitCancellable")]
    [InlineData("process.WaitForExit()", "Processes", "AwaitCancellable")]
    [InlineData("task.Wait()", "Tasks", "Wait")]
    [InlineData("task.GetAwaiter().GetResult()", "Tasks", "Await")]
    [InlineData("Console.In.ReadLine()", "Console", "Offload")]
    [InlineData("Console.Out.Flush()", "Console", "Offload")]
    [InlineData("store.Get(1)", "None", "Await")]
    public void A_tier_2_call_has_its_group_and_bridge(string call, string group, string bridge)
    {
        var point = Classify(call);
        Assert.Equal(SuspensionKind.AsyncTwin, point?.Kind);
        Assert.Equal(group, point!.Group.ToString());
        Assert.Equal(bridge, point.AsyncTwin!.Bridge.ToString());
    }

    [Fact]
    public void Task_Result_is_a_tier_2_point_of_the_Tasks_group()
    {
        var (body, model) = Body("return task.Result;");
        var access = body.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Single(a => a.Name.Identifier.ValueText == "Result");
        var point = SuspensionPoints.ClassifyNode(access, model, default);
        Assert.Equal(PatchGroup.Tasks, point?.Group);
        Assert.Equal(AsyncTwinBridge.Result, point!.AsyncTwin!.Bridge);
    }

    [Fact]
    public void A_tier_1_patch_wins_over_a_twin()
    {
        var point = Classify("Thread.Sleep(1)");
        Assert.Equal(SuspensionKind.MonkeyPatch, point?.Kind);
    }

    [Fact]
    public void SemaphoreSlim_Wait_has_a_patch_of_its_own_switched_with_the_twin_tier_and_its_group()
    {
        // SemaphoreSlimPatches: the twin's await, plus giving back a count that a given-up wait acquired.
        var point = Classify("semaphore.Wait()");
        Assert.Equal(SuspensionKind.MonkeyPatch, point?.Kind);
        Assert.Equal(PatchSwitches.AsyncTwins | PatchSwitches.Synchronization, point!.Switches);
    }

    [Theory]
    [InlineData("reader.ReadLine()", "StreamReaderPatches")]
    [InlineData("writer.WriteLine(\"x\")", "StreamWriterPatches")]
    [InlineData("writer.Write(\"x\")", "StreamWriterPatches")]
    [InlineData("writer.Flush()", "StreamWriterPatches")]
    public void StreamReader_and_StreamWriter_line_calls_are_patches_the_twins_setting_switches_off(string call, string patchClass)
    {
        // The hub-native line path (Monkey/StreamReaderPatches, StreamWriterPatches) stands in for the twin, and is
        // switched off with it: AsyncTwins or Streams leave the call blocking, as they leave the twin's.
        var point = Classify(call);
        Assert.Equal(SuspensionKind.MonkeyPatch, point?.Kind);
        Assert.Equal(patchClass, point!.Replacement!.ContainingType.Name);
        Assert.Equal(PatchSwitches.AsyncTwins | PatchSwitches.Streams, point.Switches);
    }

    private static SuspensionPoint? Classify(string call)
    {
        var (body, model) = Body(call + ";\n        return 0;");
        var invocation = body.DescendantNodes().OfType<InvocationExpressionSyntax>().First();
        return SuspensionPoints.Classify(invocation, model, default);
    }

    private static (SyntaxNode Body, SemanticModel Model) Body(string statements)
    {
        var source = $$"""
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public class Store
            {
                public int Get(int key) => key;
                public Task<int> GetAsync(int key) => Task.FromResult(key);
            }

            public static partial class Client
            {
                [Greenlet]
                public static int Run(Stream stream, StreamReader reader, StreamWriter writer, TextReader textReader, TextWriter textWriter, FileStream file, HttpClient http,
                    Process process, SemaphoreSlim semaphore, Task<int> task, Store store, byte[] buffer)
                {
                    {{statements}}
                }
            }
            """;
        var compilation = TestCompilation.Create(source);
        var tree = compilation.SyntaxTrees.Single();
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == "Run");
        return (method.Body!, compilation.GetSemanticModel(tree));
    }
}
