using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Diagnostics;

/// <summary>What DESIGN.md allows produces no GRN diagnostic and compiles cleanly with every generator.</summary>
public class ValidGreenletTests
{
    [Fact]
    public async Task Valid_Greenlet_methods_produce_no_diagnostic()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using GreenRuntime;

            namespace App.Workers
            {
                public static partial class Echo
                {
                    private static readonly object s_gate = new();

                    [Greenlet]
                    public static int Countdown(int n)
                    {
                        if (n == 0)
                            return 0;
                        Thread.Sleep(1);
                        return 1 + Countdown(n - 1);
                    }

                    [Greenlet]
                    internal static T Echoed<T>(T value) where T : notnull
                    {
                        Task.Delay(1).Wait();
                        return value;
                    }

                    [Greenlet]
                    private static void Mixed(int[] items, Greenlet? other)
                    {
                        // Lambdas and local functions that do not suspend are fine, and so is a lock without suspension.
                        var doubled = items.Select(i => i * 2).Where(IsEven).ToList();
                        lock (s_gate) { doubled.Add(1); }
                        Span<int> scratch = stackalloc int[4];
                        scratch[0] = doubled.Count;
                        int first = scratch[0];
                        Green.Sleep(first);
                        if (other is not null)
                            other.Join();
                        try { Thread.Sleep(1); }
                        catch (InvalidOperationException) when (items.Length > 0) { Thread.Sleep(1); }
                        finally { Green.Sleep(0); }
                        var children = items.Select(i => Green.Spawn(Countdown, i)).ToList();
                        Green.JoinAll(children);
                        static bool IsEven(int i) => i % 2 == 0;
                    }

                    public partial class Session
                    {
                        private int _received;

                        [Greenlet]
                        public void Receive(int bytes) { Thread.Sleep(1); _received += bytes; }

                        [Greenlet]
                        public int Total() => Echoed(_received);
                    }
                }

                public static class Program
                {
                    public static int Main()
                    {
                        var session = new Echo.Session();
                        var g = Green.Spawn(session.Receive, 10);
                        var h = Green.Spawn(() => Echo.Countdown(3));
                        g.Join();
                        session.Receive(5);
                        return h.Get() + session.Total();
                    }
                }
            }
            """);
        Assert.Empty(build.Green);
    }
}
