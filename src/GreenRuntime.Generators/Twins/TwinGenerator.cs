using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Incremental;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Twins;

/// <summary>
/// Adds the resumable twin of every <c>[Greenlet]</c> method to its partial type: an <c>async</c> method over
/// <c>GreenTask</c> with a <c>GreenSuspend</c> marker parameter, whose body is the user's body with every
/// suspension point turned into an <c>await</c> (docs/internals.md).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TwinGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The patch configuration decides what the bodies' suspension points are; it comes with the MSBuild property.
        var configuration = context.CompilationProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => PatchConfiguration.Read(pair.Left, pair.Right.GlobalOptions))
            .WithTrackingName(TrackingNames.PatchConfiguration);

        var twins = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                GreenletSymbols.GreenletAttributeMetadataName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (context, _) => (MethodDeclarationSyntax)context.TargetNode)
            .WithShape(context, configuration, sameFileOnly: false)
            .WithTrackingName(TrackingNames.GreenletDeclarations)
            .Select(static (input, cancellationToken) =>
            {
                PatchConfiguration.Register(input.Compilation, input.Configuration);
                return TwinModelBuilder.Build(input.Node, input.Compilation, cancellationToken);
            })
            .WithTrackingName(TrackingNames.GreenletMethods)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Twins);

        context.RegisterSourceOutput(twins, static (context, model) => context.AddSource(model.HintName, TwinEmitter.Emit(model)));
    }
}
