using System.Linq;

namespace GreenRuntime.Templates;

/// <summary>
/// One member of an arity family: how many arguments the user's function takes and whether it returns a value
/// (<c>Func&lt;T1, R&gt;</c>) or not (<c>Action&lt;T1&gt;</c>), and every name and type the template writes for it.
/// </summary>
internal readonly struct OverloadShape
{
    /// <summary>The most arguments a family passes to the function (DESIGN.md §5: 0-4).</summary>
    public const int MaxArguments = 4;

    private const string GreenTask = "global::GreenRuntime.CompilerServices.GreenTask";
    private const string GreenSuspend = "global::GreenRuntime.CompilerServices.GreenSuspend";

    private OverloadShape(int arity, bool returnsValue)
    {
        Arity = arity;
        ReturnsValue = returnsValue;
    }

    /// <summary>Every shape in the order the overloads are written: the <c>Action</c>s by arity, then the <c>Func</c>s.</summary>
    public static OverloadShape[] All { get; } =
        [.. new[] { false, true }.SelectMany(returnsValue => Enumerable.Range(0, MaxArguments + 1).Select(arity => new OverloadShape(arity, returnsValue)))];

    public int Arity { get; }

    public bool ReturnsValue { get; }

    /// <summary><c>T1</c> ... <c>Tn</c>.</summary>
    public string[] ArgumentTypes => [.. Enumerable.Range(1, Arity).Select(i => $"T{i}")];

    /// <summary><c>arg1</c> ... <c>argn</c>: the runtime's wrappers capture these names (<c>GreenletFunction</c> reads them).</summary>
    public string[] ArgumentNames => [.. Enumerable.Range(1, Arity).Select(i => $"arg{i}")];

    /// <summary><c>T1 arg1, ..., Tn argn</c>.</summary>
    public string ArgumentParameters => List([.. Enumerable.Range(1, Arity).Select(i => $"T{i} arg{i}")]);

    /// <summary>The type parameters: <c>&lt;T1, R&gt;</c>, <c>&lt;T1&gt;</c>, or none.</summary>
    public string TypeParameters => ReturnsValue || Arity > 0 ? $"<{List([.. ArgumentTypes, .. ReturnsValue ? new[] { "R" } : []])}>" : "";

    /// <summary>The user's function: <c>Action&lt;T1&gt;</c>, <c>Func&lt;T1, R&gt;</c>.</summary>
    public string Function => Arity == 0 && !ReturnsValue
        ? "global::System.Action"
        : ReturnsValue ? $"global::System.Func<{List([.. ArgumentTypes, "R"])}>" : $"global::System.Action<{List(ArgumentTypes)}>";

    /// <summary>What a twin returns: <c>GreenTask</c> or <c>GreenTask&lt;R&gt;</c>.</summary>
    public string TwinResult => ReturnsValue ? $"{GreenTask}<R>" : GreenTask;

    /// <summary>A twin as the twin overloads take it, without its marker: <c>Func&lt;T1, GreenTask&gt;</c>.</summary>
    public string Twin => $"global::System.Func<{List([.. ArgumentTypes, TwinResult])}>";

    /// <summary>A twin as a [Greenlet] method's twin is declared, marker first: <c>Func&lt;GreenSuspend, T1, GreenTask&gt;</c>.</summary>
    public string TwinWithMarker => $"global::System.Func<{List([GreenSuspend, .. ArgumentTypes, TwinResult])}>";

    /// <summary>The future a <see cref="FamilyKind.Future"/> family's overload returns.</summary>
    public string Future => ReturnsValue ? "global::GreenRuntime.Futures.Future<R>" : "global::GreenRuntime.Futures.Future";

    /// <summary>
    /// The call a <see cref="FamilyKind.Future"/> family's overload hands its start method: <c>ActionCall</c>,
    /// <c>FuncCall&lt;T1, R&gt;</c> (written once by <see cref="FutureCallEmitter"/>).
    /// </summary>
    public string CallClass => (ReturnsValue ? "FuncCall" : "ActionCall") + TypeParameters;

    /// <summary>
    /// The call of a twin (<c>TwinActionCall</c>, <c>TwinFuncCall&lt;T1, R&gt;</c>, written by <see cref="FutureCallEmitter"/>):
    /// what a future family's twin overload hands its start method, and what a plain call finds for a [Greenlet] method group.
    /// </summary>
    public string TwinCallClass => (ReturnsValue ? "TwinFuncCall" : "TwinActionCall") + TypeParameters;

    /// <summary>The greenlet the overload returns.</summary>
    public string Greenlet => ReturnsValue ? "global::GreenRuntime.Greenlet<R>" : "global::GreenRuntime.Greenlet";

    /// <summary>A lambda calling a marker-first twin with the twin overload's arguments: <c>(a1, a2) =&gt; twin(default, a1, a2)</c>.</summary>
    public string TwinCall
    {
        get
        {
            var names = Enumerable.Range(1, Arity).Select(i => $"a{i}").ToArray();
            string parameters = Arity == 1 ? names[0] : $"({List(names)})";
            return $"{parameters} => twin({List(["default", .. names])})";
        }
    }

    /// <summary>What a plain overload's greenlet runs: the function itself, or a closure over it and its arguments.</summary>
    public string FunctionBody => Arity == 0
        ? "fn"
        : $"({(ReturnsValue ? "global::System.Func<R>" : "global::System.Action")})(() => fn({List(ArgumentNames)}))";

    /// <summary>The awaitable a twin overload of a waiting family returns: <c>GreenTask&lt;Greenlet&gt;</c>.</summary>
    public string AwaitableGreenlet => $"{GreenTask}<{Greenlet}>";

    /// <summary>
    /// What a public overload's greenlet runs when <c>fn</c> is a [Greenlet] method group and the twin overload cannot be
    /// called from it (it returns an awaitable): the twin itself, as <see cref="TwinBody"/> would take it.
    /// </summary>
    public string FoundTwinBody => Arity == 0
        ? $"({Twin})(() => twin(default))"
        : $"new global::GreenRuntime.Greenlets.{BodyClass}({List([TwinCall, .. ArgumentNames])})";

    /// <summary>What a twin overload's greenlet runs: the twin itself, or a <see cref="BodyClass"/> holding it and its arguments.</summary>
    public string TwinBody => Arity == 0 ? "fn" : $"new global::GreenRuntime.Greenlets.{BodyClass}({List(["fn", .. ArgumentNames])})";

    /// <summary>The greenlet body class for a twin with arguments: <c>VoidTwinBody&lt;T1&gt;</c>, <c>TwinBody&lt;T1, R&gt;</c>.</summary>
    public string BodyClass => (ReturnsValue ? "TwinBody" : "VoidTwinBody") + TypeParameters;

    /// <summary>Joins the non-empty parts with commas.</summary>
    public static string List(params string[] parts) => string.Join(", ", parts.Where(part => part.Length > 0));
}
