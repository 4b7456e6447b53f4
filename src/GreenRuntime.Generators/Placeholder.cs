namespace GreenRuntime.Generators
{
    internal static class Placeholder
    {
    }
}
