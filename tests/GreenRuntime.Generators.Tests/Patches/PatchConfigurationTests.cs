using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Patches;

/// <summary>
/// The patch configuration (gevent's <c>patch_all(socket=..., time=...)</c>): <c>[assembly: GreenPatches(Off = ...)]</c>
/// and the MSBuild property <c>GreenPatchesOff</c> (united) switch tiers and groups off; a switched-off call is left as
/// written and reported (GRN0032) at the same place; <c>Green.Blocking(() =&gt; call)</c> is neither rewritten nor
/// reported; an unknown name in the property is GRN0033.
/// </summary>
public class PatchConfigurationTests
{
    private const string Body = """
                Thread.Sleep(1);
                int n = socket.Receive(buffer);
                int item = items.Take();
                string? line = Console.ReadLine();
        """;

    [Fact]
    public void Everything_is_on_by_default()
    {
        var twin = Twin(Body);
        Assert.Contains("await global::GreenRuntime.Monkey.TimePatches.Sleep(", twin);
        Assert.Contains("await global::GreenRuntime.Monkey.SocketPatches.Receive(socket", twin);
        Assert.Contains("await global::GreenRuntime.Monkey.SynchronizationOffloadPatches.Take(items", twin);
        Assert.Contains("await global::GreenRuntime.Monkey.ConsoleOffloadPatches.ReadLine(", twin);
    }

    [Fact]
    public void The_attribute_switching_a_group_off_leaves_its_calls_as_written()
    {
        var twin = Twin(Body + "\n        Task.Delay(1).Wait();", attribute: "GreenPatch.Time");
        Assert.Contains("Thread.Sleep(1);", twin);
        Assert.Contains("Task.Delay(1).Wait();", twin);
        Assert.DoesNotContain("TimePatches", twin);
        Assert.Contains("SocketPatches.Receive(socket", twin);
    }

    [Fact]
    public void The_MSBuild_property_switches_tiers_and_groups_off_by_name_in_any_case()
    {
        var twin = Twin(Body, property: " sockets ; OFFLOAD ");
        Assert.Contains("int n = socket.Receive(buffer);", twin);
        Assert.Contains("int item = items.Take();", twin);
        Assert.Contains("string? line = Console.ReadLine();", twin);
        Assert.Contains("TimePatches.Sleep(", twin);
    }

    [Fact]
    public void A_group_switches_off_only_its_own_calls_of_a_tier()
    {
        var twin = Twin(Body, property: "Console");
        Assert.Contains("string? line = Console.ReadLine();", twin);
        Assert.Contains("SynchronizationOffloadPatches.Take(items", twin);
    }

    [Fact]
    public void Attribute_and_property_are_united()
    {
        var twin = Twin(Body, attribute: "GreenPatch.Time", property: "Synchronization");
        Assert.Contains("Thread.Sleep(1);", twin);
        Assert.Contains("int item = items.Take();", twin);
        Assert.Contains("SocketPatches.Receive(socket", twin);
        Assert.Contains("ConsoleOffloadPatches.ReadLine(", twin);
    }

    [Fact]
    public void Green_Blocking_runs_its_lambda_as_written()
    {
        var twin = Twin("""
                    Green.Blocking(() => Thread.Sleep(1));
                    int n = Green.Blocking(() => socket.Receive(buffer));
            """);
        Assert.Contains("Green.Blocking(() => Thread.Sleep(1));", twin);
        Assert.Contains("int n = Green.Blocking(() => socket.Receive(buffer));", twin);
    }

    [Fact]
    public void The_generators_copy_of_GreenPatch_has_its_names_and_values()
    {
        Assert.Equal(
            Enum.GetValues<GreenPatch>().Select(v => (v.ToString(), (int)v)),
            Enum.GetValues(typeof(PatchSwitches)).Cast<PatchSwitches>().Select(v => (v.ToString(), (int)v)));
    }

    [Fact]
    public async Task GRN0032_on_a_call_the_attribute_switched_off_says_which_setting_and_how_to_undo_it()
    {
        var build = await VerifyAsync(Source(Body.Replace("Thread.Sleep(1)", "[|Thread.Sleep(1)|]"), attribute: "GreenPatch.Time"), "GRN0032");
        string message = build.Green.Single().GetMessage();
        Assert.StartsWith("'Thread.Sleep' blocks the thread", message, StringComparison.Ordinal);
        Assert.Contains("GreenPatch.Time in [assembly: GreenPatches(Off = ...)]", message);
        Assert.Contains("remove GreenPatch.Time from the attribute's Off", message);
        Assert.Contains("Green.Blocking(() => ...)", message);
    }

    [Fact]
    public async Task GRN0032_on_calls_the_MSBuild_property_switched_off_and_not_GRN0021_as_well()
    {
        var build = await VerifyAsync(MSBuildOptions.GreenPatchesOff("Offload"), Source("""
                    int item = [|items.Take()|];
                    [|thread.Join()|];
                    Thread.Sleep(1);
            """), "GRN0032");
        Assert.All(build.Green, d => Assert.Contains("Offload in the MSBuild property GreenPatchesOff", d.GetMessage()));
        Assert.All(build.Green, d => Assert.Contains("remove Offload from <GreenPatchesOff>", d.GetMessage()));
    }

    [Fact]
    public async Task No_GRN0032_when_everything_is_on_for_Green_Blocking_or_outside_Greenlet_methods()
    {
        await VerifyAsync(Source(Body));
        await VerifyAsync(MSBuildOptions.GreenPatchesOff("Time;Sockets"), """
            using System.Net.Sockets;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Run(Socket socket, byte[] buffer)
                {
                    Green.Blocking(() => Thread.Sleep(1));
                    return Green.Blocking(() => socket.Receive(buffer));
                }

                public static void Plain() => Thread.Sleep(1);
            }
            """);
    }

    [Fact]
    public async Task GRN0033_for_an_unknown_name_in_GreenPatchesOff_lists_the_valid_ones()
    {
        var build = await BuildAsync(MSBuildOptions.GreenPatchesOff("Time;Sokets"), Source(Body));
        var unknown = Assert.Single(build.Green, d => d.Id == "GRN0033");
        Assert.Contains("'Sokets'", unknown.GetMessage());
        Assert.Contains("AsyncTwins, Offload, Time, Sockets, Streams, Files, Dns, Http, Processes, Tasks, Synchronization, Console", unknown.GetMessage());
        // The known name still counts.
        Assert.Contains(build.Green, d => d.Id == "GRN0032" && d.GetMessage().StartsWith("'Thread.Sleep'", StringComparison.Ordinal));
    }

    private static string Source(string body, string? attribute = null) => $$"""
        using System;
        using System.Collections.Concurrent;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        using GreenRuntime;
        {{(attribute is null ? "" : $"[assembly: GreenPatches(Off = {attribute})]")}}

        public static partial class Worker
        {
            [Greenlet]
            public static void Run(Socket socket, byte[] buffer, BlockingCollection<int> items, Thread thread)
            {
                Green.Sleep(0);
        {{body}}
            }
        }
        """;

    private static string Twin(string body, string? attribute = null, string? property = null)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new TwinGenerator().AsSourceGenerator()],
            parseOptions: TestCompilation.ParseOptions,
            optionsProvider: property is null ? null : MSBuildOptions.GreenPatchesOff(property));
        driver.RunGeneratorsAndUpdateCompilation(TestCompilation.Create(Source(body, attribute)), out var output, out _);
        TestCompilation.AssertNoDiagnostics(output);
        return output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Worker.Run.g.cs", StringComparison.Ordinal)).ToString();
    }
}
