using GreenRuntime.Generators.CallSites;
using GreenRuntime.Generators.Tests.TestHelpers;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Tests.CallSites;

/// <summary>
/// The names a call site can be routed under (<see cref="CallNames"/>): an invocation by any other name is never bound
/// by the interceptor generator or the call-site analyzer.
/// </summary>
public class CallNamesTests
{
    private const string Library = """
        using GreenRuntime;
        namespace Lib;

        public static partial class Remote
        {
            [Greenlet] public static int Fetch(int n) { Green.Sleep(n); return n; }
            public static int Plain(int n) => n;
        }
        """;

    private const string Source = """
        using System;
        using GreenRuntime;
        using G = GreenRuntime.GreenletAttribute;
        namespace Demo;

        public static partial class Worker
        {
            [Greenlet] public static int Work(int n) { Green.Sleep(n); return n; }
            [G] public static void Aliased() { Green.Sleep(0); }
            public static int Helper(int n) => Math.Abs(n);

            public static partial class Nested
            {
                [Greenlet] public static void Deep() { Green.Sleep(0); }
            }
        }
        """;

    private static CallNames Names() =>
        CallNames.For(InterceptorRun.Compilation("Tests", [InterceptorRun.Library("Lib", Library)], Source));

    [Theory]
    [InlineData("Work")]
    [InlineData("Aliased")]
    [InlineData("Deep")]
    [InlineData("Fetch")]
    [InlineData("Spawn")]
    [InlineData("SpawnLater")]
    [InlineData("WithTimeout")]
    public void Greenlet_methods_of_the_compilation_and_its_references_and_function_taking_apis_are_names(string name) =>
        Assert.True(Names().Contains(name), name);

    [Theory]
    [InlineData("Helper")]
    [InlineData("Plain")]
    [InlineData("Abs")]
    [InlineData("WriteLine")]
    public void Ordinary_methods_are_no_names(string name) => Assert.False(Names().Contains(name), name);

    [Theory]
    [InlineData("Worker.Work(1)", true)]
    [InlineData("global::Demo.Worker.Work(1)", true)]
    [InlineData("worker?.Work(1)", true)]
    [InlineData("Work<int>(1)", true)]
    [InlineData("Console.WriteLine(1)", false)]
    [InlineData("text.Trim()", false)]
    [InlineData("handlers[0](1)", true)]
    public void An_invocation_may_be_routed_when_it_calls_by_a_name_or_by_no_simple_name(string call, bool expected)
    {
        var invocation = Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseExpression(call)
            .DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().First();
        Assert.Equal(expected, Names().MayBeRouted(invocation));
    }

    [Fact]
    public void Compiling_GreenRuntime_itself_filters_nothing() =>
        Assert.True(CallNames.For(TestCompilation.Create("GreenRuntime", [], "public static class Any { }")).Contains("Anything"));
}
