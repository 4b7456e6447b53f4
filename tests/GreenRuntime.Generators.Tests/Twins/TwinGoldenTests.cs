using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;

namespace GreenRuntime.Generators.Tests.Twins;

/// <summary>The generated twin text for representative methods, pinned in <c>Golden/</c>.</summary>
public class TwinGoldenTests
{
    [Fact]
    public void Void_method_with_thread_sleep_in_a_loop()
    {
        const string source = """
            using System.Threading;
            using GreenRuntime;

            namespace Demo;

            public static partial class Worker
            {
                [Greenlet]
                public static void Tick(int count)
                {
                    for (int i = 0; i < count; i++)
                    {
                        // Thread.Sleep is monkey-patched into a hub timer.
                        Thread.Sleep(10);
                    }
                }
            }
            """;
        AssertGolden(source, "Demo.Worker.Tick.g.cs");
    }

    [Fact]
    public void Generic_value_returning_method_calling_another_greenlet()
    {
        const string source = """
            using GreenRuntime;

            namespace Demo
            {
                using System.Collections.Generic;

                internal static partial class Pipeline
                {
                    [Greenlet]
                    public static T Echo<T>(T value) where T : notnull
                    {
                        Green.Sleep(0);
                        return value;
                    }

                    [Greenlet]
                    private static List<string> Describe<T>(IEnumerable<T> values, string separator = ", ")
                        where T : class, new()
                    {
                        var result = new List<string>();
                        foreach (var value in values)
                            result.Add($"{Echo(value)}{separator}");
                        return result;
                    }
                }
            }
            """;
        AssertGolden(source, "Demo.Pipeline.Describe.g.cs");
    }

    [Fact]
    public void Instance_method_in_nested_generic_type_with_try_finally_and_spawn_lambda()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;
            using GreenRuntime;

            namespace Demo;

            public partial class Outer<TKey> where TKey : notnull
            {
                private sealed partial class Cache
                {
                    private readonly List<TKey> _keys = new();

                    [Greenlet]
                    private int Refresh(TKey key)
                    {
                        try
                        {
                            var child = Green.Spawn(() =>
                            {
                                Thread.Sleep(1);
                                _keys.Add(key);
                            });
                            child.Join();
                            return _keys.Count;
                        }
                        finally
                        {
                            Green.Sleep(0);
                        }
                    }
                }
            }
            """;
        AssertGolden(source, "Demo.Outer_1.Cache.Refresh.g.cs");
    }

    [Fact]
    public void Method_with_ref_parameter_gets_a_throwing_stub()
    {
        const string source = """
            using GreenRuntime;

            public partial struct Accumulator
            {
                [Greenlet]
                public static void Add(ref int total, int value)
                {
                    Green.Sleep(0);
                    total += value;
                }
            }
            """;
        AssertGolden(source, "Accumulator.Add.g.cs");
    }

    [Fact]
    public void Static_method_of_a_private_nested_type_gets_a_forwarder_in_the_top_level_type()
    {
        const string source = """
            using System.Threading;
            using GreenRuntime;

            namespace Demo;

            public static partial class Server
            {
                private static partial class Handlers
                {
                    [Greenlet]
                    public static string Greet(string name, int delay = 10)
                    {
                        Thread.Sleep(delay);
                        return "hello " + name;
                    }
                }
            }
            """;
        AssertGolden(source, "Demo.Server.Handlers.Greet.g.cs");
    }

    [Fact]
    public void Foreach_over_green_sequences_with_var_explicit_type_deconstruction_nesting_and_break()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Diagnostics.CodeAnalysis;
            using GreenRuntime;

            namespace Demo;

            public sealed class Feed<T> : GreenEnumerable<T>
            {
                public readonly Queue<T> Items = new();

                public override GreenEnumerator<T> GetEnumerator() => new Enumerator(this);

                private sealed class Enumerator(Feed<T> feed) : GreenEnumerator<T>
                {
                    protected override bool TryTakeNext([MaybeNullWhen(false)] out T item) => feed.Items.TryDequeue(out item);

                    protected override bool IsFinished => feed.Items.Count == 0;
                }
            }

            public static partial class Consumer
            {
                [Greenlet]
                public static long Drain(Feed<int> numbers, Feed<(string Name, int Count)> pairs, List<int> plain)
                {
                    long total = 0;
                    foreach (var n in numbers)   // parks between items
                    {
                        if (n < 0)
                            break;
                        total += n;
                    }
                    foreach (long n in numbers) total += n;
                    foreach (var (name, count) in
                             pairs)
                    {
                        foreach (int inner in numbers)
                            if (inner == count) continue;
                        total += name.Length;
                    }
                    foreach (var p in plain)
                        total += p;
                    return total;
                }
            }
            """;
        AssertGolden(source, "Demo.Consumer.Drain.g.cs");
    }

    private static void AssertGolden(string source, string hintName)
    {
        var run = GeneratorRunner.RunOnce(new TwinGenerator(), TestCompilation.Create(source));
        TestCompilation.AssertNoDiagnostics(run.Output);
        Golden.AssertMatches(run.Source(hintName), hintName);
    }
}
