using Verify = GreenRuntime.CodeFixes.Tests.TestHelpers.CodeFix<GreenRuntime.CodeFixes.GreenLockCodeFix>;

namespace GreenRuntime.CodeFixes.Tests;

/// <summary>GRN0009: the fix replaces the <c>lock</c> with a GreenLock scope, and every other lock on the same field with it.</summary>
public class GreenLockCodeFixTests
{
    [Fact]
    public async Task GRN0009_fix_turns_a_private_object_used_only_for_lock_into_a_GreenLock()
    {
        await Verify.VerifyAsync("""
            using System.Threading;
            using GreenRuntime;

            public static partial class Counter
            {
                private static readonly object s_gate = new();
                public static int Count;

                [Greenlet]
                public static void Bump()
                {
                    lock (s_gate)
                    {
                        int seen = Count;
                        {|GRN0009:Thread.Sleep(10)|};
                        Count = seen + 1;
                    }
                }

                [Greenlet]
                public static void Reset()
                {
                    lock (s_gate) Count = 0;
                }
            }
            """, """
            using System.Threading;
            using GreenRuntime;

            public static partial class Counter
            {
                private static readonly GreenLock s_gate = new(reentrant: true);
                public static int Count;

                [Greenlet]
                public static void Bump()
                {
                    using (s_gate.EnterScope())
                    {
                        int seen = Count;
                        Thread.Sleep(10);
                        Count = seen + 1;
                    }
                }

                [Greenlet]
                public static void Reset()
                {
                    using (s_gate.EnterScope()) Count = 0;
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0009_fix_turns_an_instance_lock_object_into_a_GreenLock_and_adds_using_GreenRuntime()
    {
        await Verify.VerifyAsync("""
            using System.Net.Sockets;

            public partial class Sender
            {
                private readonly object _sync = new object();

                [GreenRuntime.Greenlet]
                public void Send(Socket conn, byte[] reply)
                {
                    lock (this._sync)
                    {
                        {|GRN0009:conn.Send(reply)|};
                    }
                }
            }
            """, """
            using System.Net.Sockets;
            using GreenRuntime;

            public partial class Sender
            {
                private readonly GreenLock _sync = new GreenLock(reentrant: true);

                [GreenRuntime.Greenlet]
                public void Send(Socket conn, byte[] reply)
                {
                    using (this._sync.EnterScope())
                    {
                        conn.Send(reply);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0009_fix_adds_a_GreenLock_next_to_a_locked_field_that_is_also_data()
    {
        await Verify.VerifyAsync("""
            using System.Collections.Generic;
            using GreenRuntime;

            public partial class Journal
            {
                private readonly List<string> _lines = new();
                private static readonly List<string> s_all = new();

                public int Count => _lines.Count;

                [Greenlet]
                public void Add(string line)
                {
                    lock (_lines)
                    {
                        {|GRN0009:Green.Sleep(1)|};
                        _lines.Add(line);
                    }
                    lock (Journal.s_all)
                    {
                        s_all.Add(line);
                        {|GRN0009:Green.Sleep(1)|};
                    }
                }
            }
            """, """
            using System.Collections.Generic;
            using GreenRuntime;

            public partial class Journal
            {
                private readonly List<string> _lines = new();
                private readonly GreenLock _linesGreenLock = new(reentrant: true);
                private static readonly List<string> s_all = new();
                private static readonly GreenLock s_allGreenLock = new(reentrant: true);

                public int Count => _lines.Count;

                [Greenlet]
                public void Add(string line)
                {
                    using (_linesGreenLock.EnterScope())
                    {
                        Green.Sleep(1);
                        _lines.Add(line);
                    }
                    using (Journal.s_allGreenLock.EnterScope())
                    {
                        s_all.Add(line);
                        Green.Sleep(1);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task GRN0009_fix_is_not_offered_where_other_code_may_lock_the_same_object()
    {
        await Verify.VerifyNoFixAsync("""
            using System.Threading;
            using GreenRuntime;

            public partial class Shared
            {
                public readonly object PublicGate = new();
                private readonly object _alsoLockedByPlainCode = new();
                private readonly object _monitored = new();
                private readonly object _inALambda = new();

                public void Plain()
                {
                    lock (_alsoLockedByPlainCode) { }
                    Monitor.Enter(_monitored);
                    Monitor.Exit(_monitored);
                }

                [Greenlet]
                public void Run(object local)
                {
                    lock (local) { {|GRN0009:Green.Sleep(1)|}; }
                    lock (this) { {|GRN0009:Green.Sleep(1)|}; }
                    lock (PublicGate) { {|GRN0009:Green.Sleep(1)|}; }
                    lock (_alsoLockedByPlainCode) { {|GRN0009:Green.Sleep(1)|}; }
                    lock (_monitored) { {|GRN0009:Green.Sleep(1)|}; }
                    lock (_inALambda) { {|GRN0009:Green.Sleep(1)|}; }
                    System.Action later = () => { lock (_inALambda) { } };
                    later();
                }
            }
            """);
    }
}
