using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Templates;

/// <summary>
/// Expands the runtime's overload families: every method marked <c>[OverloadFamily("Name")]</c> becomes the public
/// <c>Name</c> overloads for 0 to <see cref="OverloadShape.MaxArguments"/> arguments, <c>Action</c> and <c>Func</c>, each
/// with its hidden twin overload (<see cref="FamilyEmitter"/>); the greenlet bodies those overloads start are written
/// once for the whole runtime (<see cref="GreenletBodyEmitter"/>), and so are the calls the future families' overloads
/// hand their executor (<see cref="FutureCallEmitter"/>). docs/internals.md, "Overload families".
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OverloadFamilyGenerator : IIncrementalGenerator
{
    /// <summary>The pipeline step that finds the families, for incrementality checks.</summary>
    public const string FamiliesStep = "OverloadFamilies";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        context.RegisterPostInitializationOutput(static context =>
        {
            context.AddSource("OverloadFamilyAttribute.g.cs", OverloadFamilyAttributeSource.Text);
            context.AddSource("GreenletBodies.g.cs", GreenletBodyEmitter.Emit());
            context.AddSource("FutureCalls.g.cs", FutureCallEmitter.Emit());
        });

        var families = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                OverloadFamilyAttributeSource.MetadataName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (context, cancellationToken) => FamilyModelBuilder.Build(context, cancellationToken))
            .WithTrackingName(FamiliesStep);

        context.RegisterSourceOutput(families, static (context, family) => context.AddSource(family.HintName, FamilyEmitter.Emit(family)));
    }
}
