using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>How the analyzers name calls, methods and types in their messages, so every diagnostic says them alike.</summary>
internal static class DiagnosticText
{
    /// <summary>A call as the user reads it: <c>Thread.Sleep</c>, <c>Task.Wait</c>, <c>Worker.Step</c>.</summary>
    public static readonly SymbolDisplayFormat CallFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>A method with its containing type, as the compiler's own messages name it.</summary>
    public static readonly SymbolDisplayFormat NameFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat
        .WithMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType);

    /// <summary>How a suspension point is named in a message: <c>Thread.Sleep</c>, <c>Greenlet.Join</c>, <c>Worker.Step</c>.</summary>
    public static string CallName(SuspensionPoint point, ExpressionSyntax? call) =>
        point.Kind == SuspensionKind.DelayWait && call is InvocationExpressionSyntax invocation
            ? invocation.Expression.ToString() + "()"
            : point.LoopName ?? (point.Target.AssociatedSymbol is IPropertySymbol property
                ? property.OriginalDefinition.ToDisplayString(CallFormat)
                : GreenletSymbols.Definition(point.Target).ToDisplayString(CallFormat));

    /// <summary>A type as the compiler's messages name it; <c>?</c> when unknown.</summary>
    public static string Display(ITypeSymbol? type) =>
        type?.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) ?? "?";

    /// <summary>The keyword of a by-reference parameter.</summary>
    public static string RefKindText(RefKind refKind) => refKind switch
    {
        RefKind.Out => "out",
        RefKind.In => "in",
        RefKind.RefReadOnlyParameter => "ref readonly",
        _ => "ref",
    };

    /// <summary>The keywords of an accessibility that hides a type from a top-level one.</summary>
    public static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        _ => "not accessible",
    };
}
