using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// What the ordinary (non-<c>[Greenlet]</c>) methods of a compilation — helpers, accessors, operators, conversions,
/// constructors, iterators — do that matters to a greenlet running them (DESIGN §2): whether one blocks the thread,
/// directly or through other such methods, and whether one needs to suspend (calls a <c>[Greenlet]</c> method or a
/// GreenRuntime wait), which a greenlet cannot do through an ordinary frame. "Blocks" means what would block inside a
/// <c>[Greenlet]</c> body: a call <see cref="SuspensionPoints.Classify"/> makes a suspension point there (any tier's),
/// a <see cref="KnownBlockingCalls"/> call, <c>Task.Result</c>.
/// </summary>
/// <remarks>
/// One instance per compilation, shared by the analyzers: each method's body is bound and walked once, the first time
/// a greenlet enters it; each answer is computed once (a breadth-first walk of the call graph, so cycles end and the
/// chain reported is a shortest one).
/// </remarks>
internal sealed class OrdinaryFrames
{
    private static readonly ConditionalWeakTable<Compilation, OrdinaryFrames> s_cache = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly ConcurrentDictionary<IMethodSymbol, Facts> _facts = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, Answer> _blocking = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, Answer> _suspending = new(SymbolEqualityComparer.Default);

    private OrdinaryFrames(Compilation compilation) => _compilation = compilation;

    /// <summary>
    /// Binds the frames declared in <paramref name="semanticModel"/>'s tree with it: an analyzer's callback passes the
    /// driver's model, which the other analyzers of the build (and their operation trees) share, so a helper's body is
    /// not bound a second time in a model of this class's own. Any model of the compilation gives the same answers.
    /// </summary>
    public void Share(SemanticModel semanticModel)
    {
        if (semanticModel.Compilation == _compilation && !semanticModel.IsSpeculativeSemanticModel)
            _models.TryAdd(semanticModel.SyntaxTree, semanticModel);
    }

    /// <summary>The frames of <paramref name="compilation"/>, analysed on first use.</summary>
    public static OrdinaryFrames For(Compilation compilation) => s_cache.GetValue(compilation, c => new OrdinaryFrames(c));

    /// <summary>
    /// The ordinary frame that a use of <paramref name="method"/> enters: its definition, when it is declared in this
    /// compilation with a body a greenlet would run and is not <c>[Greenlet]</c>; otherwise <see langword="null"/>.
    /// </summary>
    public IMethodSymbol? AsFrame(IMethodSymbol? method)
    {
        if (method is null)
            return null;
        var definition = GreenletSymbols.Definition(method);
        definition = definition.PartialImplementationPart ?? definition;
        if (definition.IsImplicitlyDeclared || definition.IsAbstract || definition.IsExtern
            || definition.DeclaringSyntaxReferences.IsEmpty
            || !SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly)
            || GreenletSymbols.HasGreenletAttribute(definition)
            || definition.PartialDefinitionPart is { } declaration && GreenletSymbols.HasGreenletAttribute(declaration))
        {
            return null;
        }
        return definition;
    }

    /// <summary>The first call through which <paramref name="frame"/> blocks the thread, with the frames it goes through; or <see langword="null"/>.</summary>
    public FrameChain? FindBlocking(IMethodSymbol frame, CancellationToken cancellationToken) =>
        Find(frame, _blocking, static facts => facts.Blocks, cancellationToken);

    /// <summary>The first call through which <paramref name="frame"/> needs to suspend, with the frames it goes through; or <see langword="null"/>.</summary>
    public FrameChain? FindSuspending(IMethodSymbol frame, CancellationToken cancellationToken) =>
        Find(frame, _suspending, static facts => facts.Suspends, cancellationToken);

    /// <summary>
    /// The steps of <paramref name="root"/> (a <c>[Greenlet]</c> body when <paramref name="inGreenletBody"/>, else an
    /// ordinary frame's body) that block, suspend, or enter an ordinary frame, in source order. Lambdas count when
    /// they run on this thread (<see cref="HubLambdas"/>, and in a <c>[Greenlet]</c> body the green lambdas), local
    /// functions and other lambdas do not.
    /// </summary>
    public List<FrameStep> Walk(IOperation root, SemanticModel semanticModel, bool inGreenletBody, CancellationToken cancellationToken)
    {
        var steps = new List<FrameStep>();
        // An explicit stack: operation trees can be deep (a long string concatenation).
        var pending = new Stack<(IOperation Operation, InvocationExpressionSyntax? Runner)>();
        pending.Push((root, null));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (operation, runner) = pending.Pop();
            if (operation != root)
            {
                if (operation is ILocalFunctionOperation)
                    continue;
                if (operation is IAnonymousFunctionOperation function)
                {
                    if (HubRunnerOf(function) is { } call)
                        runner = call;
                    else if (!(inGreenletBody && runner is null && function.Syntax is AnonymousFunctionExpressionSyntax lambda
                        && SuspensionBarriers.IsGreenLambda(lambda, semanticModel, cancellationToken)))
                    {
                        continue;
                    }
                }
            }
            AddSteps(operation, runner, semanticModel, steps, cancellationToken);
            // Reversed, so that the steps come out in source order.
            foreach (var child in operation.ChildOperations.Reverse())
                pending.Push((child, runner));
        }
        return steps;
    }

    private void AddSteps(IOperation operation, InvocationExpressionSyntax? runner, SemanticModel semanticModel, List<FrameStep> steps, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                AddCall(invocation.TargetMethod, invocation.Syntax, runner, semanticModel, steps, cancellationToken);
                break;
            case IObjectCreationOperation creation when creation.Constructor is { } constructor:
                AddCall(constructor, creation.Syntax, runner, semanticModel, steps, cancellationToken);
                break;
            case IPropertyReferenceOperation reference:
                if (Classify(reference.Syntax, semanticModel, cancellationToken) is { } point)
                {
                    AddPoint(point, reference.Property.GetMethod ?? reference.Property.SetMethod!, reference.Syntax, runner, steps);
                }
                else if (IsTaskResult(reference.Property))
                {
                    steps.Add(new FrameStep(FrameStepKind.Blocks, reference.Syntax, reference.Property.GetMethod!, null, runner));
                }
                else
                {
                    // x.P = v runs the setter, x.P += v both accessors, anything else the getter.
                    bool written = operation.Parent is IAssignmentOperation assignment && assignment.Target == operation
                        || operation.Parent is IIncrementOrDecrementOperation;
                    bool read = !(operation.Parent is ISimpleAssignmentOperation simple && simple.Target == operation);
                    if (read)
                        AddEntry(reference.Property.GetMethod, reference.Syntax, runner, steps);
                    if (written)
                        AddEntry(reference.Property.SetMethod, reference.Syntax, runner, steps);
                }
                break;
            case IForEachLoopOperation loop when loop.Syntax is CommonForEachStatementSyntax forEach:
                if (Classify(forEach, semanticModel, cancellationToken) is { } loopPoint)
                {
                    AddPoint(loopPoint, loopPoint.Target, forEach, runner, steps);
                }
                else if (forEach.AwaitKeyword.IsKind(SyntaxKind.None))
                {
                    var info = semanticModel.GetForEachStatementInfo(forEach);
                    AddEntry(info.GetEnumeratorMethod, forEach, runner, steps);
                    AddEntry(info.MoveNextMethod, forEach, runner, steps);
                    AddEntry(info.CurrentProperty?.GetMethod, forEach, runner, steps);
                }
                break;
            case IBinaryOperation binary:
                AddEntry(binary.OperatorMethod, binary.Syntax, runner, steps);
                break;
            case IUnaryOperation unary:
                AddEntry(unary.OperatorMethod, unary.Syntax, runner, steps);
                break;
            case IIncrementOrDecrementOperation increment:
                AddEntry(increment.OperatorMethod, increment.Syntax, runner, steps);
                break;
            case ICompoundAssignmentOperation compound:
                AddEntry(compound.OperatorMethod, compound.Syntax, runner, steps);
                break;
            case IConversionOperation conversion:
                AddEntry(conversion.OperatorMethod, conversion.Syntax, runner, steps);
                break;
            case IMethodReferenceOperation { Parent: IDelegateCreationOperation delegateCreation } reference
                when HubRunnerOf(delegateCreation) is { } call:
                // items.Select(Parse): the runner calls Parse on this thread.
                AddEntry(reference.Method, reference.Syntax, call, steps);
                break;
        }
    }

    private void AddCall(
        IMethodSymbol target, SyntaxNode syntax, InvocationExpressionSyntax? runner, SemanticModel semanticModel, List<FrameStep> steps, CancellationToken cancellationToken)
    {
        if (Classify(syntax, semanticModel, cancellationToken) is { } point)
        {
            AddPoint(point, target, syntax, runner, steps);
            return;
        }
        if (KnownBlockingCalls.IsBlocking(target))
            steps.Add(new FrameStep(FrameStepKind.Blocks, syntax, target, null, runner));
        else
            AddEntry(target, syntax, runner, steps);
    }

    private static void AddPoint(SuspensionPoint point, IMethodSymbol target, SyntaxNode syntax, InvocationExpressionSyntax? runner, List<FrameStep> steps)
    {
        // Green.Spawn and its kind return at once: they neither block nor wait.
        if (!point.IsAwaited)
            return;
        var kind = point.Kind is SuspensionKind.GreenletCall or SuspensionKind.RuntimeBlocking or SuspensionKind.RuntimeFunctionTaking or SuspensionKind.GreenForEach
            ? FrameStepKind.Suspends
            : FrameStepKind.Blocks;
        steps.Add(new FrameStep(kind, syntax, target, point, runner));
    }

    private void AddEntry(IMethodSymbol? method, SyntaxNode syntax, InvocationExpressionSyntax? runner, List<FrameStep> steps)
    {
        if (AsFrame(method) is { } frame)
            steps.Add(new FrameStep(FrameStepKind.Enters, syntax, frame, null, runner));
    }

    /// <summary>
    /// What <paramref name="syntax"/> would be in a <c>[Greenlet]</c> body with every patch on: a call the patch
    /// configuration switches off still blocks (GRN0032 says so in a [Greenlet] body), and blocks in a helper too.
    /// </summary>
    private static SuspensionPoint? Classify(SyntaxNode syntax, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        GreenletBodies.ClassifyIgnoringConfiguration(syntax, semanticModel, cancellationToken);

    /// <summary>The call that runs <paramref name="function"/> (a lambda or a method group) on this thread, if it is passed straight to one.</summary>
    private static InvocationExpressionSyntax? HubRunnerOf(IOperation function)
    {
        var creation = function.Parent as IDelegateCreationOperation ?? function as IDelegateCreationOperation;
        return creation?.Parent is IArgumentOperation { Parent: IInvocationOperation invocation }
            && invocation.Syntax is InvocationExpressionSyntax syntax
            && HubLambdas.IsRunner(invocation.TargetMethod)
                ? syntax
                : null;
    }

    private static bool IsTaskResult(IPropertySymbol property) =>
        property is { Name: "Result", IsStatic: false }
        && (GreenletSymbols.IsNamed(property.ContainingType?.OriginalDefinition, "Task", "System", "Threading", "Tasks")
            || GreenletSymbols.IsNamed(property.ContainingType?.OriginalDefinition, "ValueTask", "System", "Threading", "Tasks"));

    private FrameChain? Find(IMethodSymbol frame, ConcurrentDictionary<IMethodSymbol, Answer> answers, System.Func<Facts, FrameStep?> leafOf, CancellationToken cancellationToken)
    {
        if (answers.TryGetValue(frame, out var known))
            return known.Chain;
        // Breadth first from the frame; each frame reached remembers the frame it was reached from.
        var reachedFrom = new Dictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default) { [frame] = null };
        var queue = new Queue<IMethodSymbol>();
        queue.Enqueue(frame);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            FrameChain? found = null;
            if (!SymbolEqualityComparer.Default.Equals(current, frame) && answers.TryGetValue(current, out var answer))
            {
                if (answer.Chain is null)
                    continue;
                found = new FrameChain(PathTo(current, reachedFrom).AddRange(answer.Chain.Through), answer.Chain.Leaf);
            }
            else
            {
                var facts = FactsOf(current, cancellationToken);
                if (leafOf(facts) is { } leaf)
                {
                    found = new FrameChain(PathTo(current, reachedFrom), leaf);
                }
                else
                {
                    foreach (var callee in facts.Entered)
                    {
                        if (!reachedFrom.ContainsKey(callee))
                        {
                            reachedFrom[callee] = current;
                            queue.Enqueue(callee);
                        }
                    }
                }
            }
            if (found is not null)
                return answers.GetOrAdd(frame, new Answer(found)).Chain;
        }
        // Nothing reachable from the frame has the leaf, so nothing reachable from any frame on the way has it either.
        foreach (var reached in reachedFrom.Keys)
            answers.TryAdd(reached, Answer.None);
        return null;
    }

    /// <summary>The frames from (not including) the start of the walk to <paramref name="frame"/> (included).</summary>
    private static ImmutableArray<IMethodSymbol> PathTo(IMethodSymbol frame, Dictionary<IMethodSymbol, IMethodSymbol?> reachedFrom)
    {
        var path = new List<IMethodSymbol>();
        for (var current = frame; reachedFrom[current] is { } previous; current = previous)
            path.Add(current);
        path.Reverse();
        return [.. path];
    }

    private Facts FactsOf(IMethodSymbol frame, CancellationToken cancellationToken)
    {
        if (_facts.TryGetValue(frame, out var facts))
            return facts;
        FrameStep? blocks = null, suspends = null;
        var entered = new List<IMethodSymbol>();
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var reference in frame.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax(cancellationToken);
            SyntaxNode? body = node switch
            {
                BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
                AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
                ArrowExpressionClauseSyntax arrow => arrow,
                LocalFunctionStatementSyntax localFunction => (SyntaxNode?)localFunction.Body ?? localFunction.ExpressionBody,
                _ => null,
            };
            if (body is null)
                continue;
            var semanticModel = _models.GetOrAdd(node.SyntaxTree, tree => _compilation.GetSemanticModel(tree));
            if (semanticModel.GetOperation(body, cancellationToken) is not { } operation)
                continue;
            foreach (var step in Walk(operation, semanticModel, inGreenletBody: false, cancellationToken))
            {
                switch (step.Kind)
                {
                    case FrameStepKind.Blocks:
                        blocks ??= step;
                        break;
                    case FrameStepKind.Suspends:
                        suspends ??= step;
                        break;
                    case FrameStepKind.Enters when seen.Add(step.Target):
                        entered.Add(step.Target);
                        break;
                }
            }
        }
        return _facts.GetOrAdd(frame, new Facts(blocks, suspends, [.. entered]));
    }

    /// <summary>What one frame's own body does.</summary>
    private sealed class Facts(FrameStep? blocks, FrameStep? suspends, ImmutableArray<IMethodSymbol> entered)
    {
        public FrameStep? Blocks { get; } = blocks;

        public FrameStep? Suspends { get; } = suspends;

        public ImmutableArray<IMethodSymbol> Entered { get; } = entered;
    }

    private sealed class Answer(FrameChain? chain)
    {
        public static readonly Answer None = new(null);

        public FrameChain? Chain { get; } = chain;
    }
}

/// <summary>What a step of a body does to the greenlet running it.</summary>
internal enum FrameStepKind
{
    /// <summary>Blocks the thread (inside a <c>[Greenlet]</c> body it would be a suspension point, or a known blocking call).</summary>
    Blocks,

    /// <summary>Suspends the greenlet: calls a <c>[Greenlet]</c> method, a GreenRuntime wait, loops over a green sequence.</summary>
    Suspends,

    /// <summary>Enters an ordinary frame of this compilation: calls a helper, reads a property, applies an operator, ...</summary>
    Enters,
}

/// <summary>One step of a body, as <see cref="OrdinaryFrames.Walk"/> found it. Holds symbols: use it inside one analyzer callback.</summary>
internal sealed class FrameStep(FrameStepKind kind, SyntaxNode syntax, IMethodSymbol target, SuspensionPoint? point, InvocationExpressionSyntax? runner)
{
    public FrameStepKind Kind { get; } = kind;

    /// <summary>Where the step is written: the call, the property access, the operator, the <c>foreach</c>.</summary>
    public SyntaxNode Syntax { get; } = syntax;

    /// <summary>The method called, or the frame entered (an accessor, an operator, ...).</summary>
    public IMethodSymbol Target { get; } = target;

    /// <summary>The suspension point the call would be inside a <c>[Greenlet]</c> body, if any.</summary>
    public SuspensionPoint? Point { get; } = point;

    /// <summary>The call that runs the lambda (or method group) this step stands in on this thread (<c>items.Select(...)</c>), if any.</summary>
    public InvocationExpressionSyntax? Runner { get; } = runner;
}

/// <summary>How an ordinary frame reaches a call: through <see cref="Through"/> (frames it enters, in order; empty when it makes the call itself), then <see cref="Leaf"/>.</summary>
internal sealed class FrameChain(ImmutableArray<IMethodSymbol> through, FrameStep leaf)
{
    public ImmutableArray<IMethodSymbol> Through { get; } = through;

    public FrameStep Leaf { get; } = leaf;
}
