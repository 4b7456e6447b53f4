namespace GreenRuntime.Generators.Tests.TestHelpers;

/// <summary>Test sources more than one test class compiles.</summary>
internal static class TestSources
{
    /// <summary>A green sequence (a <c>GreenEnumerable&lt;int&gt;</c> fed from a queue) for green <c>foreach</c> tests.</summary>
    public const string Feed = """
        using System.Collections.Generic;
        using System.Diagnostics.CodeAnalysis;
        using GreenRuntime;

        public sealed class Feed : GreenEnumerable<int>
        {
            public readonly Queue<int> Items = new();

            public override GreenEnumerator<int> GetEnumerator() => new Enumerator(this);

            private sealed class Enumerator(Feed feed) : GreenEnumerator<int>
            {
                protected override bool TryTakeNext([MaybeNullWhen(false)] out int item) => feed.Items.TryDequeue(out item);

                protected override bool IsFinished => feed.Items.Count == 0;
            }
        }
        """;
}
