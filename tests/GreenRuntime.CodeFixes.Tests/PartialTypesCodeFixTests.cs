using GreenRuntime.CodeFixes.Tests.TestHelpers;
using Verify = GreenRuntime.CodeFixes.Tests.TestHelpers.CodeFix<GreenRuntime.CodeFixes.PartialTypesCodeFix>;

namespace GreenRuntime.CodeFixes.Tests;

/// <summary>GRN0001: the fix adds <c>partial</c> to the type, the types around it and the types inside it with [Greenlet] methods.</summary>
public class PartialTypesCodeFixTests
{
    [Fact]
    public async Task GRN0001_fix_makes_a_static_class_partial()
    {
        await Verify.VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static class {|GRN0001:Echo|}
            {
                [Greenlet]
                public static void Nap() => Thread.Sleep(10);
            }
            """, """
            using System.Threading;
            using GreenRuntime;

            public static partial class Echo
            {
                [Greenlet]
                public static void Nap() => Thread.Sleep(10);
            }
            """);
    }

    [Fact]
    public async Task GRN0001_fix_makes_a_nested_type_and_every_type_around_it_partial_keeping_indentation_and_attributes()
    {
        await Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            namespace Demo
            {
                [Serializable]
                class {|GRN0001:Outer|}
                {
                    internal sealed class {|GRN0001:Middle|}
                    {
                        /// <summary>A struct.</summary>
                        struct {|GRN0001:Inner|}
                        {
                            [Greenlet]
                            public static int Nap(int ms) { Thread.Sleep(ms); return ms; }
                        }
                    }
                }
            }
            """, """
            using System;
            using System.Threading;
            using GreenRuntime;

            namespace Demo
            {
                [Serializable]
                partial class Outer
                {
                    internal sealed partial class Middle
                    {
                        /// <summary>A struct.</summary>
                        partial struct Inner
                        {
                            [Greenlet]
                            public static int Nap(int ms) { Thread.Sleep(ms); return ms; }
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0001_fix_leaves_partial_types_alone_and_handles_records()
    {
        await Verify.VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Outer
            {
                public record {|GRN0001:Job|}(int Ms)
                {
                    [Greenlet]
                    public int Run() { Thread.Sleep(Ms); return Ms; }
                }

                public readonly record struct {|GRN0001:Tick|}(int Ms)
                {
                    [Greenlet]
                    public int Run() { Thread.Sleep(Ms); return Ms; }
                }
            }
            """, """
            using System.Threading;
            using GreenRuntime;

            public static partial class Outer
            {
                public partial record Job(int Ms)
                {
                    [Greenlet]
                    public int Run() { Thread.Sleep(Ms); return Ms; }
                }

                public readonly partial record struct Tick(int Ms)
                {
                    [Greenlet]
                    public int Run() { Thread.Sleep(Ms); return Ms; }
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0001_fix_on_an_enclosing_type_also_makes_the_nested_types_with_Greenlet_methods_partial_but_no_others()
    {
        var test = new GreenCodeFixTest<PartialTypesCodeFix>
        {
            TestCode = """
                using System.Threading;
                using GreenRuntime;

                public class {|GRN0001:Outer|}
                {
                    public class Plain { }

                    public class {|GRN0001:Worker|}
                    {
                        [Greenlet]
                        public static void Nap() => Thread.Sleep(10);
                    }
                }
                """,
            FixedCode = """
                using System.Threading;
                using GreenRuntime;

                public partial class Outer
                {
                    public class Plain { }

                    public partial class Worker
                    {
                        [Greenlet]
                        public static void Nap() => Thread.Sleep(10);
                    }
                }
                """,
            // The first fix (on Outer) makes Worker partial too: one step fixes both.
            NumberOfIncrementalIterations = 1,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task GRN0001_fix_all_makes_every_reported_type_of_the_document_partial_once()
    {
        await Verify.VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            class {|GRN0001:A|} { [Greenlet] public static void Nap() => Thread.Sleep(1); }
            static class {|GRN0001:B|} { [Greenlet] public static void Nap() => Thread.Sleep(1); }
            class {|GRN0001:C|} { class {|GRN0001:D|} { [Greenlet] public static void Nap() => Thread.Sleep(1); } }
            """, """
            using System.Threading;
            using GreenRuntime;

            partial class A { [Greenlet] public static void Nap() => Thread.Sleep(1); }
            static partial class B { [Greenlet] public static void Nap() => Thread.Sleep(1); }
            partial class C { partial class D { [Greenlet] public static void Nap() => Thread.Sleep(1); } }
            """);
    }
}
