using System.Reflection;
using GreenRuntime.Waiting;

namespace GreenRuntime.Tests.Queues;

/// <summary>
/// A put and a get handed between two greenlets run through these methods; like the yield path
/// (Runtime/HotPathTests) they are compiled optimised on their first call, so a short program's queue hand-overs do not
/// wait for the JIT's tiering.
/// </summary>
public class QueueHotPathTests
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    public static TheoryData<Type, string> HandOverPath => new()
    {
        { typeof(GreenQueue<>), nameof(GreenQueue<int>.Put) },
        { typeof(GreenQueue<>), nameof(GreenQueue<int>.Get) },
        { typeof(GreenQueue<>), "CanEndWait" },
        { typeof(GreenQueue<>), "EndPut" },
        { typeof(GreenQueue<>), "EndGet" },
        { typeof(GreenQueue<>), "StoreAndWakeGetter" },
        { typeof(GreenQueue<>), "TakeAndWakePutter" },
        { typeof(GreenQueue<>), "WakeGetters" },
        { typeof(GreenQueue<>), "WakePutters" },
        { typeof(GreenQueue<>.PutAwaitable), nameof(GreenQueue<int>.PutAwaitable.GetAwaiter) },
        { typeof(GreenQueue<>.PutAwaitable), "get_" + nameof(GreenQueue<int>.PutAwaitable.IsCompleted) },
        { typeof(GreenQueue<>.PutAwaitable), nameof(GreenQueue<int>.PutAwaitable.GetResult) },
        { typeof(GreenQueue<>.PutAwaitable), "Register" },
        { typeof(GreenQueue<>.GetAwaitable), nameof(GreenQueue<int>.GetAwaitable.GetAwaiter) },
        { typeof(GreenQueue<>.GetAwaitable), "get_" + nameof(GreenQueue<int>.GetAwaitable.IsCompleted) },
        { typeof(GreenQueue<>.GetAwaitable), nameof(GreenQueue<int>.GetAwaitable.GetResult) },
        { typeof(GreenQueue<>.GetAwaitable), "Register" },
        { typeof(WaiterQueue), nameof(WaiterQueue.WakeFirst) },
        { typeof(WaiterQueue), nameof(WaiterQueue.Park) },
        { typeof(WaiterQueue), nameof(WaiterQueue.EndWait) },
    };

    [Theory]
    [MemberData(nameof(HandOverPath))]
    public void Methods_of_a_queue_hand_over_skip_tier_0(Type type, string name)
    {
        var methods = type.GetMethods(All).Where(m => m.Name == name).ToList();
        // Put and Get: the twins' overloads (GreenSuspend first); the blocking ones ordinary code calls are not hot.
        if (name is "Put" or "Get")
            methods = methods.Where(m => m.GetParameters() is [{ ParameterType.Name: "GreenSuspend" }, ..]).ToList();
        Assert.NotEmpty(methods);
        foreach (var method in methods)
            Assert.True((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0,
                $"{type.Name}.{method} is not compiled optimised on its first call");
    }
}
