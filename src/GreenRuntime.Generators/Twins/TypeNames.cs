using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GreenRuntime.Generators.Twins;

/// <summary>
/// Writes types, constraints and constants of a twin's signature as fully qualified C#; the interceptors write
/// theirs with the same helpers.
/// </summary>
internal static class TypeNames
{
    /// <summary>The marker struct that selects a twin overload, fully qualified.</summary>
    public const string GreenSuspend = "global::GreenRuntime.CompilerServices.GreenSuspend";

    /// <summary>The marker argument that selects a twin overload.</summary>
    public const string Marker = "default(" + GreenSuspend + ")";

    private static readonly SymbolDisplayFormat s_format = SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(
        SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><paramref name="type"/> as <c>global::</c>-qualified C#, with its nullable annotations.</summary>
    public static string Format(ITypeSymbol type) => type.ToDisplayString(s_format);

    /// <summary>Prefixes <c>@</c> to names that are C# keywords.</summary>
    public static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>
    /// <c>&lt;T, U&gt;</c>: the names of <paramref name="parameters"/>, to declare them or pass them on as type
    /// arguments; an empty string if there are none.
    /// </summary>
    public static string FormatTypeParameterList(IReadOnlyCollection<ITypeParameterSymbol> parameters) =>
        parameters.Count == 0 ? string.Empty : "<" + string.Join(", ", parameters.Select(p => EscapeIdentifier(p.Name))) + ">";

    /// <summary>The <c>where</c> clause of <paramref name="parameter"/>, or an empty string if it has no constraints.</summary>
    public static string FormatConstraints(ITypeParameterSymbol parameter)
    {
        var constraints = new List<string>();
        if (parameter.HasReferenceTypeConstraint)
            constraints.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
        else if (parameter.HasUnmanagedTypeConstraint)
            constraints.Add("unmanaged");
        else if (parameter.HasValueTypeConstraint)
            constraints.Add("struct");
        else if (parameter.HasNotNullConstraint)
            constraints.Add("notnull");
        foreach (var type in parameter.ConstraintTypes)
            constraints.Add(Format(type));
        if (parameter.HasConstructorConstraint)
            constraints.Add("new()");
        if (parameter.AllowsRefLikeType)
            constraints.Add("allows ref struct");
        return constraints.Count == 0
            ? string.Empty
            : $"where {EscapeIdentifier(parameter.Name)} : {string.Join(", ", constraints)}";
    }

    /// <summary>
    /// Whether every type that makes up <paramref name="type"/> (containing types, type arguments, element types)
    /// can appear in the signature of a member with <paramref name="accessibility"/>.
    /// </summary>
    public static bool IsVisibleAs(ITypeSymbol type, Accessibility accessibility)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return IsVisibleAs(array.ElementType, accessibility);
            case IPointerTypeSymbol pointer:
                return IsVisibleAs(pointer.PointedAtType, accessibility);
            case ITypeParameterSymbol:
                return true;
            case INamedTypeSymbol named:
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    if (!Covers(current.DeclaredAccessibility, accessibility))
                        return false;
                }
                foreach (var argument in named.TypeArguments)
                {
                    if (!IsVisibleAs(argument, accessibility))
                        return false;
                }
                return true;
            default:
                return true;
        }
    }

    private static bool Covers(Accessibility declared, Accessibility wanted) => declared switch
    {
        Accessibility.Public => true,
        Accessibility.ProtectedOrInternal => wanted is not Accessibility.Public,
        Accessibility.Internal => wanted is Accessibility.Internal or Accessibility.ProtectedAndInternal or Accessibility.Private,
        Accessibility.Protected => wanted is Accessibility.Protected or Accessibility.ProtectedAndInternal or Accessibility.Private,
        _ => wanted is Accessibility.Private || declared == wanted,
    };

    /// <summary>A default parameter value as a C# constant expression that needs no using directives.</summary>
    public static string FormatDefaultValue(ITypeSymbol type, object? value)
    {
        if (value is null)
            return "default";
        var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type;
        string literal = value switch
        {
            bool b => b ? "true" : "false",
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            float f => FormatFloating(f, "global::System.Single", f.ToString("R", CultureInfo.InvariantCulture) + "F"),
            double d => FormatFloating(d, "global::System.Double", d.ToString("R", CultureInfo.InvariantCulture) + "D"),
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
            uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
            IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "default",
        };
        // Enums, and small integer types given an int literal, need a cast to the parameter's own type.
        bool needsCast = underlying.TypeKind == TypeKind.Enum
            || value is byte or sbyte or short or ushort
            || (value is int && underlying.SpecialType is not SpecialType.System_Int32);
        return needsCast ? $"({Format(underlying)})({literal})" : literal;
    }

    private static string FormatFloating(double value, string typeName, string literal)
    {
        if (double.IsNaN(value))
            return typeName + ".NaN";
        if (double.IsPositiveInfinity(value))
            return typeName + ".PositiveInfinity";
        if (double.IsNegativeInfinity(value))
            return typeName + ".NegativeInfinity";
        return literal;
    }

    /// <summary>
    /// The caller-info attribute (<c>[CallerMemberName]</c>, ...) as fully qualified C#, or null for any other
    /// attribute: those change what callers of the twin receive, the others are the original's business.
    /// </summary>
    public static string? FormatCallerInfoAttribute(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        if (type?.ContainingNamespace?.ToDisplayString() != "System.Runtime.CompilerServices")
            return null;
        switch (type.Name)
        {
            case "CallerMemberNameAttribute":
            case "CallerFilePathAttribute":
            case "CallerLineNumberAttribute":
                return "global::System.Runtime.CompilerServices." + type.Name.Substring(0, type.Name.Length - "Attribute".Length);
            case "CallerArgumentExpressionAttribute" when attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string parameterName:
                return $"global::System.Runtime.CompilerServices.CallerArgumentExpression({SymbolDisplay.FormatLiteral(parameterName, quote: true)})";
            default:
                return null;
        }
    }
}
