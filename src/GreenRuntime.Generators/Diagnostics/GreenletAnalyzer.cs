using System.Collections.Immutable;
using System.Linq;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.CallSites;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Reports, on the user's own code, every reason why a <c>[Greenlet]</c> method cannot get its resumable twin and
/// every suspension point inside one that cannot suspend where it stands. The generator silently skips such
/// methods and calls; this analyzer says why, using the same decisions (<see cref="GreenletSymbols.GetTwinBlockers"/>,
/// <see cref="SuspensionPoints"/>, <see cref="SuspensionBarriers"/>, <see cref="RefStructLiveness"/>), so the two
/// cannot disagree. It only locates what the shared analysis found.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GreenletAnalyzer : DiagnosticAnalyzer
{
    private static readonly SymbolDisplayFormat s_callFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private static readonly SymbolDisplayFormat s_nameFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat
        .WithMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.TypeMustBePartial,
        DiagnosticDescriptors.AsyncMethod,
        DiagnosticDescriptors.RefParameter,
        DiagnosticDescriptors.RefReturn,
        DiagnosticDescriptors.Pointer,
        DiagnosticDescriptors.RefStructParameter,
        DiagnosticDescriptors.UnsupportedReturnType,
        DiagnosticDescriptors.RefStructLocalAcrossSuspension,
        DiagnosticDescriptors.SuspensionInLock,
        DiagnosticDescriptors.SuspensionInLambda,
        DiagnosticDescriptors.SuspensionInLocalFunction,
        DiagnosticDescriptors.SuspensionInCatchFilter,
        DiagnosticDescriptors.SuspensionInUnsafeBlock,
        DiagnosticDescriptors.SuspensionInConditionalAccess,
        DiagnosticDescriptors.IteratorMethod,
        DiagnosticDescriptors.NoBody,
        DiagnosticDescriptors.UnsupportedMemberKind,
        DiagnosticDescriptors.FileLocalType,
        DiagnosticDescriptors.NoTwinInMetadata,
        DiagnosticDescriptors.PatchedCallOnBase,
        DiagnosticDescriptors.BlockingCall,
        DiagnosticDescriptors.MutableStructInstance,
        DiagnosticDescriptors.CallNotRoutedToTwin,
        DiagnosticDescriptors.LambdaNotGreen,
        DiagnosticDescriptors.RefLocalInAsyncTwin,
        DiagnosticDescriptors.LanguageVersionTooOld,
        DiagnosticDescriptors.CatchSwallowsGreenletExit);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Generated code (our own twins included) is not the user's to fix.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(AnalyzeContainingType, SymbolKind.NamedType);
        context.RegisterSyntaxNodeAction(AnalyzeMethod, SyntaxKind.MethodDeclaration);
        context.RegisterSyntaxNodeAction(AnalyzeAttribute, SyntaxKind.Attribute);
        context.RegisterSyntaxNodeAction(AnalyzeOrdinaryCall, SyntaxKind.InvocationExpression);
        context.RegisterSyntaxNodeAction(
            AnalyzeOrdinaryLambda, SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.SimpleLambdaExpression, SyntaxKind.AnonymousMethodExpression);
    }

    /// <summary>
    /// GRN0024: a lambda with suspension points passed from ordinary code to a GreenRuntime function-taking API that
    /// the generator cannot make green (it asks <see cref="GreenLambdas"/> and <see cref="FunctionTakingInterceptors"/>,
    /// as the generator does), so it runs as a plain delegate and blocks the hub.
    /// </summary>
    private static void AnalyzeOrdinaryLambda(SyntaxNodeAnalysisContext context)
    {
        var lambda = (AnonymousFunctionExpressionSyntax)context.Node;
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        if (!SuspensionBarriers.IsGreenLambda(lambda, semanticModel, cancellationToken)
            || InterceptedCallBuilder.IsInGreenletMethod(lambda, semanticModel, cancellationToken)
            || InterceptedCallBuilder.IsInExpressionTree(lambda, semanticModel, cancellationToken)
            || IsInGreenFunction(lambda, semanticModel, cancellationToken)
            || GreenLambdas.Plan(lambda, semanticModel, cancellationToken) is not { } plan)
        {
            return;
        }
        var invocation = (InvocationExpressionSyntax)lambda.Parent!.Parent!.Parent!;
        if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol api)
            return;
        string? reason = plan.Blocker;
        if (reason is null && FunctionTakingInterceptors.Build(invocation, api, semanticModel, cancellationToken) is null)
            reason = "the generated interceptor cannot name a type of the call";
        if (reason is null)
            return;
        // The lambda's head (parameters and arrow), not its whole body.
        var head = lambda switch
        {
            LambdaExpressionSyntax arrow => TextSpan.FromBounds(lambda.SpanStart, arrow.ArrowToken.Span.End),
            AnonymousMethodExpressionSyntax method => TextSpan.FromBounds(lambda.SpanStart, (method.ParameterList?.Span ?? method.DelegateKeyword.Span).End),
            _ => lambda.Span,
        };
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.LambdaNotGreen,
            Location.Create(lambda.SyntaxTree, head),
            GreenletSymbols.Definition(api).ToDisplayString(s_callFormat),
            GreenLambdas.DisplayName(plan.FirstPoint),
            reason));
    }

    /// <summary>
    /// Whether <paramref name="lambda"/> is inside another lambda that becomes a green function: its body is rewritten
    /// there as a twin's, and this lambda with it.
    /// </summary>
    private static bool IsInGreenFunction(SyntaxNode lambda, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var outer in lambda.Ancestors().OfType<AnonymousFunctionExpressionSyntax>())
        {
            if (SuspensionBarriers.IsGreenLambda(outer, semanticModel, cancellationToken)
                && GreenLambdas.Plan(outer, semanticModel, cancellationToken) is { Blocker: null })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// GRN0023: a call of a <c>[Greenlet]</c> method from ordinary code that the interceptor generator leaves alone
    /// (it asks <see cref="DirectCallInterceptors"/>, as the generator does), so the plain method runs.
    /// </summary>
    private static void AnalyzeOrdinaryCall(SyntaxNodeAnalysisContext context)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol target
            || !GreenletSymbols.HasGreenletAttribute(target)
            || GreenletSymbols.IsMarkerOverload(target)
            // A method that cannot have a twin gets its own diagnostic at its declaration.
            || !GreenletSymbols.CanHaveTwin(target, semanticModel.Compilation, cancellationToken)
            || InterceptedCallBuilder.IsInGreenletMethod(invocation, semanticModel, cancellationToken)
            || InterceptedCallBuilder.IsInExpressionTree(invocation, semanticModel, cancellationToken))
        {
            return;
        }
        if (TwinBodies.LanguageVersionOf(invocation.SyntaxTree) is var version && version < TwinBodies.MinimumLanguageVersion)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersionTooOld, invocation.GetLocation(),
                $"This call of the [Greenlet] method '{GreenletSymbols.Definition(target).ToDisplayString(s_nameFormat)}'", version.ToDisplayString()));
            return;
        }
        if (DirectCallInterceptors.Build(invocation, target, semanticModel, cancellationToken) is not null)
            return;

        var definition = GreenletSymbols.Definition(target);
        var compilation = semanticModel.Compilation;
        string reason, fix;
        if (CallSiteSyntax.IsBaseAccess(invocation.Expression))
        {
            reason = "a 'base.' call";
            fix = "call it from a [Greenlet] method, where it suspends as any call of a [Greenlet] method does";
        }
        else if (InaccessibleContainingType(definition.ContainingType, compilation) is { } hidden)
        {
            string name = hidden.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            reason = $"'{name}' is {AccessibilityText(hidden.DeclaredAccessibility)}, and the generated interceptor cannot name it";
            fix = $"make '{name}' internal, or call the method from a [Greenlet] method";
        }
        else
        {
            reason = "the generated interceptor cannot name a type of its signature, or reach its twin";
            fix = "make the method and the types it takes and returns internal or public, or call it from a [Greenlet] method";
        }
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.CallNotRoutedToTwin, invocation.GetLocation(), definition.ToDisplayString(s_nameFormat), reason, fix));
    }

    /// <summary>The outermost of <paramref name="type"/> and its containing types that a top-level type cannot see.</summary>
    private static INamedTypeSymbol? InaccessibleContainingType(INamedTypeSymbol type, Compilation compilation)
    {
        INamedTypeSymbol? hidden = null;
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!compilation.IsSymbolAccessibleWithin(current.OriginalDefinition, compilation.Assembly))
                hidden = current;
        }
        return hidden;
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        _ => "not accessible",
    };

    /// <summary>GRN0001, GRN0018 and an <c>unsafe</c> type (GRN0005): reported once per type, at its declaration.</summary>
    private static void AnalyzeContainingType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        // An extension block cannot be partial; its [Greenlet] members get GRN0017 instead.
        if (type.IsExtension || !type.Locations.Any(l => l.IsInSource))
            return;
        var greenlet = FirstGreenletMethodWithin(type);
        if (greenlet is null)
            return;

        var declarations = type.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(context.CancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .ToList();
        if (declarations.Count == 0)
            return;
        string typeName = type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        string methodName = greenlet.ToDisplayString(s_nameFormat);

        if (!declarations.Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            foreach (var declaration in declarations)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeMustBePartial, declaration.Identifier.GetLocation(), typeName, methodName));
        }
        foreach (var declaration in declarations)
        {
            foreach (var modifier in declaration.Modifiers)
            {
                if (modifier.IsKind(SyntaxKind.FileKeyword))
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FileLocalType, modifier.GetLocation(), methodName, typeName));
                else if (modifier.IsKind(SyntaxKind.UnsafeKeyword))
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Pointer, modifier.GetLocation(), methodName, modifier.Text));
            }
        }
    }

    /// <summary>
    /// The signature problems of a <c>[Greenlet]</c> method are reported on its defining declaration, the body
    /// problems on the declaration that has the body (the same one unless it is a partial method).
    /// </summary>
    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } method
            || !GreenletSymbols.HasGreenletAttribute(method))
        {
            return;
        }
        bool isDefiningDeclaration = method.PartialDefinitionPart is null;
        string methodName = method.ToDisplayString(s_nameFormat);

        if (method.MethodKind != MethodKind.Ordinary || method.ContainingType.IsExtension)
        {
            if (isDefiningDeclaration)
            {
                string kind = method.ContainingType.IsExtension ? "extension block member" : "explicit interface implementation";
                ReportUnsupportedKind(context, FindGreenletAttribute(declaration, context), kind, methodName);
            }
            return;
        }

        var version = TwinBodies.LanguageVersionOf(declaration.SyntaxTree);
        if (version < TwinBodies.MinimumLanguageVersion)
        {
            if (isDefiningDeclaration)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LanguageVersionTooOld, declaration.Identifier.GetLocation(),
                    $"The [Greenlet] method '{methodName}'", version.ToDisplayString()));
            }
            return;
        }

        var blockers = GreenletSymbols.GetTwinBlockers(method, context.Compilation, context.CancellationToken);
        if (isDefiningDeclaration)
            ReportSignatureProblems(context, declaration, method, methodName, blockers);

        var bodyDeclaration = GreenletSymbols.GetBodyDeclaration(method, context.CancellationToken);
        if (bodyDeclaration != declaration)
            return;
        if (declaration.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword)) is { RawKind: not 0 } asyncKeyword)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AsyncMethod, asyncKeyword.GetLocation(), methodName));
        if (declaration.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.UnsafeKeyword)) is { RawKind: not 0 } unsafeKeyword)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Pointer, unsafeKeyword.GetLocation(), methodName, unsafeKeyword.Text));
        if ((blockers & TwinBlockers.Iterator) != 0 && GreenletSymbols.FindOwnYield(declaration) is { } yield)
        {
            var span = TextSpan.FromBounds(yield.YieldKeyword.SpanStart, yield.ReturnOrBreakKeyword.Span.End);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.IteratorMethod, Location.Create(declaration.SyntaxTree, span), methodName));
        }

        // An async method or an iterator is not a greenlet body at all: its calls mean something else.
        if ((blockers & (TwinBlockers.Async | TwinBlockers.Iterator)) == 0 && declaration.Body is { } block)
            GreenletExitCatches.Analyze(context, block);
        if ((blockers & (TwinBlockers.Async | TwinBlockers.Iterator)) == 0)
            AnalyzeBody(context, (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody);
        if (!blockers.EmitsNothing() && !blockers.EmitsStub())
            ReportRefLocalInAsyncTwin(context, method, (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody, methodName, version);
    }

    /// <summary>
    /// GRN0025: a span (or ref) local in a body whose twin is async, under a C# version that allows none there
    /// (the generator writes a stub for it instead of a twin that would not compile).
    /// </summary>
    private static void ReportRefLocalInAsyncTwin(
        SyntaxNodeAnalysisContext context, IMethodSymbol method, SyntaxNode? body, string methodName, LanguageVersion version)
    {
        if (body is null || version >= TwinBodies.RefLocalsInAsyncLanguageVersion)
            return;
        var liveness = RefStructLiveness.Analyze(body, context.SemanticModel, context.CancellationToken);
        if (liveness.IsEmpty || TwinBodies.CallsTheMethod(method, body, context.SemanticModel, liveness, context.CancellationToken))
            return;
        var local = TwinBodies.FindRefLocalUnsupportedInAsync(body, context.SemanticModel, liveness, version, context.CancellationToken);
        var (location, what) = local switch
        {
            ForEachStatementSyntax forEach =>
                (forEach.Identifier.GetLocation(), $"The foreach over '{forEach.Expression}' keeps a ref struct enumerator"),
            VariableDeclaratorSyntax or SingleVariableDesignationSyntax
                when context.SemanticModel.GetDeclaredSymbol(local, context.CancellationToken) is ILocalSymbol symbol =>
                (local is VariableDeclaratorSyntax declarator ? declarator.Identifier.GetLocation() : local.GetLocation(),
                    symbol.IsRef ? $"'{symbol.Name}' is a ref local" : $"'{symbol.Name}' is a local of the ref struct type '{Display(symbol.Type)}'"),
            _ => (null, null),
        };
        if (location is null)
            return;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RefLocalInAsyncTwin, location, what, methodName, version.ToDisplayString()));
    }

    private static void ReportSignatureProblems(
        SyntaxNodeAnalysisContext context, MethodDeclarationSyntax declaration, IMethodSymbol method, string methodName, TwinBlockers blockers)
    {
        if ((blockers & TwinBlockers.NoBody) != 0)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NoBody, declaration.Identifier.GetLocation(), methodName));

        var parameters = declaration.ParameterList.Parameters;
        for (int i = 0; i < method.Parameters.Length && i < parameters.Count; i++)
        {
            var parameter = method.Parameters[i];
            var syntax = parameters[i];
            if (parameter.RefKind != RefKind.None)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.RefParameter, syntax.GetLocation(), parameter.Name, methodName, RefKindText(parameter.RefKind)));
            }
            if (GreenletSymbols.IsPointerLike(parameter.Type))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Pointer, syntax.GetLocation(), methodName, syntax.ToString()));
            }
            else if (GreenletSymbols.IsRefLike(parameter.Type))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.RefStructParameter, syntax.GetLocation(), parameter.Name, methodName, Display(parameter.Type)));
            }
        }

        // An instance method of a ref struct would have to keep 'this', a ref struct, across suspensions.
        if ((blockers & TwinBlockers.RefStructParameter) != 0 && !method.IsStatic && method.ContainingType.IsRefLikeType)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RefStructParameter, declaration.Identifier.GetLocation(), "this", methodName, Display(method.ContainingType)));
        }

        if ((blockers & TwinBlockers.MutableStructInstance) != 0
            && StructThisWrites.FindWrite(method, context.Compilation, context.CancellationToken) is { } write)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.MutableStructInstance, declaration.Identifier.GetLocation(), [write.Syntax.GetLocation()],
                methodName, Display(method.ContainingType), write.Syntax.ToString()));
        }

        var returnType = declaration.ReturnType;
        if ((blockers & TwinBlockers.RefReturn) != 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RefReturn, returnType.GetLocation(), methodName, returnType.ToString()));
        }
        else if ((blockers & TwinBlockers.UnsupportedReturnType) != 0)
        {
            context.ReportDiagnostic(GreenletSymbols.IsPointerLike(method.ReturnType)
                ? Diagnostic.Create(DiagnosticDescriptors.Pointer, returnType.GetLocation(), methodName, returnType.ToString())
                : Diagnostic.Create(DiagnosticDescriptors.UnsupportedReturnType, returnType.GetLocation(), methodName, Display(method.ReturnType)));
        }
    }

    /// <summary>Every suspension point of the body that the generator has to leave as a blocking call.</summary>
    private static void AnalyzeBody(SyntaxNodeAnalysisContext context, SyntaxNode? body)
    {
        if (body is null)
            return;
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        RefStructLiveness? liveness = null;

        // A lambda run on another thread (Green.Offload, Task.Run, new Thread, ...) is ordinary code that may block.
        foreach (var node in body.DescendantNodes(n =>
            n is not AnonymousFunctionExpressionSyntax function || !OtherThreadLambdas.IsRunOnAnotherThread(function, semanticModel, cancellationToken)))
        {
            // Green.Spawn(Remote.Fetch, 1): the greenlet would run the plain method and block the hub.
            if (node is ArgumentSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax } methodGroup)
            {
                ReportCallWithoutTwin(context, methodGroup.Expression);
                continue;
            }
            if (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } resultAccess)
            {
                ReportBlockingCall(context, resultAccess, semanticModel.GetSymbolInfo(resultAccess, cancellationToken).Symbol);
                continue;
            }
            if (node is BaseObjectCreationExpressionSyntax creation)
            {
                // new TcpClient(host, port) connects: a constructor patch makes it a suspension point like a call.
                if (SuspensionPoints.Classify(creation, semanticModel, cancellationToken) is { } created)
                    ReportIfLeftBlocking(context, body, creation, created, CallName(created, creation), ref liveness);
                continue;
            }
            if (node is CommonForEachStatementSyntax forEach)
            {
                // foreach over a green sequence (GreenPool.IMap, Green.IWait, ...) waits before each item.
                if (SuspensionPoints.Classify(forEach, semanticModel, cancellationToken) is { } loop)
                    ReportIfLeftBlocking(context, body, forEach, loop, loop.LoopName!, ref liveness);
                continue;
            }
            if (node is not InvocationExpressionSyntax invocation)
                continue;
            var point = SuspensionPoints.Classify(invocation, semanticModel, cancellationToken);
            if (point is null)
            {
                ReportCallWithoutTwin(context, invocation);
                ReportBlockingCall(context, invocation, semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol);
                continue;
            }
            // Green.Spawn and its kind return at once: left as it is, such a call does not block. The suspension
            // points inside its lambdas are reported on their own.
            if (!point.IsAwaited)
                continue;

            string call = CallName(point, invocation);
            if (ReportIfLeftBlocking(context, body, invocation, point, call, ref liveness))
                continue;

            // A patch takes the receiver as an argument, and 'base' cannot be one (TwinBodyRewriter leaves these alone).
            if (point.Kind == SuspensionKind.MonkeyPatch && !point.Target.IsStatic
                && invocation.Expression is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax })
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PatchedCallOnBase, invocation.GetLocation(), call));
            }
        }
    }

    /// <summary>
    /// Reports a suspension point the generator has to leave blocking where it stands (a lock, a lambda, a ref struct
    /// held across it); returns whether it did.
    /// </summary>
    private static bool ReportIfLeftBlocking(
        SyntaxNodeAnalysisContext context, SyntaxNode body, SyntaxNode node, SuspensionPoint point, string call, ref RefStructLiveness? liveness)
    {
        var semanticModel = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        // A loop is reported on its head (`foreach (var x in items)`), not on its whole body.
        var location = node is CommonForEachStatementSyntax forEach
            ? Location.Create(forEach.SyntaxTree, TextSpan.FromBounds(forEach.ForEachKeyword.SpanStart, forEach.CloseParenToken.Span.End))
            : node.GetLocation();
        var barrier = SuspensionBarriers.Find(node, semanticModel, cancellationToken);
        if (barrier.Exists)
        {
            if (barrier.Kind == SuspensionBarrierKind.ConditionalAccess)
                location = WholeConditionalAccess((ExpressionSyntax)node).GetLocation();
            context.ReportDiagnostic(BarrierDiagnostic(barrier, location, call, point));
            return true;
        }

        liveness ??= RefStructLiveness.Analyze(body, semanticModel, cancellationToken);
        if (!liveness.IsEmpty && liveness.FindLiveAcross(node, point) is { } live)
        {
            var (name, type) = DescribeLive(live, semanticModel, context);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RefStructLocalAcrossSuspension, location, new[] { live.GetLocation() }, name, type, call));
            return true;
        }

        if (node is ExpressionSyntax expression && RefTemporaries.FindHeldAcross(expression, semanticModel, cancellationToken) is { } held)
        {
            var heldType = semanticModel.GetTypeInfo(held, cancellationToken).Type;
            string type = (heldType is { IsRefLikeType: true } ? string.Empty : "ref ") + Display(heldType);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RefStructLocalAcrossSuspension, location, new[] { held.GetLocation() }, held.ToString(), type, call));
            return true;
        }
        return false;
    }

    /// <summary>
    /// GRN0019: a call or method group of a <c>[Greenlet]</c> method of another assembly that has no twin there.
    /// (A method group argument binds to its method only when it is one: a plain value binds to a local, field, ...)
    /// </summary>
    private static void ReportCallWithoutTwin(SyntaxNodeAnalysisContext context, ExpressionSyntax invocation)
    {
        var symbolInfo = context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken);
        var symbol = symbolInfo.Symbol ?? (symbolInfo.CandidateSymbols.Length == 1 ? symbolInfo.CandidateSymbols[0] : null);
        if (symbol is not IMethodSymbol target
            || !GreenletSymbols.HasGreenletAttribute(target)
            || (GreenletSymbols.GetTwinBlockers(target, context.Compilation, context.CancellationToken) & TwinBlockers.NoTwinInMetadata) == 0)
        {
            return;
        }
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.NoTwinInMetadata,
            invocation.GetLocation(),
            GreenletSymbols.Definition(target).ToDisplayString(s_nameFormat),
            target.ContainingAssembly?.Name ?? "?"));
    }

    /// <summary>
    /// GRN0021: a known blocking call, or <c>Task.Result</c>, that runs on the greenlet itself. Inside a lambda or
    /// local function it may run on another thread (<c>Task.Run</c>, <c>Green.Offload</c>), so it is left alone there.
    /// </summary>
    private static void ReportBlockingCall(SyntaxNodeAnalysisContext context, ExpressionSyntax call, ISymbol? target)
    {
        bool blocks = target switch
        {
            IMethodSymbol method => KnownBlockingCalls.IsBlocking(method),
            IPropertySymbol { Name: "Result", IsStatic: false } property =>
                GreenletSymbols.IsNamed(property.ContainingType?.OriginalDefinition, "Task", "System", "Threading", "Tasks")
                || GreenletSymbols.IsNamed(property.ContainingType?.OriginalDefinition, "ValueTask", "System", "Threading", "Tasks"),
            _ => false,
        };
        if (!blocks)
            return;
        var barrier = SuspensionBarriers.Find(call, context.SemanticModel, context.CancellationToken);
        if (barrier.Kind is SuspensionBarrierKind.Lambda or SuspensionBarrierKind.AnonymousMethod
            or SuspensionBarrierKind.LocalFunction or SuspensionBarrierKind.Query)
        {
            return;
        }
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingCall, call.GetLocation(), target!.ToDisplayString(s_callFormat)));
    }

    private static Diagnostic BarrierDiagnostic(SuspensionBarrier barrier, Location location, string call, SuspensionPoint point)
    {
        switch (barrier.Kind)
        {
            case SuspensionBarrierKind.Lock:
                return Diagnostic.Create(DiagnosticDescriptors.SuspensionInLock, location, call);
            case SuspensionBarrierKind.LocalFunction:
                return Diagnostic.Create(
                    DiagnosticDescriptors.SuspensionInLocalFunction, location, call, ((LocalFunctionStatementSyntax)barrier.Node!).Identifier.ValueText);
            case SuspensionBarrierKind.CatchFilter:
                return Diagnostic.Create(DiagnosticDescriptors.SuspensionInCatchFilter, location, call);
            case SuspensionBarrierKind.Unsafe:
                return Diagnostic.Create(DiagnosticDescriptors.SuspensionInUnsafeBlock, location, call);
            case SuspensionBarrierKind.ConditionalAccess:
                return Diagnostic.Create(DiagnosticDescriptors.SuspensionInConditionalAccess, location, call);
        }
        string where = barrier.Kind switch
        {
            SuspensionBarrierKind.AnonymousMethod => "an anonymous method",
            SuspensionBarrierKind.Query => "a query clause",
            _ => "a lambda",
        };
        return Diagnostic.Create(DiagnosticDescriptors.SuspensionInLambda, location, call, where, InLambdaFix(call, where, point));
    }

    /// <summary>
    /// GRN0010's advice. Moving the call into a <c>[Greenlet]</c> method is no help when it already calls one: then
    /// the call has to leave the lambda.
    /// </summary>
    private static string InLambdaFix(string call, string where, SuspensionPoint point) =>
        point.Kind == SuspensionKind.GreenletCall
            ? $"'{call}' is a [Greenlet] method already, so call it outside {where}, from the [Greenlet] method itself (a foreach loop instead of ForEach or a query), where it suspends; or pass the lambda straight to Green.Spawn to run it as a greenlet of its own"
            : $"use a plain loop instead of {where}, pass the lambda straight to Green.Spawn, or move '{call}' into a [Greenlet] method and call that";

    /// <summary><c>a?.M()</c> rather than just its <c>.M()</c> part: what the user reads as the call.</summary>
    private static SyntaxNode WholeConditionalAccess(ExpressionSyntax call)
    {
        SyntaxNode whole = call;
        while (whole.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == whole)
            whole = access;
        return whole;
    }

    /// <summary>GRN0017 for <c>[Greenlet]</c> on accessors, operators, local functions, lambdas, finalizers.</summary>
    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
    {
        var attribute = (AttributeSyntax)context.Node;
        // Methods are AnalyzeMethod's; everything else [Greenlet] may sit on is unsupported.
        var target = attribute.Parent?.Parent;
        if (target is null or MethodDeclarationSyntax || !IsGreenletAttribute(attribute, context))
            return;
        string? kind = target switch
        {
            LocalFunctionStatementSyntax => "local function",
            AnonymousFunctionExpressionSyntax => "lambda",
            AccessorDeclarationSyntax => "accessor",
            OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax => "operator",
            DestructorDeclarationSyntax => "finalizer",
            ConstructorDeclarationSyntax => "constructor",
            _ => null,
        };
        if (kind is null)
            return;
        string name = target switch
        {
            LocalFunctionStatementSyntax localFunction => localFunction.Identifier.ValueText,
            AccessorDeclarationSyntax accessor => $"{(accessor.Parent?.Parent as BasePropertyDeclarationSyntax) switch
            {
                PropertyDeclarationSyntax property => property.Identifier.ValueText,
                EventDeclarationSyntax @event => @event.Identifier.ValueText,
                IndexerDeclarationSyntax => "this[]",
                _ => "?",
            }}.{accessor.Keyword.ValueText}",
            OperatorDeclarationSyntax op => "operator " + op.OperatorToken.ValueText,
            ConversionOperatorDeclarationSyntax conversion => $"{conversion.ImplicitOrExplicitKeyword.ValueText} operator {conversion.Type}",
            DestructorDeclarationSyntax destructor => "~" + destructor.Identifier.ValueText,
            ConstructorDeclarationSyntax constructor => constructor.Identifier.ValueText,
            _ => target.ToString().Length <= 40 ? target.ToString() : target.ToString().Substring(0, 37) + "...",
        };
        ReportUnsupportedKind(context, attribute, kind, name);
    }

    private static void ReportUnsupportedKind(SyntaxNodeAnalysisContext context, AttributeSyntax? attribute, string kind, string name)
    {
        var location = attribute?.GetLocation() ?? context.Node.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMemberKind, location, kind, name));
    }

    private static AttributeSyntax? FindGreenletAttribute(MethodDeclarationSyntax declaration, SyntaxNodeAnalysisContext context) =>
        declaration.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => IsGreenletAttribute(a, context));

    private static bool IsGreenletAttribute(AttributeSyntax attribute, SyntaxNodeAnalysisContext context) =>
        context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is IMethodSymbol constructor
        && GreenletSymbols.IsNamed(constructor.ContainingType, "GreenletAttribute", "GreenRuntime");

    /// <summary>The first <c>[Greenlet]</c> method declared in <paramref name="type"/> or a type nested in it.</summary>
    private static IMethodSymbol? FirstGreenletMethodWithin(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol method && method.PartialDefinitionPart is null && GreenletSymbols.HasGreenletAttribute(method))
                return method;
        }
        foreach (var nested in type.GetTypeMembers())
        {
            if (FirstGreenletMethodWithin(nested) is { } method)
                return method;
        }
        return null;
    }

    /// <summary>How a suspension point is named in a message: <c>Thread.Sleep</c>, <c>Greenlet.Join</c>, <c>Worker.Step</c>.</summary>
    internal static string CallName(SuspensionPoint point, ExpressionSyntax? call) =>
        point.Kind == SuspensionKind.DelayWait && call is InvocationExpressionSyntax invocation
            ? invocation.Expression.ToString() + "()"
            : point.LoopName ?? GreenletSymbols.Definition(point.Target).ToDisplayString(s_callFormat);

    /// <summary>The name and type of what <see cref="RefStructLiveness.FindLiveAcross"/> found.</summary>
    private static (string Name, string Type) DescribeLive(SyntaxNode live, SemanticModel semanticModel, SyntaxNodeAnalysisContext context)
    {
        if (live is ForEachStatementSyntax forEach)
            return (forEach.Expression.ToString(), Display(semanticModel.GetTypeInfo(forEach.Expression, context.CancellationToken).Type));
        var local = semanticModel.GetDeclaredSymbol(live, context.CancellationToken) as ILocalSymbol;
        string name = live switch
        {
            VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
            SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
            _ => local?.Name ?? live.ToString(),
        };
        string type = local is null ? "?" : (local.IsRef ? "ref " : string.Empty) + Display(local.Type);
        return (name, type);
    }

    private static string Display(ITypeSymbol? type) =>
        type?.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) ?? "?";

    private static string RefKindText(RefKind refKind) => refKind switch
    {
        RefKind.Out => "out",
        RefKind.In => "in",
        RefKind.RefReadOnlyParameter => "ref readonly",
        _ => "ref",
    };
}
