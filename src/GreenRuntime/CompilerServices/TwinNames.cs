// This file is compiled into the runtime and, as a linked file, into the generator
// (src/GreenRuntime.Generators): the twin generator, the interceptor generator, the analyzer and the runtime's
// delegate lookup (TwinDelegates) all name twins through it, so they cannot disagree. Plain C#, no usings.

namespace GreenRuntime.CompilerServices
{
    /// <summary>
    /// The names the generator gives to the members it adds for a <c>[Greenlet]</c> method: its twin, and the
    /// forwarder to the twin of a method the interceptors cannot name (docs/internals.md, "The twin").
    /// </summary>
    /// <remarks>
    /// A twin has a name of its own rather than being an overload of the user's method, so that reflection by the
    /// method's name (<c>GetMethod("Twice")</c>) and <c>&lt;see cref="Twice"/&gt;</c> find only the user's method.
    /// </remarks>
    internal static class TwinNames
    {
        /// <summary>What every twin's name ends with.</summary>
        public const string TwinSuffix = "__GreenTwin";

        /// <summary>What every forwarder's name starts with.</summary>
        public const string ForwarderPrefix = "__GreenTwin_";

        /// <summary>The name of the twin of the <c>[Greenlet]</c> method <paramref name="methodName"/>: <c>Twice__GreenTwin</c>.</summary>
        public static string Twin(string methodName) => methodName + TwinSuffix;

        /// <summary>
        /// The user's method name behind the twin name <paramref name="name"/> (<c>Twice</c> for <c>Twice__GreenTwin</c>),
        /// or null if <paramref name="name"/> is not a twin's name.
        /// </summary>
        public static string? OriginalName(string name) =>
            name.Length > TwinSuffix.Length && name.EndsWith(TwinSuffix, System.StringComparison.Ordinal)
                ? name.Substring(0, name.Length - TwinSuffix.Length)
                : null;

        /// <summary>
        /// The name of the forwarder, in a top-level type, to the twin of <paramref name="methodName"/> declared in the
        /// nested types <paramref name="nestedTypes"/> (outermost first): <c>__GreenTwin_Inner_Nap</c>.
        /// </summary>
        public static string Forwarder(System.Collections.Generic.IEnumerable<string> nestedTypes, string methodName) =>
            ForwarderPrefix + string.Join("_", nestedTypes) + "_" + methodName;
    }
}
