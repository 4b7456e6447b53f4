using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Xml;
using System.Xml.Linq;
using GreenRuntime.Generators.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GreenRuntime.Templates;

/// <summary>Reads an <c>[OverloadFamily]</c> start method into a <see cref="FamilyModel"/>.</summary>
internal static class FamilyModelBuilder
{
    private const string Shape =
        "TGreenlet M<TGreenlet>(leading parameters..., TGreenlet greenlet) where TGreenlet : global::GreenRuntime.Greenlet";

    private const string FutureShape =
        "TCall M<TCall>(leading parameters..., TCall call) where TCall : global::GreenRuntime.Futures.FutureCall";

    private const string GreenletType = "GreenRuntime.Greenlet";

    private const string FutureCallType = "GreenRuntime.Futures.FutureCall";

    private static readonly SymbolDisplayFormat TypeFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static FamilyModel Build(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)context.TargetSymbol;
        var attribute = context.Attributes[0];
        string name = attribute.ConstructorArguments.FirstOrDefault().Value as string ?? "";
        string twinSummary = attribute.NamedArguments.FirstOrDefault(a => a.Key == "TwinSummary").Value.Value as string
            ?? OverloadFamilyAttributeSource.DefaultTwinSummary;
        string? twinStart = attribute.NamedArguments.FirstOrDefault(a => a.Key == "TwinStart").Value.Value as string;
        bool twins = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Twins").Value.Value as bool? ?? false;

        var containingTypes = new List<INamedTypeSymbol>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            containingTypes.Insert(0, type);
        string? ns = method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString();
        var docs = Docs(method.GetDocumentationCommentXml(cancellationToken: cancellationToken));
        var leading = method.Parameters.Take(Math.Max(0, method.Parameters.Length - 1))
            .Select(p => new FamilyParameter(p.Type.ToDisplayString(TypeFormat), p.Name, Doc(docs, "param", p.Name) ?? ""))
            .ToEquatableArray();

        var kind = KindOf(method);
        string? error = ShapeError(method, name, kind)
            ?? (kind == FamilyKind.Future && twinStart is not null ? $"[OverloadFamily] on {method.Name} makes futures: it has no twin overloads, so no TwinStart." : null)
            ?? (kind == FamilyKind.Greenlet && twins ? $"[OverloadFamily] on {method.Name} spawns greenlets, which always have twin overloads: Twins is for families of futures." : null)
            ?? TwinStartError(method, twinStart)
            ?? DocsError(docs, leading);
        var exceptions = (docs?.Elements("exception") ?? [])
            .Select(e => string.Join(" ", e.ToString(SaveOptions.DisableFormatting).Split('\n').Select(line => line.Trim())))
            .ToEquatableArray();
        var familyDocs = new FamilyDocs(Doc(docs, "summary") ?? "", Doc(docs, "returns") ?? "", Doc(docs, "remarks"), twinSummary, exceptions);
        return new FamilyModel(
            $"{string.Join(".", containingTypes.Select(t => t.MetadataName))}.{name}.g.cs",
            ns,
            containingTypes.Select(Declaration).ToEquatableArray(),
            name,
            kind,
            method.IsStatic,
            method.Name,
            twinStart,
            leading,
            familyDocs,
            error,
            twins,
            HidesInherited(method.ContainingType, name));
    }

    /// <summary>
    /// Whether a base type of <paramref name="type"/> has methods named <paramref name="name"/>, which the overloads hide:
    /// declared, or written by this generator (a family of that name on the base, whose output this compilation lacks).
    /// </summary>
    private static bool HidesInherited(INamedTypeSymbol type, string name)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IMethodSymbol method)
                    continue;
                if (method.Name == name)
                    return true;
                if (method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == OverloadFamilyAttributeSource.MetadataName
                    && a.ConstructorArguments.FirstOrDefault().Value as string == name))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>A start method whose type parameter is constrained to <c>FutureCall</c> makes futures; any other, greenlets.</summary>
    private static FamilyKind KindOf(IMethodSymbol method) =>
        method.TypeParameters.Length == 1 && method.TypeParameters[0].ConstraintTypes.Any(t => t.ToDisplayString() == FutureCallType)
            ? FamilyKind.Future
            : FamilyKind.Greenlet;

    private static string? ShapeError(IMethodSymbol method, string name, FamilyKind kind)
    {
        if (!SyntaxFacts.IsValidIdentifier(name))
            return $"[OverloadFamily] on {method.Name} needs the overloads' name (\"Spawn\"), not \"{name}\".";
        string constraint = kind == FamilyKind.Future ? FutureCallType : GreenletType;
        bool shaped = method.TypeParameters.Length == 1
            && method.TypeParameters[0] is var made
            && made.ConstraintTypes.Any(t => t.ToDisplayString() == constraint)
            && method.Parameters.Length >= 1
            && SymbolEqualityComparer.Default.Equals(method.Parameters[method.Parameters.Length - 1].Type, made)
            && SymbolEqualityComparer.Default.Equals(method.ReturnType, made);
        if (shaped)
            return null;
        return kind == FamilyKind.Future
            ? $"[OverloadFamily] start method {method.Name} must be shaped {FutureShape}: every overload hands it its new call."
            : $"[OverloadFamily] start method {method.Name} must be shaped {Shape} (or, for futures, {FutureShape}): every overload hands it its new, unstarted greenlet.";
    }

    /// <summary>A <c>TwinStart</c> method must take what the marked one takes and return <c>GreenTask&lt;TGreenlet&gt;</c>.</summary>
    private static string? TwinStartError(IMethodSymbol method, string? twinStart)
    {
        if (twinStart is null)
            return null;
        foreach (var candidate in method.ContainingType.GetMembers(twinStart).OfType<IMethodSymbol>())
        {
            bool shaped = candidate.IsStatic == method.IsStatic
                && candidate.TypeParameters.Length == 1
                && candidate.Parameters.Length == method.Parameters.Length
                && candidate.Parameters.Length >= 1
                && SymbolEqualityComparer.Default.Equals(candidate.Parameters[candidate.Parameters.Length - 1].Type, candidate.TypeParameters[0])
                && candidate.ReturnType is INamedTypeSymbol { Name: "GreenTask", TypeArguments.Length: 1 } result
                && result.ContainingNamespace.ToDisplayString() == "GreenRuntime.CompilerServices"
                && SymbolEqualityComparer.Default.Equals(result.TypeArguments[0], candidate.TypeParameters[0]);
            if (shaped)
                return null;
        }
        return $"[OverloadFamily] TwinStart method {twinStart} must be shaped {TwinStartShape}, with the start method's leading parameters.";
    }

    private const string TwinStartShape =
        "global::GreenRuntime.CompilerServices.GreenTask<TGreenlet> M<TGreenlet>(leading parameters..., TGreenlet greenlet) where TGreenlet : global::GreenRuntime.Greenlet";

    private static string? DocsError(XElement? docs, EquatableArray<FamilyParameter> leading)
    {
        var missing = new[] { "summary", "returns" }.Where(tag => Doc(docs, tag) is null)
            .Concat(leading.Where(p => Doc(docs, "param", p.Name) is null).Select(p => $"param {p.Name}"))
            .ToArray();
        return missing.Length == 0 ? null : $"[OverloadFamily] start method needs the docs its overloads take: {string.Join(", ", missing)}.";
    }

    /// <summary><c>partial class Name&lt;T&gt;</c>: enough for another part of the type.</summary>
    private static string Declaration(INamedTypeSymbol type)
    {
        string kind = type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };
        string typeParameters = type.TypeParameters.Length == 0 ? "" : $"<{string.Join(", ", type.TypeParameters.Select(t => t.Name))}>";
        return $"partial {kind} {type.Name}{typeParameters}";
    }

    private static XElement? Docs(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml))
            return null;
        try
        {
            return XElement.Parse(xml, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>The inner XML of the first <paramref name="tag"/> (with that <c>name</c>), trimmed, or null.</summary>
    private static string? Doc(XElement? docs, string tag, string? name = null)
    {
        var element = docs?.Elements(tag).FirstOrDefault(e => name is null || (string?)e.Attribute("name") == name);
        if (element is null)
            return null;
        string inner = string.Concat(element.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting))).Trim();
        return inner.Length == 0 ? null : inner;
    }
}
