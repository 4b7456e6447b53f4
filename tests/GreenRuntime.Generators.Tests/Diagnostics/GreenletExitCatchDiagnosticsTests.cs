using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;
using static GreenRuntime.Generators.Tests.TestHelpers.TestSources;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// GRN0027: a catch-all clause around a suspension point of a [Greenlet] body catches the GreenletExit that Kill()
/// throws there (gevent's <c>except Exception</c> does not), unless its filter, an earlier clause or a rethrow lets it
/// through. Reported on the clause's <c>catch</c> and declaration.
/// </summary>
public class GreenletExitCatchDiagnosticsTests
{
    [Fact]
    public async Task GRN0027_is_reported_on_catch_Exception_around_Thread_Sleep()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Poll()
                {
                    while (true)
                    {
                        try
                        {
                            Thread.Sleep(1000);
                        }
                        [|catch (Exception e)|]
                        {
                            Failures += e.Message.Length;
                        }
                    }
                }
            }
            """, "GRN0027");
        var diagnostic = build.Green.Single();
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostic.Severity);
        var message = diagnostic.GetMessage();
        Assert.StartsWith("'catch (Exception e)' catches the GreenletExit that Kill() throws into the greenlet at 'Thread.Sleep' in its try block", message);
        Assert.Contains("add 'when (e is not GreenletExit)'", message);
        Assert.Contains("'catch (GreenletExit) { throw; }'", message);
    }

    [Fact]
    public async Task GRN0027_is_reported_on_a_bare_catch_and_on_catch_Exception_without_a_variable()
    {
        await VerifyAsync("""
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Run()
                {
                    try
                    {
                        Green.Sleep(1);
                    }
                    [|catch|]
                    {
                        Failures++;
                    }
                    try
                    {
                        Green.Sleep(2);
                    }
                    catch (InvalidOperationException)
                    {
                        Failures++;
                    }
                    [|catch (Exception)|]
                    {
                        Failures++;
                    }
                }
            }
            """, "GRN0027");
    }

    [Fact]
    public async Task GRN0027_is_reported_around_a_call_of_a_Greenlet_method_and_names_it()
    {
        var build = await VerifyAsync("""
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Step() => Green.Sleep(1);

                [Greenlet]
                public static void Run()
                {
                    for (int i = 0; i < 10; i++)
                    {
                        try
                        {
                            Failures += i;
                            Step();
                        }
                        [|catch (System.Exception failure)|]
                        {
                            Console.WriteLine(failure);
                        }
                    }
                }
            }
            """, "GRN0027");
        Assert.Contains("at 'Worker.Step' in its try block", build.Green.Single().GetMessage());
    }

    [Fact]
    public async Task GRN0027_is_reported_around_a_green_foreach()
    {
        var build = await VerifyAsync("""
            using System;

            public partial class Counter
            {
                private int _count;

                [GreenRuntime.Greenlet]
                public void Count(Feed feed)
                {
                    try
                    {
                        foreach (var item in feed)
                            _count += item;
                    }
                    [|catch (Exception)|]
                    {
                        _count = -1;
                    }
                }
            }
            """, "GRN0027", otherSources: Feed);
        Assert.Contains("at 'foreach over feed' in its try block", build.Green.Single().GetMessage());
    }

    [Fact]
    public async Task GRN0027_is_not_reported_when_a_filter_excludes_GreenletExit()
    {
        await VerifyAsync("""
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Run(bool verbose)
                {
                    try { Green.Sleep(1); }
                    catch (Exception e) when (e is not GreenletExit) { Failures++; }
                    try { Green.Sleep(1); }
                    catch (Exception e) when (!(e is GreenletExit)) { Failures++; }
                    try { Green.Sleep(1); }
                    catch (Exception e) when (verbose && e is not GreenletExit) { Failures++; }
                    try { Green.Sleep(1); }
                    [|catch (Exception e)|] when (verbose || e.Message.Length > 0) { Failures++; }
                }
            }
            """, "GRN0027");
    }

    [Fact]
    public async Task GRN0027_is_not_reported_when_an_earlier_clause_catches_GreenletExit()
    {
        await VerifyAsync("""
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Run()
                {
                    try { Green.Sleep(1); }
                    catch (GreenletExit) { throw; }
                    catch (Exception) { Failures++; }
                    try { Green.Sleep(1); }
                    catch (GreenletExit exit) { Failures += exit.Message.Length; return; }
                    catch { Failures++; }
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0027_is_not_reported_when_the_clause_rethrows()
    {
        await VerifyAsync("""
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Run()
                {
                    try { Green.Sleep(1); }
                    catch (Exception) { Failures++; throw; }
                    try { Green.Sleep(1); }
                    catch { if (Failures > 3) throw; Failures++; }
                    try { Green.Sleep(1); }
                    catch (Exception e) { Failures++; throw e; }
                    try { Green.Sleep(1); }
                    [|catch (Exception e)|] { Action later = () => throw e; void Again() { throw e; } Failures++; }
                }
            }
            """, "GRN0027");
    }

    [Fact]
    public async Task GRN0027_is_not_reported_for_specific_exceptions_tries_without_suspension_points_or_ordinary_methods()
    {
        await VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Run()
                {
                    try { Green.Sleep(1); }
                    catch (IOException) { Failures++; }
                    catch (InvalidOperationException e) { Failures += e.Message.Length; }
                    try { Failures = int.Parse("1"); }
                    catch (Exception) { Failures++; }
                    // Spawn returns at once, and the lambda's sleep suspends another greenlet; Offload's runs on another thread.
                    try { Green.Spawn(() => Green.Sleep(1)); Green.Offload(() => Thread.Sleep(1)); }
                    catch (Exception) { Failures++; }
                }

                public static void Plain()
                {
                    try { Thread.Sleep(1); }
                    catch (Exception) { Failures++; }
                }
            }
            """);
    }
}
