using System.Reflection;
using GreenRuntime.CompilerServices;
using GreenRuntime.Hubs;

namespace GreenRuntime.Tests.Runtime;

/// <summary>
/// The methods every yield runs through are compiled optimised on first call, so a short program's yields do not
/// wait for the JIT's tiering (1 s on a one-core machine) — see <c>CompilerServices/HotPath.cs</c> and bench/README.md.
/// </summary>
public class HotPathTests
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    public static TheoryData<Type, string> YieldPath => new()
    {
        // The awaiter a Thread.Sleep(0) / Green.Sleep(0) twin awaits, and what it calls.
        { typeof(Green), nameof(Green.Sleep) },
        { typeof(SleepAwaitable), nameof(SleepAwaitable.GetAwaiter) },
        { typeof(SleepAwaitable), "get_" + nameof(SleepAwaitable.IsCompleted) },
        { typeof(SleepAwaitable), nameof(SleepAwaitable.GetResult) },
        { typeof(SleepAwaitable), "Register" },
        { typeof(Hub), "get_" + nameof(Hub.Current) },
        { typeof(Hub), "Yield" },
        { typeof(Hub), "Wake" },
        { typeof(Hub), "ThrowIfInterrupted" },
        { typeof(Greenlet), "get_Interruption" },
        { typeof(RunQueue), nameof(RunQueue.Enqueue) },
        { typeof(RunQueue), nameof(RunQueue.Dequeue) },
        // The twin's builder and box: generic over the twin's state machine, so only this reaches every instantiation.
        { typeof(GreenTaskMethodBuilder), nameof(GreenTaskMethodBuilder.AwaitUnsafeOnCompleted) },
        { typeof(GreenTaskMethodBuilder), nameof(GreenTaskMethodBuilder.AwaitOnCompleted) },
        { typeof(GreenTaskMethodBuilder<>), nameof(GreenTaskMethodBuilder<int>.AwaitUnsafeOnCompleted) },
        { typeof(GreenTaskMethodBuilder<>), nameof(GreenTaskMethodBuilder<int>.AwaitOnCompleted) },
        { typeof(VoidStateMachineBox<>), "For" },
        { typeof(VoidStateMachineBox<>), "Resume" },
        { typeof(StateMachineBox<,>), "For" },
        { typeof(StateMachineBox<,>), "Resume" },
        // The wait of a foreach over a green sequence, between items.
        { typeof(MoveNextAwaitable), "get_" + nameof(MoveNextAwaitable.IsCompleted) },
        { typeof(MoveNextAwaitable), nameof(MoveNextAwaitable.GetResult) },
        { typeof(MoveNextAwaitable), "Register" },
        // A direct call from ordinary code.
        { typeof(GreenCall), nameof(GreenCall.Run) },
    };

    [Theory]
    [MemberData(nameof(YieldPath))]
    public void Methods_on_the_yield_path_skip_tier_0(Type type, string name)
    {
        var methods = type.GetMethods(All).Where(m => m.Name == name).ToList();
        Assert.NotEmpty(methods);
        // Green.Sleep: the twin (GreenSuspend, int) — the blocking overloads called from ordinary code are not hot.
        if (type == typeof(Green))
            methods = methods.Where(m => m.GetParameters() is [{ ParameterType: var p }, { ParameterType: var q }] && p == typeof(GreenSuspend) && q == typeof(int)).ToList();
        Assert.NotEmpty(methods);
        foreach (var method in methods)
            Assert.True((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0,
                $"{type.Name}.{method} is not compiled optimised on its first call");
    }
}
