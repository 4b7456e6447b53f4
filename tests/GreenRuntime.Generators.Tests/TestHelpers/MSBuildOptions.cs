using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GreenRuntime.Generators.Tests.TestHelpers;

/// <summary>Analyzer config options as MSBuild gives them: global ones only (<c>build_property.X</c>), the same for every file.</summary>
internal sealed class MSBuildOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
{
    private readonly Options _options = new(values);

    /// <summary>The options a project with <c>&lt;GreenPatchesOff&gt;<paramref name="value"/>&lt;/GreenPatchesOff&gt;</c> gets.</summary>
    public static MSBuildOptions GreenPatchesOff(string value) => new(new Dictionary<string, string> { ["build_property.GreenPatchesOff"] = value });

    public override AnalyzerConfigOptions GlobalOptions => _options;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}
