namespace GreenRuntime.Tests.Locals;

/// <summary>Real <c>[Greenlet]</c> methods that use a <see cref="GreenLocal{T}"/> across suspension points.</summary>
internal static partial class LocalGreenlets
{
    /// <summary>Stores <paramref name="id"/>, suspends, and returns what each read saw.</summary>
    [Greenlet]
    public static string StoreAndReadBack(GreenLocal<int> local, int id)
    {
        string seen = $"before {local.Value}";
        local.Value = id;
        Thread.Sleep(0);
        seen += $", after a yield {local.Value}";
        local.Value = id * 10;
        Green.Sleep(1);
        return seen + $", after a sleep {local.Value}";
    }
}
