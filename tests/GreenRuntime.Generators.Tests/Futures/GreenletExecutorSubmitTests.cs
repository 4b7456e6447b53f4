using GreenRuntime.Generators.Tests.CallSites;
using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;

namespace GreenRuntime.Generators.Tests.Futures;

/// <summary>
/// <c>GreenletExecutor.Submit</c> is a function-taking API (its twin overloads come from the overload-family template's
/// <c>Twins = true</c>): a [Greenlet] method group or a lambda with blocking calls is routed to a twin overload, from
/// ordinary code by an interceptor and inside [Greenlet] bodies by the twin's rewrite, as <c>Green.Spawn</c> is; a
/// thread pool's <c>Submit</c> is not.
/// </summary>
public class GreenletExecutorSubmitTests
{
    private const string Crawler = """
        using System;
        using System.Threading;
        using GreenRuntime;
        using GreenRuntime.Futures;

        namespace Demo;

        public static partial class Crawler
        {
            [Greenlet]
            public static string Get(string url, int delay)
            {
                Thread.Sleep(delay);
                return url;
            }

            public static Future<string> Fetch(GreenletExecutor executor) => executor.Submit(Get, "http://a/", 10);

            public static Future Pause(GreenletExecutor executor) => executor.Submit(() => { Thread.Sleep(5); });

            public static Future<string> OnThreads(Executor executor) => executor.Submit(Get, "http://b/", 10);

            [Greenlet]
            public static string FetchInside(GreenletExecutor executor) => executor.Submit(Get, "http://c/", 1).Result();
        }
        """;

    [Fact]
    public void Submit_of_a_greenlet_method_or_a_blocking_lambda_from_ordinary_code_is_routed_to_a_twin_overload()
    {
        var file = InterceptorRun.RunAndCompile(Crawler);
        Assert.Contains("=> __self.Submit<string, int, string>(default(global::GreenRuntime.CompilerServices.GreenSuspend), static (string __a0, int __a1) => global::Demo.Crawler.Get__GreenTwin(", file, StringComparison.Ordinal);
        Assert.Contains("=> __self.Submit(default(global::GreenRuntime.CompilerServices.GreenSuspend), static () => global::Demo.Crawler.__GreenLambda_Pause_", file, StringComparison.Ordinal);
        Golden.AssertMatches(file, "Futures/Demo.Crawler.Interceptors.g.cs");
    }

    [Fact]
    public void Submit_through_the_Executor_base_is_left_alone()
    {
        var file = InterceptorRun.RunAndCompile(Crawler);
        Assert.DoesNotContain("http://b/", file, StringComparison.Ordinal);
        Assert.Equal(2, file.Split('\n').Count(line => line.TrimStart().StartsWith("public static global::GreenRuntime.Futures.Future", StringComparison.Ordinal)));
    }

    [Fact]
    public void Submit_inside_a_greenlet_body_hands_the_twin_to_the_twin_overload()
    {
        var run = GeneratorRunner.RunOnce(new TwinGenerator(), TestCompilation.Create(Crawler));
        TestCompilation.AssertNoDiagnostics(run.Output);
        string twin = run.Source("Demo.Crawler.FetchInside.g.cs");
        Assert.Contains("executor.Submit(default(global::GreenRuntime.CompilerServices.GreenSuspend), static (", twin, StringComparison.Ordinal);
        Assert.Contains("Get__GreenTwin(default(global::GreenRuntime.CompilerServices.GreenSuspend)", twin, StringComparison.Ordinal);
        Assert.Contains(".Result(default(global::GreenRuntime.CompilerServices.GreenSuspend))", twin, StringComparison.Ordinal);
        Golden.AssertMatches(twin, "Futures/Demo.Crawler.FetchInside.g.cs");
    }
}
