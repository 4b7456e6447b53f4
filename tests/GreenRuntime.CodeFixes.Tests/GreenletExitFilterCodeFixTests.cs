using Verify = GreenRuntime.CodeFixes.Tests.TestHelpers.CodeFix<GreenRuntime.CodeFixes.GreenletExitFilterCodeFix>;

namespace GreenRuntime.CodeFixes.Tests;

/// <summary>GRN0027: the fix filters GreenletExit out of the catch-all clause, as gevent's <c>except Exception</c> does.</summary>
public class GreenletExitFilterCodeFixTests
{
    [Fact]
    public async Task GRN0027_fix_adds_the_filter_to_catch_Exception_e()
    {
        await Verify.VerifyAsync("""
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
                        {|GRN0027:catch (Exception e)|}
                        {
                            Failures += e.Message.Length;
                        }
                    }
                }
            }
            """, """
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
                        catch (Exception e) when (e is not GreenletExit)
                        {
                            Failures += e.Message.Length;
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0027_fix_declares_the_variable_for_catch_Exception_and_a_bare_catch()
    {
        await Verify.VerifyAsync("""
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Run()
                {
                    try { Green.Sleep(1); } {|GRN0027:catch (Exception)|} { Failures++; }
                    try
                    {
                        Green.Sleep(2);
                    }
                    {|GRN0027:catch|} // keep going
                    {
                        Failures++;
                    }
                }
            }
            """, """
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Run()
                {
                    try { Green.Sleep(1); } catch (Exception e) when (e is not GreenletExit) { Failures++; }
                    try
                    {
                        Green.Sleep(2);
                    }
                    catch (Exception e) when (e is not GreenletExit) // keep going
                    {
                        Failures++;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0027_fix_puts_the_test_in_front_of_an_existing_filter()
    {
        await Verify.VerifyAsync("""
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static bool Retry;

                private static bool Log(Exception e) => e.Message.Length > 0;

                [Greenlet]
                public static void Run()
                {
                    try { Green.Sleep(1); } {|GRN0027:catch (Exception e)|} when (Log(e)) { }
                    try { Green.Sleep(1); } {|GRN0027:catch (Exception ex)|} when (Retry || Log(ex)) { }
                }
            }
            """, """
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static bool Retry;

                private static bool Log(Exception e) => e.Message.Length > 0;

                [Greenlet]
                public static void Run()
                {
                    try { Green.Sleep(1); } catch (Exception e) when (e is not GreenletExit && Log(e)) { }
                    try { Green.Sleep(1); } catch (Exception ex) when (ex is not GreenletExit && (Retry || Log(ex))) { }
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0027_fix_picks_a_variable_name_that_is_free_around_and_inside_the_clause()
    {
        await Verify.VerifyAsync("""
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Run(int e)
                {
                    try
                    {
                        Green.Sleep(e);
                    }
                    {|GRN0027:catch (Exception)|}
                    {
                        int ex = e + 1;
                        Failures += ex;
                    }
                }
            }
            """, """
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [Greenlet]
                public static void Run(int e)
                {
                    try
                    {
                        Green.Sleep(e);
                    }
                    catch (Exception exception) when (exception is not GreenletExit)
                    {
                        int ex = e + 1;
                        Failures += ex;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0027_fix_adds_the_using_directives_it_needs()
    {
        await Verify.VerifyAsync("""
            public static partial class Worker
            {
                public static int Failures;

                [GreenRuntime.Greenlet]
                public static void Run()
                {
                    try
                    {
                        GreenRuntime.Green.Sleep(1);
                    }
                    {|GRN0027:catch|}
                    {
                        Failures++;
                    }
                }
            }
            """, """
            using System;
            using GreenRuntime;

            public static partial class Worker
            {
                public static int Failures;

                [GreenRuntime.Greenlet]
                public static void Run()
                {
                    try
                    {
                        GreenRuntime.Green.Sleep(1);
                    }
                    catch (Exception e) when (e is not GreenletExit)
                    {
                        Failures++;
                    }
                }
            }
            """);
    }
}
