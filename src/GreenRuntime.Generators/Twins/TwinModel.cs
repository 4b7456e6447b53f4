using GreenRuntime.Generators.Emit;

namespace GreenRuntime.Generators.Twins;

/// <summary>
/// Everything needed to write one twin, as plain strings: the pipeline caches on it, so it must never hold
/// symbols, syntax, locations or the compilation.
/// </summary>
/// <param name="HintName">The generated file's name.</param>
/// <param name="FileExterns">The <c>extern alias</c> directives of the user's file.</param>
/// <param name="FileUsings">The (non-global) using directives at the top of the user's file: the copied body needs them.</param>
/// <param name="Namespaces">The namespace declarations around the method, outermost first.</param>
/// <param name="ContainingTypes">The partial type declarations around the twin, outermost first (e.g. <c>partial class Outer&lt;T&gt;</c>).</param>
/// <param name="Signature">The twin's declaration, without body.</param>
/// <param name="Body">The rewritten body of a resumable twin, or null for a twin that calls the method or a throwing stub.</param>
/// <param name="CallBody">
/// The statements of a twin that calls the method itself, since its body has nothing to suspend
/// (<see cref="Analysis.TwinBodies.CallsTheMethod"/>); empty otherwise.
/// </param>
/// <param name="StubMessage">For a stub, why the method has no twin.</param>
/// <param name="Forwarder">
/// The declaration of a forwarder to the twin, written in the outermost containing type, for a twin the interceptors
/// cannot name (<see cref="Analysis.TwinForwarders"/>); null otherwise.
/// </param>
internal sealed record TwinModel(
    string HintName,
    EquatableArray<string> FileExterns,
    EquatableArray<string> FileUsings,
    EquatableArray<NamespaceScope> Namespaces,
    EquatableArray<string> ContainingTypes,
    TwinSignature Signature,
    TwinBody? Body,
    EquatableArray<string> CallBody,
    string? StubMessage,
    string? Forwarder);

/// <summary>A namespace declaration around the method, with the directives declared inside it.</summary>
/// <param name="Name">The namespace's name as written (<c>A.B</c>).</param>
/// <param name="Externs">The <c>extern alias</c> directives inside it.</param>
/// <param name="Usings">The using directives inside it.</param>
internal sealed record NamespaceScope(string Name, EquatableArray<string> Externs, EquatableArray<string> Usings);

/// <summary>The twin's declaration.</summary>
/// <param name="Modifiers">Accessibility and other modifiers, e.g. <c>public static async</c>.</param>
/// <param name="ReturnType">The fully qualified <c>GreenTask</c> type.</param>
/// <param name="Name">The method's name.</param>
/// <param name="TypeParameters">The type parameter list, e.g. <c>&lt;T&gt;</c>, or empty.</param>
/// <param name="Parameters">The parameter list without parentheses, marker included.</param>
/// <param name="Constraints">The <c>where</c> clauses.</param>
internal sealed record TwinSignature(
    string Modifiers,
    string ReturnType,
    string Name,
    string TypeParameters,
    string Parameters,
    EquatableArray<string> Constraints);

/// <summary>The twin's body: the user's body rewritten, and where it came from.</summary>
/// <param name="FilePath">The user's file, for <c>#line</c>.</param>
/// <param name="Line">The 1-based line of the body's first token in the user's file.</param>
/// <param name="Column">The 0-based column of that token.</param>
/// <param name="Text">The rewritten body from its first token (<c>{</c> or <c>=&gt;</c>) to the end of its line.</param>
internal sealed record TwinBody(string FilePath, int Line, int Column, string Text);
