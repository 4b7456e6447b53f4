using System.Text.Json;
using GreenRuntime.Futures.Processes;

namespace GreenRuntime.Tests.Futures.Processes;

/// <summary>
/// The process pool's messages built in one buffer are the bytes the general JSON writer makes (the shape a worker on
/// another machine reads), and a worker reuses its last target only for a work item that names exactly that target.
/// </summary>
public class WireTests
{
    private static readonly ProcessTarget Target = new(
        "Some.Assembly, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null", "/tmp/dir \"é\"/Some.Assembly.dll",
        "Some.Namespace.Type+Nested", "Method", ["System.Int32", "System.String[]"]);

    [Theory]
    [InlineData(false, 1L)]
    [InlineData(true, 1234567890123L)]
    public void A_work_frame_built_in_one_buffer_is_the_work_item_as_the_writer_writes_it(bool chunk, long id)
    {
        var arguments = "[7,[\"a\",\"b\"]]"u8.ToArray();
        var expected = Frames.Build(FrameKind.Work, new WorkItem(id, Target, arguments, chunk).ToJson());
        Assert.Equal(expected, WorkItem.Frame(id, WorkItem.TargetProperties(Target), arguments, chunk));
        var withoutPath = Target with { AssemblyPath = null };
        Assert.Equal(
            Frames.Build(FrameKind.Work, new WorkItem(id, withoutPath, arguments, chunk).ToJson()),
            WorkItem.Frame(id, WorkItem.TargetProperties(withoutPath), arguments, chunk));
    }

    [Fact]
    public void An_outcome_frame_built_in_one_buffer_is_the_outcome_as_the_writer_writes_it()
    {
        var result = "{\"X\":1,\"Y\":[2,3]}"u8.ToArray();
        Assert.Equal(Frames.Build(FrameKind.Outcome, WorkOutcome.Result(42, result)), WorkOutcome.ResultFrame(42, result));
    }

    [Fact]
    public void A_work_item_reuses_the_last_target_only_when_it_names_the_same_one()
    {
        Assert.Same(Target, Parse(Target, Target).Target);
        Assert.Same(Target, Parse(Target with { ParameterTypes = [.. Target.ParameterTypes] }, Target).Target);
        ProcessTarget[] others =
        [
            Target with { Method = "Other" },
            Target with { Type = "Some.Namespace.Type" },
            Target with { Assembly = "Other.Assembly" },
            Target with { AssemblyPath = null },
            Target with { AssemblyPath = "/tmp/other.dll" },
            Target with { ParameterTypes = ["System.Int32"] },
            Target with { ParameterTypes = ["System.Int32", "System.String"] },
            Target with { ParameterTypes = ["System.Int32", "System.String[]", "System.Int32"] },
        ];
        foreach (var other in others)
        {
            var parsed = Parse(other, Target).Target;
            Assert.NotSame(Target, parsed);
            Assert.Equal(other.ToString(), parsed.ToString());
            Assert.Equal(other.AssemblyPath, parsed.AssemblyPath);
            Assert.Equal(other.Assembly, parsed.Assembly);
        }
        Assert.NotSame(Target, Parse(Target, Target with { AssemblyPath = null }).Target);
    }

    private static (long Id, ProcessTarget Target, JsonElement Arguments, bool Chunk) Parse(ProcessTarget sent, ProcessTarget last)
    {
        using var document = JsonDocument.Parse(new WorkItem(3, sent, "[1,[]]"u8.ToArray()).ToJson());
        var parsed = WorkItem.Parse(document.RootElement, last);
        Assert.Equal(3, parsed.Id);
        return parsed;
    }
}
