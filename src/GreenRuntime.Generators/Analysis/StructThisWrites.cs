using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GreenRuntime.Generators.Analysis;

/// <summary>
/// Whether an instance method of a mutable struct writes <c>this</c>. Its twin, like any <c>async</c> method of a struct,
/// works on a copy of <c>this</c>; for a method that never writes it, the copy is observably the same (the method
/// reads the struct as a <c>readonly</c> member would), so such a method gets a twin. One that writes gets GRN0022.
/// </summary>
internal static class StructThisWrites
{
    /// <summary>
    /// The first operation in the body of the struct instance method <paramref name="method"/> (this compilation's)
    /// that may write <c>this</c> — an assignment, increment or <c>ref</c>/<c>out</c> use of the struct or a field of
    /// it, or a call of a non-readonly member on it — or null when there is none.
    /// </summary>
    public static IOperation? FindWrite(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        if (GreenletSymbols.GetBodyDeclaration(method, cancellationToken) is not { } declaration
            || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
        {
            return null;
        }
        var semanticModel = compilation.GetSemanticModel(declaration.SyntaxTree);
        SyntaxNode body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!;
        if (semanticModel.GetOperation(body, cancellationToken) is not { } operation)
            return null;
        foreach (var node in operation.DescendantsAndSelf())
        {
            if (Writes(node))
                return node;
        }
        return null;
    }

    private static bool Writes(IOperation operation) => operation switch
    {
        ISimpleAssignmentOperation assignment => IsThisOrPartOfIt(assignment.Target),
        ICompoundAssignmentOperation assignment => IsThisOrPartOfIt(assignment.Target),
        ICoalesceAssignmentOperation assignment => IsThisOrPartOfIt(assignment.Target),
        IIncrementOrDecrementOperation increment => IsThisOrPartOfIt(increment.Target),
        IDeconstructionAssignmentOperation deconstruction => ContainsPartOfThis(deconstruction.Target),
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => IsThisOrPartOfIt(argument.Value),
        IAddressOfOperation address => IsThisOrPartOfIt(address.Reference),
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.RefKind: RefKind.Ref } } initializer =>
            IsThisOrPartOfIt(initializer.Value),
        IEventAssignmentOperation { EventReference: IEventReferenceOperation reference } => IsThisOrPartOfIt(reference.Instance),
        // A member that is not readonly may write the struct it is called on.
        IInvocationOperation { TargetMethod.IsReadOnly: false, TargetMethod.IsStatic: false, Instance: { } instance } =>
            instance.Type is { IsValueType: true } && IsThisOrPartOfIt(instance),
        IPropertyReferenceOperation { Property.GetMethod.IsReadOnly: false, Instance: { } instance } property =>
            !IsAssignmentTarget(property) && instance.Type is { IsValueType: true } && IsThisOrPartOfIt(instance),
        _ => false,
    };

    /// <summary>Whether <paramref name="operation"/> is <c>this</c>, or a field or property of it reached through value types only.</summary>
    private static bool IsThisOrPartOfIt(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                    return true;
                case IFieldReferenceOperation { Instance: { Type.IsValueType: true } instance }:
                    operation = instance;
                    break;
                case IPropertyReferenceOperation { Instance: { Type.IsValueType: true } instance }:
                    operation = instance;
                    break;
                case IArrayElementReferenceOperation:
                default:
                    return false;
            }
        }
    }

    private static bool ContainsPartOfThis(IOperation target)
    {
        foreach (var node in target.DescendantsAndSelf())
        {
            if (node is not ITupleOperation && node is not IDeclarationExpressionOperation && IsThisOrPartOfIt(node))
                return true;
        }
        return false;
    }

    private static bool IsAssignmentTarget(IOperation operation) =>
        operation.Parent is IAssignmentOperation assignment && assignment.Target == operation;
}
