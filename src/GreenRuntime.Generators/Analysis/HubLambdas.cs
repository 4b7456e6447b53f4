using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Lambdas handed to .NET code that runs them synchronously, on the caller's thread: LINQ to objects
/// (<c>Enumerable.Select</c>, <c>Where</c>, ... run them as the sequence is enumerated), <c>List&lt;T&gt;.ForEach</c>,
/// <c>Array.Find</c>, <c>ConcurrentDictionary.GetOrAdd</c>. Inside a <c>[Greenlet]</c> body such a lambda runs on the
/// hub, as an ordinary frame: what blocks in it blocks every greenlet, and a greenlet cannot suspend through it.
/// </summary>
internal static class HubLambdas
{
    // (namespace, type, method); "*" for every method of the type.
    private static readonly (string Namespace, string Type, string Method)[] s_runners =
    [
        ("System.Linq", "Enumerable", "*"),
        ("System.Collections.Generic", "List", "ForEach"),
        ("System.Collections.Generic", "List", "Find"),
        ("System.Collections.Generic", "List", "FindAll"),
        ("System.Collections.Generic", "List", "FindIndex"),
        ("System.Collections.Generic", "List", "FindLast"),
        ("System.Collections.Generic", "List", "FindLastIndex"),
        ("System.Collections.Generic", "List", "Exists"),
        ("System.Collections.Generic", "List", "TrueForAll"),
        ("System.Collections.Generic", "List", "RemoveAll"),
        ("System.Collections.Generic", "List", "ConvertAll"),
        ("System.Collections.Generic", "List", "Sort"),
        ("System", "Array", "ForEach"),
        ("System", "Array", "Find"),
        ("System", "Array", "FindAll"),
        ("System", "Array", "FindIndex"),
        ("System", "Array", "FindLast"),
        ("System", "Array", "Exists"),
        ("System", "Array", "TrueForAll"),
        ("System", "Array", "ConvertAll"),
        ("System", "Array", "Sort"),
        ("System.Collections.Concurrent", "ConcurrentDictionary", "GetOrAdd"),
        ("System.Collections.Concurrent", "ConcurrentDictionary", "AddOrUpdate"),
    ];

    /// <summary>Whether <paramref name="method"/> runs the functions passed to it synchronously, on the caller's thread.</summary>
    public static bool IsRunner(IMethodSymbol method)
    {
        var definition = GreenletSymbols.Definition(method);
        var type = definition.ContainingType;
        if (type is null)
            return false;
        foreach (var (ns, typeName, name) in s_runners)
        {
            if ((name == "*" || name == definition.Name) && GreenletSymbols.IsNamed(type.OriginalDefinition, typeName, ns.Split('.')))
                return true;
        }
        return false;
    }

    /// <summary>
    /// The call that runs <paramref name="function"/> on the caller's thread, when it is passed straight to one
    /// (<c>items.Select(x =&gt; ...)</c>); otherwise <see langword="null"/>.
    /// </summary>
    public static InvocationExpressionSyntax? FindRunner(AnonymousFunctionExpressionSyntax function, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        function.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
        && semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol target
        && IsRunner(target)
            ? invocation
            : null;
}
