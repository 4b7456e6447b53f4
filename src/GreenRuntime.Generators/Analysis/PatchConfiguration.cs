using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using GreenRuntime.Generators.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Which tiers and groups of patches an assembly switched off (gevent's <c>patch_all(socket=..., time=...)</c>):
/// <c>[assembly: GreenPatches(Off = ...)]</c> and the MSBuild property <c>GreenPatchesOff</c>, united. The one model
/// the generator and the analyzers read: <see cref="SuspensionPoints.Classify(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax, SemanticModel, System.Threading.CancellationToken)"/>
/// asks <see cref="Of"/> and leaves every point whose <see cref="SuspensionPoint.Switches"/> meet <see cref="Off"/> as
/// written, so what is rewritten and what is reported (GRN0032) cannot disagree.
/// </summary>
/// <remarks>
/// A value-equatable model (flags and names): it is a pipeline output. The generator reads it from the compilation and
/// the analyzer config options in its pipeline, the analyzers at compilation start; both <see cref="Register"/> it for
/// their compilation before they classify anything, and <see cref="Of"/> finds it there (without a registration — a
/// compilation outside a build — the attribute alone counts).
/// </remarks>
internal sealed class PatchConfiguration : IEquatable<PatchConfiguration>
{
    /// <summary>The MSBuild property (made compiler-visible by the package's props).</summary>
    public const string PropertyName = "GreenPatchesOff";

    /// <summary>The analyzer config key the compiler gives the MSBuild property.</summary>
    public const string OptionKey = "build_property." + PropertyName;

    /// <summary>The attribute's metadata name.</summary>
    public const string AttributeMetadataName = "GreenRuntime.GreenPatchesAttribute";

    /// <summary>Everything on.</summary>
    public static readonly PatchConfiguration Default = new(PatchSwitches.None, PatchSwitches.None, EquatableArray<string>.Empty);

    // netstandard2.0 has no ConditionalWeakTable.AddOrUpdate: a box per compilation, set by each registration.
    private static readonly ConditionalWeakTable<Compilation, StrongBox<PatchConfiguration?>> s_registered = new();

    private static readonly ConditionalWeakTable<Compilation, PatchConfiguration> s_fromAttribute = new();

    public PatchConfiguration(PatchSwitches offByAttribute, PatchSwitches offByProperty, EquatableArray<string> unknownNames)
    {
        OffByAttribute = offByAttribute;
        OffByProperty = offByProperty;
        UnknownNames = unknownNames;
    }

    /// <summary>What <c>[assembly: GreenPatches(Off = ...)]</c> switched off.</summary>
    public PatchSwitches OffByAttribute { get; }

    /// <summary>What the MSBuild property <c>GreenPatchesOff</c> switched off.</summary>
    public PatchSwitches OffByProperty { get; }

    /// <summary>Everything switched off.</summary>
    public PatchSwitches Off => OffByAttribute | OffByProperty;

    /// <summary>Names in the MSBuild property that are no <c>GreenPatch</c> (GRN0033).</summary>
    public EquatableArray<string> UnknownNames { get; }

    /// <summary>The names a setting may use, for messages.</summary>
    public static string ValidNames => string.Join(", ", SwitchNames.Where(n => n != nameof(PatchSwitches.None)));

    private static IEnumerable<string> SwitchNames => Enum.GetNames(typeof(PatchSwitches));

    /// <summary>Whether the point may be rewritten: none of the settings that govern it is off.</summary>
    public bool Allows(SuspensionPoint point) => (point.Switches & Off) == 0;

    /// <summary>Reads the configuration of <paramref name="compilation"/>, with its MSBuild property from <paramref name="globalOptions"/>.</summary>
    public static PatchConfiguration Read(Compilation compilation, AnalyzerConfigOptions globalOptions)
    {
        var byAttribute = FromAttribute(compilation).OffByAttribute;
        var byProperty = PatchSwitches.None;
        var unknown = new List<string>();
        if (globalOptions.TryGetValue(OptionKey, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            foreach (var part in value.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string name = part.Trim();
                if (name.Length == 0)
                    continue;
                string? known = SwitchNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                if (known is null)
                    unknown.Add(name);
                else
                    byProperty |= (PatchSwitches)Enum.Parse(typeof(PatchSwitches), known);
            }
        }
        return byAttribute == PatchSwitches.None && byProperty == PatchSwitches.None && unknown.Count == 0
            ? Default
            : new PatchConfiguration(byAttribute, byProperty, unknown.ToEquatableArray());
    }

    /// <summary>Makes <paramref name="configuration"/> the one <see cref="Of"/> finds for <paramref name="compilation"/>.</summary>
    public static void Register(Compilation compilation, PatchConfiguration configuration) =>
        Volatile.Write(ref s_registered.GetValue(compilation, static _ => new StrongBox<PatchConfiguration?>()).Value, configuration);

    /// <summary>
    /// Reads and registers the configuration of an analyzer's compilation (an analyzer calls it at compilation start,
    /// before anything of the compilation is classified) and returns it.
    /// </summary>
    public static PatchConfiguration Register(Compilation compilation, AnalyzerOptions options)
    {
        var configuration = Read(compilation, options.AnalyzerConfigOptionsProvider.GlobalOptions);
        Register(compilation, configuration);
        return configuration;
    }

    /// <summary>The configuration registered for <paramref name="compilation"/>, else the one of its attribute alone.</summary>
    public static PatchConfiguration Of(Compilation compilation) =>
        s_registered.TryGetValue(compilation, out var box) && Volatile.Read(ref box.Value) is { } registered ? registered : FromAttribute(compilation);

    private static PatchConfiguration FromAttribute(Compilation compilation) => s_fromAttribute.GetValue(compilation, static compilation =>
    {
        foreach (var attribute in compilation.Assembly.GetAttributes())
        {
            if (attribute.AttributeClass is { } type
                && GreenletSymbols.IsNamed(type, "GreenPatchesAttribute", "GreenRuntime")
                && GreenletSymbols.IsGreenRuntimeAssembly(type))
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "Off" && argument.Value.Value is int off && off != 0)
                        return new PatchConfiguration((PatchSwitches)off, PatchSwitches.None, EquatableArray<string>.Empty);
                }
            }
        }
        return Default;
    });

    /// <summary>
    /// Which setting switched off <paramref name="switches"/> and how to switch it on again, for GRN0032:
    /// <c>"GreenPatch.Offload in [assembly: GreenPatches(Off = ...)]"</c>, <c>"Offload in the MSBuild property GreenPatchesOff"</c>.
    /// </summary>
    public (string Setting, string Remedy) Describe(PatchSwitches switches)
    {
        var byAttribute = switches & OffByAttribute;
        var byProperty = switches & OffByProperty & ~byAttribute;
        var parts = new List<string>();
        var remedies = new List<string>();
        if (byAttribute != PatchSwitches.None)
        {
            string names = Names(byAttribute, "GreenPatch.", " | ");
            parts.Add($"{names} in [assembly: GreenPatches(Off = ...)]");
            remedies.Add($"remove {names} from the attribute's Off");
        }
        if (byProperty != PatchSwitches.None)
        {
            string names = Names(byProperty, string.Empty, ";");
            parts.Add($"{names} in the MSBuild property {PropertyName}");
            remedies.Add($"remove {names} from <{PropertyName}>");
        }
        return (string.Join(" and ", parts), string.Join(" and ", remedies));
    }

    private static string Names(PatchSwitches switches, string prefix, string separator) =>
        string.Join(separator, SwitchNames
            .Select(n => (Name: n, Value: (PatchSwitches)Enum.Parse(typeof(PatchSwitches), n)))
            .Where(s => s.Value != PatchSwitches.None && (switches & s.Value) == s.Value)
            .Select(s => prefix + s.Name));

    public bool Equals(PatchConfiguration? other) =>
        other is not null && OffByAttribute == other.OffByAttribute && OffByProperty == other.OffByProperty && UnknownNames.Equals(other.UnknownNames);

    public override bool Equals(object? obj) => Equals(obj as PatchConfiguration);

    public override int GetHashCode() => ((int)OffByAttribute * 397) ^ (int)OffByProperty ^ UnknownNames.GetHashCode();
}
