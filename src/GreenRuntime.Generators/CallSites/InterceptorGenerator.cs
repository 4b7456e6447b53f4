using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Emit;
using GreenRuntime.Generators.Incremental;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.CallSites;

/// <summary>
/// Routes calls in ordinary code to the resumable twins of <c>[Greenlet]</c> methods with C# interceptors
/// (docs/internals.md, "Call sites in ordinary code"): a direct call runs this thread's hub until the twin returns,
/// <c>Green.Spawn(() =&gt; M(a))</c> lets the new greenlet take the twin over, <c>Green.Spawn(M, a)</c> spawns
/// the twin through the API's marker overload, and <c>Green.Spawn(() =&gt; { Thread.Sleep(300); })</c> spawns the
/// lambda's generated green function the same way.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class InterceptorGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The patch configuration decides what a green lambda's suspension points are; it comes with the MSBuild property.
        var configuration = context.CompilationProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => PatchConfiguration.Read(pair.Left, pair.Right.GlobalOptions))
            .WithTrackingName(TrackingNames.PatchConfiguration);

        var calls = context.SyntaxProvider
            .CreateSyntaxProvider(
                predicate: static (node, _) => CallSiteSyntax.IsCandidate(node),
                transform: static (context, _) => (InvocationExpressionSyntax)context.Node)
            .WithShape(context, configuration, sameFileOnly: true)
            .WithTrackingName(TrackingNames.CallSites)
            .Select(static (input, cancellationToken) =>
            {
                PatchConfiguration.Register(input.Compilation, input.Configuration);
                return InterceptedCallBuilder.Build(input.Node, input.Compilation, cancellationToken);
            })
            .WithTrackingName(TrackingNames.Invocations)
            .Where(static call => call is not null)
            .Select(static (call, _) => call!)
            .WithTrackingName(TrackingNames.InterceptedCalls);

        // One file for the compilation: ImmutableArray compares by reference, EquatableArray by content.
        var allCalls = calls
            .Collect()
            .Select(static (calls, _) => calls.ToEquatableArray())
            .WithTrackingName(TrackingNames.AllInterceptedCalls);

        context.RegisterSourceOutput(allCalls, static (context, calls) =>
        {
            if (!calls.IsEmpty)
                context.AddSource(InterceptorEmitter.HintName, InterceptorEmitter.Emit(calls));
        });

        // The green functions of lambdas passed from ordinary code (Green.Spawn(() => { Thread.Sleep(300); })).
        var greenLambdas = calls
            .SelectMany(static (call, _) => call.GreenLambdas)
            .WithTrackingName(TrackingNames.GreenLambdas);
        context.RegisterSourceOutput(greenLambdas, static (context, model) => context.AddSource(model.HintName, TwinEmitter.Emit(model)));
    }
}
