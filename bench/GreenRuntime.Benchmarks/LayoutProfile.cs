using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// Where the bytes of a parked greenlet go: walks the objects one parked greenlet holds (stopping at the
/// objects every greenlet shares: hub, event, delegates, strings, other greenlets) and prints each with
/// its heap size, then the per-greenlet share of the growable arrays (hub registry, run queue, event
/// waiter list). Sizes come from the runtime's MethodTable base size and are cross-checked by allocating
/// instances and reading the thread's allocation counter. The same is done for a parked async method.
/// </summary>
public static class LayoutProfile
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>Prints the layout report.</summary>
    public static void Run()
    {
        // ---- green ----
        var e = new GreenEvent();
        var parked = Green.Spawn(Bodies.Parked, e);
        var notStarted = Green.Spawn(Bodies.Parked, e);
        Console.WriteLine("== a greenlet before it starts (spawned, queued) ==");
        Walk(notStarted, shared: o => o is Hub or GreenEvent);
        var valued = Green.Spawn(Bodies.Double, 1);
        PrintLayout(valued);
        if ((TryField(valued, "_start") ?? TryField(valued, "Resumption")) is { } body)
            PrintLayout(body);
        Green.Sleep(0);
        Console.WriteLine();
        Console.WriteLine("== a greenlet parked on a GreenEvent (Bodies.Parked twin) ==");
        long green = Walk(parked, shared: o => o is Hub or GreenEvent);
        Console.WriteLine();
        PrintLayout(parked);
        if (TryField(parked, "Resumption") is { } box)
            PrintLayout(box);
        Console.WriteLine();
        Console.WriteLine("per-greenlet share of shared growable arrays (at 100,000 parked; capacities double):");
        Console.WriteLine("  Hub._live slot (Greenlet?[], 8 B/slot, capacity 131,072 at 100k)       ~10.5 B");
        Console.WriteLine("  RunQueue slot  (object?[], grown to 131,072 by the spawn burst)       ~10.5 B");
        Console.WriteLine("  GreenEvent._waiters (List<Greenlet>, capacity 131,072)               ~10.5 B");
        Console.WriteLine("  benchmark's Greenlet[] slot (dotnet_micro counts its Task[] too)       8   B");
        Console.WriteLine($"  live arrays now: Hub._live length {Arr(Field(Green.Hub, "_live")).Length}, " +
            $"run queue length {Arr(Field(Field(Green.Hub, "_runQueue")!, "_items")).Length}, " +
            $"event waiters capacity {((List<Greenlet>)Field(e, "_waiters")!).Capacity}");
        Console.WriteLine($"  => parked greenlet estimate at 100k: {green} + 39.5 = {green + 39.5:F1} B");
        e.Set();
        Green.JoinAll(parked, notStarted, valued);

        // ---- Task ----
        Console.WriteLine();
        Console.WriteLine("== an async method awaiting a TaskCompletionSource's task (Bodies.TaskParked) ==");
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var t1 = Bodies.TaskParked(tcs.Task);
        var t2 = Bodies.TaskParked(tcs.Task);
        long task = Walk(t1, shared: o => ReferenceEquals(o, tcs.Task) || o is Delegate || o is ExecutionContext);
        PrintLayout(t1);
        Console.WriteLine("per-task share: the TCS task's continuation List<object> slot (~10.5 B at 100k) + Task[] slot 8 B");
        Console.WriteLine($"  => parked async method estimate at 100k: {task} + 18.5 = {task + 18.5:F1} B");
        tcs.SetResult();
        Task.WaitAll(t1, t2);

        // ---- cross-check of the size method ----
        Console.WriteLine();
        Console.WriteLine("cross-check (MethodTable base size vs. bytes allocated per instance):");
        foreach (var type in new[] { typeof(Greenlet), typeof(Greenlet<int>), parked.GetType() })
            Console.WriteLine($"  {Name(type),-60} base {BaseSize(type),4}  allocated {AllocatedPerInstance(type),6:F1}");
    }

    private delegate ref byte FieldRef(object o);

    // The layout of every object's data as seen through Unsafe.As: its first byte comes right after the MethodTable pointer.
    private sealed class RawData
    {
#pragma warning disable CS0649 // never written: only its address is taken
        public byte Data;
#pragma warning restore CS0649
    }

    /// <summary>
    /// Prints every field of <paramref name="o"/> (structs expanded) at its real offset, with padding holes, as
    /// laid out by this runtime: the offsets are read by taking each field's address (ldflda) in a dynamic method.
    /// </summary>
    public static void PrintLayout(object o)
    {
        var type = o.GetType();
        int size = BaseSize(type);
        Console.WriteLine($"  layout of {Name(type)}: {size} B = 8 header + 8 MethodTable pointer + {size - 16} B of fields");
        var rows = new List<(long Offset, int Size, string Name)>();
        void Collect(List<FieldInfo> path, Type t)
        {
            foreach (var f in AllInstanceFields(t))
            {
                var p = new List<FieldInfo>(path) { f };
                var ft = f.FieldType;
                if (ft.IsValueType && !ft.IsPrimitive && !ft.IsEnum && ft != typeof(decimal) && AllInstanceFields(ft).Any())
                {
                    Collect(p, ft);
                    continue;
                }
                rows.Add((OffsetOf(o, p), FieldSize(ft), string.Join(".", p.Select(x => x.Name)) + " : " + Name(ft)));
            }
        }
        Collect([], type);
        long at = 0;
        foreach (var row in rows.OrderBy(r => r.Offset))
        {
            if (row.Offset > at)
                Console.WriteLine($"    +{at + 16,3} {row.Offset - at,3} B  (padding)");
            Console.WriteLine($"    +{row.Offset + 16,3} {row.Size,3} B  {row.Name}");
            at = Math.Max(at, row.Offset + row.Size);
        }
        if (size - 16 > at)
            Console.WriteLine($"    +{at + 16,3} {size - 16 - at,3} B  (padding to 8)");
    }

    private static IEnumerable<FieldInfo> AllInstanceFields(Type t)
    {
        var chain = new List<Type>();
        for (var x = t; x is not null && x != typeof(object) && x != typeof(ValueType); x = x.BaseType)
            chain.Insert(0, x);
        return chain.SelectMany(x => x.GetFields(InstanceFields));
    }

    private static long OffsetOf(object o, List<FieldInfo> path)
    {
        var dm = new System.Reflection.Emit.DynamicMethod("fieldref", typeof(byte).MakeByRefType(), [typeof(object)], typeof(LayoutProfile).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        il.Emit(System.Reflection.Emit.OpCodes.Ldarg_0);
        il.Emit(System.Reflection.Emit.OpCodes.Castclass, path[0].DeclaringType!);
        foreach (var f in path)
            il.Emit(System.Reflection.Emit.OpCodes.Ldflda, f);
        il.Emit(System.Reflection.Emit.OpCodes.Ret);
        var fieldRef = dm.CreateDelegate<FieldRef>();
        // Offset from the first byte after the MethodTable pointer (the object's data).
        return Unsafe.ByteOffset(ref Unsafe.As<RawData>(o).Data, ref fieldRef(o));
    }

    private static int FieldSize(Type t)
    {
        if (!t.IsValueType)
            return IntPtr.Size;
        return (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;
    }

    private static long Walk(object root, Func<object, bool> shared)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        long total = 0;
        void Visit(object o, string path, int depth)
        {
            if (!seen.Add(o))
                return;
            long size = SizeOf(o);
            total += size;
            Console.WriteLine($"  {new string(' ', depth * 2)}{size,5} B  {Name(o.GetType())}  ({path})");
            if (o is Array array)
            {
                if (!array.GetType().GetElementType()!.IsValueType)
                {
                    int i = 0;
                    foreach (var item in array)
                    {
                        if (item is not null && !IsShared(item))
                            Visit(item, $"[{i}]", depth + 1);
                        i++;
                    }
                }
                return;
            }
            for (var t = o.GetType(); t is not null; t = t.BaseType)
            {
                foreach (var f in t.GetFields(InstanceFields))
                {
                    foreach (var (child, name) in References(f.GetValue(o), f.Name))
                    {
                        if (!IsShared(child))
                            Visit(child, name, depth + 1);
                    }
                }
            }
        }
        bool IsShared(object o) =>
            shared(o) || o is string or Type or Delegate || (o is Greenlet && o != root);
        Visit(root, "root", 0);
        Console.WriteLine($"  total {total} B in {seen.Count} objects");
        return total;
    }

    // Struct fields (e.g. the state machine inside its box) are walked for the references they hold.
    private static IEnumerable<(object, string)> References(object? value, string name)
    {
        if (value is null)
            yield break;
        var type = value.GetType();
        if (!type.IsValueType)
        {
            yield return (value, name);
            yield break;
        }
        if (type.IsPrimitive || type.IsEnum)
            yield break;
        for (var t = type; t is not null && t != typeof(ValueType); t = t.BaseType)
        {
            foreach (var f in t.GetFields(InstanceFields))
            {
                foreach (var inner in References(f.GetValue(value), name + "." + f.Name))
                    yield return inner;
            }
        }
    }

    private static long SizeOf(object o)
    {
        if (o is Array array)
        {
            long elem = array.GetType().GetElementType()!.IsValueType
                ? Marshal.SizeOf(array.GetType().GetElementType()!)
                : IntPtr.Size;
            return Align(24 + elem * array.Length);
        }
        return BaseSize(o.GetType());
    }

    /// <summary>The object's heap size: MethodTable::m_BaseSize (header + MT pointer + fields, aligned).</summary>
    private static int BaseSize(Type type) => Marshal.ReadInt32(type.TypeHandle.Value, 4);

    private static double AllocatedPerInstance(Type type)
    {
        const int n = 10_000;
        var keep = new object[n];
        RuntimeHelpers.GetUninitializedObject(type);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++)
            keep[i] = RuntimeHelpers.GetUninitializedObject(type);
        long after = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(keep);
        return (after - before) / (double)n;
    }

    private static long Align(long size) => (size + 7) & ~7L;

    private static object? Field(object o, string name)
    {
        for (var t = o.GetType(); t is not null; t = t.BaseType)
        {
            var f = t.GetField(name, InstanceFields);
            if (f is not null)
                return f.GetValue(o);
        }
        throw new MissingFieldException(o.GetType().Name, name);
    }

    private static object? TryField(object o, string name)
    {
        try
        {
            return Field(o, name);
        }
        catch (MissingFieldException)
        {
            return null;
        }
    }

    private static Array Arr(object? o) => (Array)o!;

    private static string Name(Type type)
    {
        if (!type.IsGenericType)
            return type.Name;
        var args = string.Join(", ", type.GetGenericArguments().Select(Name));
        return $"{type.Name[..type.Name.IndexOf('`')]}<{args}>";
    }
}
