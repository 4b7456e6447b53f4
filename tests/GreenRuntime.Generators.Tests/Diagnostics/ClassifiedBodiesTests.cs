using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Diagnostics;
using GreenRuntime.Generators.Tests.TestHelpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// The analyzers' shared answers about [Greenlet] bodies (<see cref="ClassifiedBodies"/>): each body and each suspension
/// point candidate is worked out once per compilation, whichever semantic model asks, and a new compilation (an edit)
/// never sees the answers of the old one.
/// </summary>
public class ClassifiedBodiesTests
{
    private const string Caller = """
        using GreenRuntime;

        public static partial class Worker
        {
            [Greenlet]
            public static int Run(int n)
            {
                Green.Sleep(1);
                return Helpers.Step(n);
            }
        }
        """;

    private const string GreenletHelper = """
        using GreenRuntime;

        public static partial class Helpers
        {
            [Greenlet]
            public static int Step(int n) => n + 1;
        }
        """;

    [Fact]
    public void A_body_and_its_calls_are_classified_once_per_compilation_whichever_semantic_model_asks()
    {
        var compilation = TestCompilation.Create(Caller, GreenletHelper);
        var tree = compilation.SyntaxTrees.First();
        var declaration = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        var first = compilation.GetSemanticModel(tree);
        var second = compilation.GetSemanticModel(tree);
        Assert.NotSame(first, second);

        var body = GreenletBodies.Find(declaration, first, default);
        Assert.NotNull(body);
        Assert.Same(body, GreenletBodies.Find(declaration, second, default));
        var nodes = GreenletBodies.NodesOnTheGreenlet(body, first, default);
        Assert.Equal(nodes, GreenletBodies.NodesOnTheGreenlet(body, second, default));

        var calls = nodes.OfType<InvocationExpressionSyntax>().ToList();
        Assert.Equal(2, calls.Count);
        foreach (var call in calls)
        {
            var point = GreenletBodies.Classify(call, first, default);
            Assert.NotNull(point);
            // The same instance: the second model's question is answered from the first one's work.
            Assert.Same(point, GreenletBodies.Classify(call, second, default));
            Assert.Same(point, GreenletBodies.ClassifyIgnoringConfiguration(call, second, default));
        }
        Assert.Equal(SuspensionKind.RuntimeBlocking, GreenletBodies.Classify(calls[0], first, default)!.Kind);
        Assert.Equal(SuspensionKind.GreenletCall, GreenletBodies.Classify(calls[1], first, default)!.Kind);
    }

    [Fact]
    public void An_edit_of_another_file_is_seen_by_the_unchanged_body()
    {
        var before = TestCompilation.Create(Caller, GreenletHelper);
        var callerTree = before.SyntaxTrees.First();
        var call = callerTree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Last();
        Assert.Equal(SuspensionKind.GreenletCall, GreenletBodies.Classify(call, before.GetSemanticModel(callerTree), default)?.Kind);

        // Helpers.Step loses [Greenlet]: the caller's tree (and so the very same call node) is reused by the new compilation.
        var helperTree = before.SyntaxTrees.Last();
        var after = before.ReplaceSyntaxTree(helperTree, helperTree.WithChangedText(SourceText.From(GreenletHelper.Replace("    [Greenlet]\n", "", StringComparison.Ordinal))));
        Assert.Same(callerTree, after.SyntaxTrees.First());

        Assert.Null(GreenletBodies.Classify(call, after.GetSemanticModel(callerTree), default));
        Assert.Null(GreenletBodies.ClassifyIgnoringConfiguration(call, after.GetSemanticModel(callerTree), default));
        // The old compilation keeps its own answer.
        Assert.Equal(SuspensionKind.GreenletCall, GreenletBodies.Classify(call, before.GetSemanticModel(callerTree), default)?.Kind);
    }
}
