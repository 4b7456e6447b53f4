using System.Threading;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Lambdas handed to code that runs them on another thread: <c>Green.Offload</c>, <c>Task.Run</c>,
/// <c>Task.Factory.StartNew</c>, <c>new Thread</c>, <c>ThreadPool.QueueUserWorkItem</c>, <c>Parallel.*</c>, and the
/// <c>Submit</c>/<c>Map</c> of a <c>ThreadPoolExecutor</c> or <c>ProcessPoolExecutor</c> (not of a <c>GreenletExecutor</c>,
/// whose workers are greenlets: told by the receiver's static type). Their bodies
/// are ordinary code on a thread of their own, where blocking is the point (DESIGN §2): what they call is no
/// suspension point of the greenlet around them. The twin generator leaves such lambdas as they are (they are not
/// green lambdas); this tells the analyzer not to report them. <c>Green.Blocking(() =&gt; call)</c> is the same promise
/// made on this thread: the per-call opt-out from the patches runs its lambda as written, unrewritten and unreported.
/// </summary>
internal static class OtherThreadLambdas
{
    // (namespace, type, method); ".ctor" for a constructor.
    private static readonly (string Namespace, string Type, string Method)[] s_runners =
    [
        ("System.Threading.Tasks", "Task", "Run"),
        ("System.Threading.Tasks", "Task", ".ctor"),
        ("System.Threading.Tasks", "TaskFactory", "StartNew"),
        ("System.Threading", "Thread", ".ctor"),
        ("System.Threading", "ThreadPool", "QueueUserWorkItem"),
        ("System.Threading", "ThreadPool", "UnsafeQueueUserWorkItem"),
        ("System.Threading", "ThreadPool", "RegisterWaitForSingleObject"),
        ("System.Threading", "Timer", ".ctor"),
        ("System.Threading.Tasks", "Parallel", "For"),
        ("System.Threading.Tasks", "Parallel", "ForEach"),
        ("System.Threading.Tasks", "Parallel", "Invoke"),
        ("GreenRuntime", "Green", "Offload"),
        // Not another thread, but the same promise: the per-call opt-out runs its lambda as written.
        ("GreenRuntime", "Green", "Blocking"),
    ];

    // Executors whose workers are threads (or processes); Submit and Map are declared once, on Executor.
    private static readonly string[] s_threadExecutors = ["ThreadPoolExecutor", "ProcessPoolExecutor"];

    /// <summary>
    /// Whether <paramref name="function"/> is an argument (passed straight, as <see cref="SuspensionBarriers.IsGreenLambda"/>
    /// requires of green lambdas) of a call or constructor that runs it on another thread.
    /// </summary>
    public static bool IsRunOnAnotherThread(AnonymousFunctionExpressionSyntax function, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (function.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ExpressionSyntax call } }
            || call is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax)
            || semanticModel.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol target)
        {
            return false;
        }
        var definition = GreenletSymbols.Definition(target);
        var type = definition.ContainingType;
        string name = definition.MethodKind == MethodKind.Constructor ? ".ctor" : definition.Name;
        foreach (var (ns, typeName, method) in s_runners)
        {
            if (method == name && GreenletSymbols.IsNamed(type, typeName, ns.Split('.')))
                return ns != "GreenRuntime" || GreenletSymbols.IsGreenRuntimeAssembly(type);
        }
        return IsThreadExecutorWork(call, definition, semanticModel, cancellationToken);
    }

    /// <summary><c>pool.Submit(() =&gt; ...)</c> or <c>pool.Map(x =&gt; ..., items)</c> on a receiver typed as a thread or process pool.</summary>
    private static bool IsThreadExecutorWork(ExpressionSyntax call, IMethodSymbol definition, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (definition.Name is not ("Submit" or "Map")
            || !GreenletSymbols.IsGreenRuntimeAssembly(definition.ContainingType)
            || call is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            || semanticModel.GetTypeInfo(access.Expression, cancellationToken).Type is not INamedTypeSymbol receiver)
        {
            return false;
        }
        foreach (string executor in s_threadExecutors)
        {
            if (GreenletSymbols.IsNamed(receiver, executor, "GreenRuntime", "Futures"))
                return GreenletSymbols.IsGreenRuntimeAssembly(receiver);
        }
        return false;
    }
}
