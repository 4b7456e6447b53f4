using Basic.Reference.Assemblies;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GreenRuntime.Generators.Tests.Patches;

/// <summary>
/// Which <c>[Patches]</c> methods <see cref="MonkeyPatchTable"/> accepts for which targets, and with which shape.
/// The patches live in a stand-in "GreenRuntime" assembly compiled here, so each rule can be tried on its own,
/// including the near misses that must not match.
/// </summary>
public class PatchMatchingTests
{
    private const string StandIn = """
        using System;
        using System.Threading.Tasks;
        using GreenRuntime.CompilerServices;
        using GreenRuntime.Monkey;
        using Targets;

        namespace GreenRuntime.CompilerServices
        {
            public readonly struct GreenSuspend;
            public readonly struct Out<T, TOut> { public T Unpack(out TOut value) { value = default!; return default!; } }
            public readonly struct Ref<T, TRef> { public T Unpack(ref TRef value) => default!; }
        }

        namespace GreenRuntime.Monkey
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class PatchesAttribute(Type type, string method) : Attribute
            {
                public string? ReadyPhase { get; init; }
            }

            public readonly struct Token;
            public readonly struct OtherToken;

            public static class WirePatches
            {
                [Patches(typeof(Wire), "Plain")] public static Task<int> Plain(Wire wire, GreenSuspend suspend, byte[] buffer) => null!;

                [Patches(typeof(Wire), "Read")] public static Task<Out<int, int>> Read(Wire wire, GreenSuspend suspend, byte[] buffer) => null!;
                [Patches(typeof(Wire), "KeepsOut")] public static Task<int> KeepsOut(Wire wire, GreenSuspend suspend, byte[] buffer, out int error) { error = 0; return null!; }
                [Patches(typeof(Wire), "WrongOutType")] public static Task<Out<int, long>> WrongOutType(Wire wire, GreenSuspend suspend, byte[] buffer) => null!;
                [Patches(typeof(Wire), "WrongResult")] public static Task<Out<long, int>> WrongResult(Wire wire, GreenSuspend suspend, byte[] buffer) => null!;
                [Patches(typeof(Wire), "Swap")] public static Task<Ref<int, string>> Swap(Wire wire, GreenSuspend suspend, string value) => null!;
                [Patches(typeof(Wire), "SwapAsOut")] public static Task<Out<int, string>> SwapAsOut(Wire wire, GreenSuspend suspend, string value) => null!;
                [Patches(typeof(Wire), "SwapDropped")] public static Task<Ref<int, string>> SwapDropped(Wire wire, GreenSuspend suspend) => null!;
                [Patches(typeof(Wire), "Check")] public static Task<Out<int, bool>> Check(GreenSuspend suspend) => null!;

                public static Task<Token> FillReady(Wire wire, GreenSuspend suspend) => null!;
                public static Task<OtherToken> OtherReady(Wire wire, GreenSuspend suspend) => null!;
                public static Task<Token> StaticReady(GreenSuspend suspend) => null!;
                [Patches(typeof(Wire), "Fill", ReadyPhase = nameof(FillReady))] public static int Fill(Token ready, Span<byte> buffer, int flags) => 0;
                [Patches(typeof(Wire), "Mismatched", ReadyPhase = nameof(OtherReady))] public static int Mismatched(Token ready, Span<byte> buffer) => 0;
                [Patches(typeof(Wire), "NoReady", ReadyPhase = "Missing")] public static int NoReady(Token ready, Span<byte> buffer) => 0;
                [Patches(typeof(Wire), "AwaitedCompletion", ReadyPhase = nameof(FillReady))] public static Task<int> AwaitedCompletion(Token ready, Span<byte> buffer) => null!;
                [Patches(typeof(Wire), "FillStatic", ReadyPhase = nameof(StaticReady))] public static int FillStatic(Token ready, Span<byte> buffer, out int error) { error = 0; return 0; }

                [Patches(typeof(Box<>), "Take")] public static Task<T> Take<T>(Box<T> box, GreenSuspend suspend) => null!;
                [Patches(typeof(Box<>), "TryTake")] public static Task<Out<bool, T>> TryTake<T>(Box<T> box, GreenSuspend suspend, int timeout) => null!;
                [Patches(typeof(Box<>), "Arity")] public static Task<T> Arity<T, U>(Box<T> box, GreenSuspend suspend) => null!;
                [Patches(typeof(Box<>), "Closed")] public static Task<int> Closed(Box<int> box, GreenSuspend suspend) => null!;

                [Patches(typeof(Wire), ".ctor")] public static Task<Wire> Create(GreenSuspend suspend, string host) => null!;
                [Patches(typeof(Wire), ".ctor")] public static Task<object> CreateObject(GreenSuspend suspend, int port) => null!;
            }
        }

        namespace Targets
        {
            public class Wire
            {
                public Wire() { }
                public Wire(string host) { }
                public Wire(int port) { }
                public int Plain(byte[] buffer) => 0;
                public int Read(byte[] buffer, out int error) { error = 0; return 0; }
                public int KeepsOut(byte[] buffer, out int error) { error = 0; return 0; }
                public int WrongOutType(byte[] buffer, out int error) { error = 0; return 0; }
                public int WrongResult(byte[] buffer, out int error) { error = 0; return 0; }
                public int Swap(ref string value) => 0;
                public int SwapAsOut(ref string value) => 0;
                public int SwapDropped(ref string value) => 0;
                public static int Check(out bool ok) { ok = true; return 0; }
                public int Fill(Span<byte> buffer, int flags) => 0;
                public int Mismatched(Span<byte> buffer) => 0;
                public int NoReady(Span<byte> buffer) => 0;
                public int AwaitedCompletion(Span<byte> buffer) => 0;
                public static int FillStatic(Span<byte> buffer, out int error) { error = 0; return 0; }
            }

            public class Box<T>
            {
                public T Take() => default!;
                public bool TryTake(out T item, int timeout) { item = default!; return false; }
                public T Arity() => default!;
                public T Closed() => default!;
            }
        }
        """;

    [Theory]
    [InlineData("Plain", nameof(PatchShape.Plain))]
    [InlineData("Read", nameof(PatchShape.Unpack))]
    [InlineData("Swap", nameof(PatchShape.Unpack))]
    [InlineData("Check", nameof(PatchShape.Unpack))]
    [InlineData("Fill", nameof(PatchShape.TwoPhase))]
    [InlineData("FillStatic", nameof(PatchShape.TwoPhase))]
    public void Matching_patch_has_the_shape_of_its_target(string method, string shape)
    {
        var patch = FindPatch(Method(method));
        Assert.NotNull(patch);
        Assert.Equal(shape, patch.Shape.ToString());
    }

    [Theory]
    [InlineData("KeepsOut")]            // an awaited patch cannot write an out argument back
    [InlineData("WrongOutType")]        // Unpack's out parameter has another type
    [InlineData("WrongResult")]         // Unpack returns another type than the target
    [InlineData("SwapAsOut")]           // a ref parameter comes back through Unpack(ref), not Unpack(out)
    [InlineData("SwapDropped")]         // a ref parameter goes in by value
    [InlineData("Mismatched")]          // the readiness phase produces another token than the completion takes
    [InlineData("NoReady")]             // the readiness phase named does not exist
    [InlineData("AwaitedCompletion")]   // the completion returns the target's result synchronously
    public void Near_miss_does_not_match(string method) =>
        Assert.Null(FindPatch(Method(method)));

    [Theory]
    [InlineData("Take", nameof(PatchShape.Plain))]
    [InlineData("TryTake", nameof(PatchShape.Unpack))]
    public void Patch_of_a_generic_type_is_generic_over_its_type_parameters(string method, string shape)
    {
        var box = Compilation().GetTypeByMetadataName("Targets.Box`1")!;
        var target = box.Construct(Compilation().GetSpecialType(SpecialType.System_String)).GetMembers(method).OfType<IMethodSymbol>().Single();
        var patch = FindPatch(target);
        Assert.NotNull(patch);
        Assert.Equal(shape, patch.Shape.ToString());
        Assert.Equal(method, patch.Awaited.Name);
    }

    [Theory]
    [InlineData("Arity")]    // the patch must have exactly the type's type parameters
    [InlineData("Closed")]   // a patch of one construction does not match the generic type's method
    public void Generic_near_miss_does_not_match(string method)
    {
        var box = Compilation().GetTypeByMetadataName("Targets.Box`1")!;
        Assert.Null(FindPatch(box.GetMembers(method).OfType<IMethodSymbol>().Single()));
    }

    [Fact]
    public void Two_phase_patch_knows_both_phases()
    {
        var patch = FindPatch(Method("Fill"))!;
        Assert.Equal("FillReady", patch.Awaited.Name);
        Assert.Equal("Fill", patch.Completion!.Name);
    }

    [Fact]
    public void Constructor_patch_matches_its_constructor_only()
    {
        var wire = Compilation().GetTypeByMetadataName("Targets.Wire")!;
        var byParameter = wire.InstanceConstructors.ToDictionary(c => c.Parameters.Length == 0 ? "" : c.Parameters[0].Type.Name);
        var table = MonkeyPatchTable.For(Compilation());
        Assert.Equal(PatchShape.Constructor, table.FindPatch(byParameter["String"])!.Shape);
        Assert.Null(table.FindPatch(byParameter[""]));
        // A constructor patch must produce the type it constructs.
        Assert.Null(table.FindPatch(byParameter["Int32"]));
    }

    private static CSharpCompilation? s_compilation;

    private static CSharpCompilation Compilation()
    {
        if (s_compilation is null)
        {
            var compilation = CSharpCompilation.Create(
                "GreenRuntime",
                [CSharpSyntaxTree.ParseText(StandIn, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest))],
                Net100.References.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            s_compilation = compilation;
        }
        return s_compilation;
    }

    private static IMethodSymbol Method(string name) =>
        Compilation().GetTypeByMetadataName("Targets.Wire")!.GetMembers(name).OfType<IMethodSymbol>().Single();

    private static MonkeyPatch? FindPatch(IMethodSymbol target) => MonkeyPatchTable.For(Compilation()).FindPatch(target);
}
