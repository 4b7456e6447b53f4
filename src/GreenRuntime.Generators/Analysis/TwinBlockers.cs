using System;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Why a <c>[Greenlet]</c> method cannot get a resumable twin. The analyzer reports each reason on the
/// user's code; the generator only needs to know whether to write a twin, a throwing stub, or nothing.
/// </summary>
[Flags]
internal enum TwinBlockers
{
    /// <summary>The method can have a twin.</summary>
    None = 0,

    /// <summary>The method or one of its containing types is not declared <c>partial</c>.</summary>
    NotPartial = 1 << 0,

    /// <summary>The method is <c>async</c>: it already is a state machine of its own.</summary>
    Async = 1 << 1,

    /// <summary>A parameter is <c>ref</c>, <c>out</c>, <c>in</c> or <c>ref readonly</c>.</summary>
    RefParameter = 1 << 2,

    /// <summary>The method returns by reference.</summary>
    RefReturn = 1 << 3,

    /// <summary>A parameter or the return type is a pointer or function pointer, or the method is in an unsafe context.</summary>
    Pointer = 1 << 4,

    /// <summary>A parameter is a <c>ref struct</c> (<c>Span&lt;T&gt;</c>, ...).</summary>
    RefStructParameter = 1 << 5,

    /// <summary>The method has no body (abstract, extern, a partial definition without implementation).</summary>
    NoBody = 1 << 6,

    /// <summary>The return type cannot be a type argument of <c>GreenTask&lt;T&gt;</c> (a ref struct, a pointer).</summary>
    UnsupportedReturnType = 1 << 7,

    /// <summary>The method is an iterator (<c>yield</c>).</summary>
    Iterator = 1 << 8,

    /// <summary>Not an ordinary method (an accessor, operator, local function, explicit interface implementation, ...).</summary>
    UnsupportedKind = 1 << 9,

    /// <summary>
    /// A method from a referenced assembly that has no twin there (its assembly was not built with the generator).
    /// </summary>
    NoTwinInMetadata = 1 << 10,

    /// <summary>A containing type is file-local (<c>file class</c>): the twin cannot be declared in another file.</summary>
    FileLocalType = 1 << 11,

    /// <summary>
    /// An instance method of a mutable struct that writes <c>this</c>: an <c>async</c> twin runs on a copy of
    /// <c>this</c>, so its writes to fields would be lost (<see cref="StructThisWrites"/>).
    /// </summary>
    MutableStructInstance = 1 << 12,
}

/// <summary>What the generator writes for a <c>[Greenlet]</c> method, given its <see cref="TwinBlockers"/>.</summary>
internal static class TwinBlockersExtensions
{
    /// <summary>
    /// Reasons for which the generator writes nothing: either no twin can be declared at all (the type is not
    /// partial, the return type cannot be wrapped) or the method is not one we handle.
    /// </summary>
    public const TwinBlockers EmitNothing =
        TwinBlockers.NotPartial | TwinBlockers.Async | TwinBlockers.NoBody | TwinBlockers.UnsupportedReturnType
        | TwinBlockers.Iterator | TwinBlockers.UnsupportedKind | TwinBlockers.NoTwinInMetadata | TwinBlockers.FileLocalType
        | TwinBlockers.MutableStructInstance;

    /// <summary>
    /// Reasons for which the generator writes a non-async twin that throws <see cref="NotSupportedException"/>:
    /// the signature can be declared, but not as an <c>async</c> method.
    /// </summary>
    public const TwinBlockers EmitStub =
        TwinBlockers.RefParameter | TwinBlockers.RefReturn | TwinBlockers.Pointer | TwinBlockers.RefStructParameter;

    /// <summary>Whether nothing should be generated for a method with these blockers.</summary>
    public static bool EmitsNothing(this TwinBlockers blockers) => (blockers & EmitNothing) != 0;

    /// <summary>Whether a throwing stub twin should be generated for a method with these blockers.</summary>
    public static bool EmitsStub(this TwinBlockers blockers) => !blockers.EmitsNothing() && (blockers & EmitStub) != 0;
}
