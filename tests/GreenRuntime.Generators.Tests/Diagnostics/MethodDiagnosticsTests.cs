using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>
/// A [Greenlet] method that cannot get a resumable twin: the user sees one GRN error per reason, on the exact piece
/// of their declaration that is wrong, and no compiler error from generated code. Every source also calls the method
/// from ordinary code and spawns it, so that interceptors are exercised too.
/// </summary>
public class MethodDiagnosticsTests
{
    [Fact]
    public async Task GRN0001_is_reported_on_the_identifier_of_a_type_that_is_not_partial()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static class [|Worker|]
            {
                [Greenlet]
                public static void Run() => Thread.Sleep(1);
            }

            public static class Caller
            {
                public static void Call() { Worker.Run(); Green.Spawn(Worker.Run).Join(); }
            }
            """, "GRN0001");
        Assert.Contains("'Worker'", build.Green.Single().GetMessage());
        Assert.Contains("'Worker.Run'", build.Green.Single().GetMessage());
    }

    [Fact]
    public async Task GRN0001_is_reported_on_every_enclosing_type_that_is_not_partial()
    {
        await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public class [|Outer|]
            {
                public partial class Inner
                {
                    [Greenlet]
                    public int Run(int n) { Thread.Sleep(n); return n; }
                }
            }

            public static class Caller
            {
                public static int Call() => new Outer.Inner().Run(1);
            }
            """, "GRN0001");
    }

    [Fact]
    public async Task GRN0001_is_reported_once_per_type_whatever_the_number_of_greenlet_methods()
    {
        await VerifyAsync("""
            using GreenRuntime;

            public readonly struct [|Pair|]
            {
                [Greenlet] public void First() => Green.Sleep(0);
                [Greenlet] public void Second() => Green.Sleep(0);
            }
            """, "GRN0001");
    }

    [Fact]
    public async Task GRN0002_is_reported_on_the_async_keyword()
    {
        var build = await VerifyAsync("""
            using System.Threading.Tasks;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static [|async|] Task RunAsync() => await Task.Delay(1);
            }

            public static class Caller
            {
                public static Task Call() => Worker.RunAsync();
            }
            """, "GRN0002");
        Assert.Contains("'Worker.RunAsync'", build.Green.Single().GetMessage());
    }

    [Theory]
    [InlineData("ref", "ref")]
    [InlineData("out", "out")]
    [InlineData("in", "in")]
    [InlineData("ref readonly", "ref readonly")]
    public async Task GRN0003_is_reported_on_a_by_reference_parameter(string modifier, string shown)
    {
        string assignment = modifier == "out" ? "value = 1;" : string.Empty;
        var build = await VerifyAsync($$"""
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static void Run(int count, [|{{modifier}} int value|]) { {{assignment}} Thread.Sleep(count); }
            }

            public static class Caller
            {
                public static void Call() { int v = 0; Worker.Run(1, {{modifier.Replace("ref readonly", "ref")}} v); }
            }
            """, "GRN0003");
        var message = build.Green.Single().GetMessage();
        Assert.Contains("'value'", message);
        Assert.Contains("'Worker.Run'", message);
        Assert.Contains($"('{shown}')", message);
    }

    [Fact]
    public async Task GRN0004_is_reported_on_a_ref_return_type()
    {
        await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public partial class Worker
            {
                private int _value;

                [Greenlet]
                public [|ref int|] Find() { Thread.Sleep(1); return ref _value; }

                [Greenlet]
                public [|ref readonly int|] Peek() { Thread.Sleep(1); return ref _value; }
            }

            public static class Caller
            {
                public static int Call(Worker w) { ref int r = ref w.Find(); r++; return w.Peek(); }
            }
            """, "GRN0004");
    }

    [Fact]
    public async Task GRN0005_is_reported_on_pointer_parameters_pointer_returns_and_unsafe_modifiers()
    {
        await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static [|unsafe|] void Fill([|int* destination|], int count) { Thread.Sleep(1); *destination = count; }

                [Greenlet]
                public static [|unsafe|] [|int*|] Find() { Thread.Sleep(1); return null; }

                [Greenlet]
                public static [|unsafe|] void Call([|delegate*<void> callback|]) { Thread.Sleep(1); callback(); }
            }

            public [|unsafe|] partial class Pinned
            {
                [Greenlet]
                public void Run() => Thread.Sleep(1);
            }

            public static class Caller
            {
                public static unsafe void Call() { int x = 0; Worker.Fill(&x, 1); Worker.Find(); new Pinned().Run(); Green.Spawn(new Pinned().Run).Join(); }
            }
            """, "GRN0005");
    }

    [Fact]
    public async Task GRN0006_is_reported_on_a_ref_struct_parameter()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static int Sum([|ReadOnlySpan<byte> data|]) { Thread.Sleep(1); return data.Length; }
            }

            public static class Caller
            {
                public static int Call() => Worker.Sum(stackalloc byte[2]);
            }
            """, "GRN0006");
        Assert.Contains("'ReadOnlySpan<byte>'", build.Green.Single().GetMessage());
    }

    [Fact]
    public async Task GRN0007_is_reported_on_a_ref_struct_return_type()
    {
        await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static [|Span<byte>|] Read(byte[] buffer) { Thread.Sleep(1); return buffer; }
            }

            public static class Caller
            {
                public static int Call() => Worker.Read(new byte[1]).Length;
            }
            """, "GRN0007");
    }

    [Fact]
    public async Task GRN0015_is_reported_on_the_first_yield_of_an_iterator()
    {
        await VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading;
            using GreenRuntime;

            public static partial class Worker
            {
                [Greenlet]
                public static IEnumerable<int> Numbers()
                {
                    Thread.Sleep(1);
                    [|yield return|] 1;
                    yield return 2;
                }

                [Greenlet]
                public static IEnumerable<int> None()
                {
                    [|yield break|];
                }
            }

            public static class Caller
            {
                public static int Count() { int n = 0; foreach (var i in Worker.Numbers()) n += i; return n; }
            }
            """, "GRN0015");
    }

    [Fact]
    public async Task GRN0016_is_reported_on_the_name_of_a_method_without_body()
    {
        await VerifyAsync("""
            using System.Runtime.InteropServices;
            using GreenRuntime;

            public abstract partial class Worker
            {
                [Greenlet]
                public abstract void [|Run|]();

                [Greenlet]
                partial void [|Hook|]();

                [Greenlet]
                [DllImport("libc")]
                public static extern int [|getpid|]();
            }

            public partial interface IWorker
            {
                [Greenlet]
                void [|Work|]();
            }

            public static class Caller
            {
                public static void Call(Worker w, IWorker i) { w.Run(); i.Work(); }
            }
            """, "GRN0016");
    }

    [Fact]
    public async Task GRN0016_is_not_reported_for_a_partial_method_whose_body_is_in_another_part()
    {
        await VerifyAsync("""
            using GreenRuntime;

            public partial class Worker
            {
                [Greenlet]
                public partial void Run(int n);
            }
            """, otherSources: """
            using GreenRuntime;

            public partial class Worker
            {
                public partial void Run(int n) => Green.Sleep(n);
            }
            """);
    }

    [Fact]
    public async Task Signature_problems_of_a_partial_method_are_reported_on_the_defining_declaration()
    {
        await VerifyAsync("""
            using GreenRuntime;

            public partial class Worker
            {
                [Greenlet]
                public partial void Run([|ref int count|]);
            }
            """, "GRN0003", otherSources: """
            using System.Threading;

            public partial class Worker
            {
                public partial void Run(ref int count) { Thread.Sleep(count); count++; }
            }
            """);
    }

    [Fact]
    public async Task Body_problems_of_a_partial_method_are_reported_on_the_implementing_declaration()
    {
        await VerifyAsync("""
            using System.Threading.Tasks;

            public partial class Worker
            {
                public partial [|async|] Task RunAsync() => await Task.Delay(1);
            }
            """, "GRN0002", otherSources: """
            using System.Threading.Tasks;
            using GreenRuntime;

            public partial class Worker
            {
                [Greenlet]
                public partial Task RunAsync();
            }
            """);
    }

    [Fact]
    public async Task GRN0017_is_reported_on_Greenlet_applied_to_something_that_is_not_an_ordinary_method()
    {
        await VerifyAsync("""
            using System;
            using System.Threading;
            using GreenRuntime;

            public interface IWorker { void Run(); }

            public partial class Worker : IWorker
            {
                [[|Greenlet|]]
                void IWorker.Run() => Thread.Sleep(1);

                public int Value
                {
                    [[|Greenlet|]]
                    get { Thread.Sleep(1); return 1; }
                }

                [[|Greenlet|]]
                public static Worker operator +(Worker a, Worker b) { Thread.Sleep(1); return a; }

                [[|Greenlet|]]
                ~Worker() => Thread.Sleep(1);

                public void Host()
                {
                    [[|Greenlet|]]
                    void Local() => Thread.Sleep(1);
                    Local();

                    Action lambda = [[|Greenlet|]] () => Thread.Sleep(1);
                    lambda();
                }
            }

            public static class Caller
            {
                public static int Call(Worker w) { ((IWorker)w).Run(); var sum = w + w; return w.Value; }
            }
            """, "GRN0017");
    }

    [Fact]
    public async Task GRN0018_is_reported_on_the_file_modifier_of_a_file_local_type()
    {
        await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            [|file|] partial class Worker
            {
                [Greenlet]
                public static void Run() => Thread.Sleep(1);
            }

            public static class Caller
            {
                public static void Call() { Worker.Run(); Green.Spawn(Worker.Run).Join(); }
            }
            """, "GRN0018");
    }

    [Fact]
    public async Task GRN0022_is_reported_on_an_instance_method_of_a_struct_that_writes_the_struct()
    {
        var build = await VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public partial struct Counter
            {
                public int Count;
                public Inner Nested;

                [Greenlet]
                public void [|Tick|]() { Thread.Sleep(1); Count++; }

                [Greenlet]
                public void [|Reset|]() { Thread.Sleep(1); this = default; }

                [Greenlet]
                public void [|Bump|]() { Thread.Sleep(1); Nested.Add(); }

                [Greenlet]
                public int [|Swap|]() { Thread.Sleep(1); return System.Threading.Interlocked.Exchange(ref Count, 1); }

                // Only reads: the copy its twin runs on is observably the same (was GRN0022).
                [Greenlet]
                public int Read() { Thread.Sleep(1); return Count + Nested.Value + Nested.Peek(); }

                [Greenlet]
                public readonly int Peek() { Thread.Sleep(1); return Count; }

                [Greenlet]
                public static Counter Ticked(Counter counter) { Thread.Sleep(1); counter.Count++; return counter; }
            }

            public readonly partial struct Point
            {
                public readonly int X;

                [Greenlet]
                public int Twice() { Thread.Sleep(1); return 2 * X; }
            }

            public struct Inner
            {
                public int Value;
                public void Add() => Value++;
                public readonly int Peek() => Value;
            }

            public static class Caller
            {
                public static int Call(Counter counter, Point point)
                {
                    counter.Tick();
                    return counter.Peek() + Counter.Ticked(counter).Count + point.Twice() + counter.Read();
                }
            }
            """, "GRN0022");
        var tick = build.Green.Single(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'Counter.Tick'", StringComparison.Ordinal));
        Assert.Contains("('Count++')", tick.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Count++", tick.AdditionalLocations.Single().SourceTree!.ToString().Substring(tick.AdditionalLocations[0].SourceSpan.Start, 7));
    }

    [Fact]
    public async Task Several_problems_of_one_method_are_all_reported()
    {
        await VerifyAsync("""
            using System;
            using GreenRuntime;

            public class {|GRN0001:Worker|}
            {
                [Greenlet]
                public static void Run({|GRN0003:ref int count|}, {|GRN0006:Span<int> span|}) => Green.Sleep(count + span.Length);
            }
            """);
    }
}
