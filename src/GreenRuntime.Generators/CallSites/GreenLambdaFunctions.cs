using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using GreenRuntime.Generators.Analysis;
using GreenRuntime.Generators.Emit;
using GreenRuntime.Generators.Twins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.CallSites;

/// <summary>
/// Writes the green function of a lambda that <see cref="GreenLambdas.Plan"/> made green: an <c>async</c> method over
/// <c>GreenTask</c> with the lambda's parameters, whose body is the lambda's body rewritten by the twins' own
/// <see cref="TwinBodyRewriter"/> under <c>#line</c> directives that map it to the lambda's lines. It is described as a
/// <see cref="TwinModel"/> and written by <see cref="TwinEmitter"/>, as twins are.
/// </summary>
internal static class GreenLambdaFunctions
{
    /// <summary>The class that hosts green functions in the lambda's namespace when its containing type cannot.</summary>
    public const string NamespaceHostClass = "__GreenLambdas";

    private const string GreenTaskType = "global::GreenRuntime.CompilerServices.GreenTask";

    /// <summary>
    /// The function's name: <c>__GreenLambda_Main_1a2b3c4d</c>, the member the lambda is written in and a hash of
    /// where (file and position), so two lambdas of one type never share a name.
    /// </summary>
    public static string FunctionName(GreenLambdaPlan plan)
    {
        ISymbol member = plan.Function;
        while (member.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } outer)
            member = outer;
        member = member.ContainingSymbol ?? member;
        string where = plan.Lambda.SyntaxTree.FilePath + "@" + plan.Lambda.SpanStart.ToString(CultureInfo.InvariantCulture);
        return "__GreenLambda_" + Sanitize(member.Name).Trim('_') + "_" + Fnv1a(where).ToString("x8", CultureInfo.InvariantCulture);
    }

    /// <summary>The fully qualified type that declares the function, as the interceptor names it.</summary>
    public static string HostType(GreenLambdaPlan plan)
    {
        if (plan.Host == GreenLambdaHost.ContainingType)
            return TypeNames.Format(plan.ContainingType);
        var ns = plan.ContainingType.ContainingNamespace;
        return ns is null or { IsGlobalNamespace: true }
            ? "global::" + NamespaceHostClass
            : "global::" + ns.ToDisplayString() + "." + NamespaceHostClass;
    }

    /// <summary>The model of the function's source file.</summary>
    public static TwinModel Build(GreenLambdaPlan plan, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var lambda = plan.Lambda;
        var compilationUnit = (CompilationUnitSyntax)lambda.SyntaxTree.GetRoot(cancellationToken);
        string name = FunctionName(plan);
        return new TwinModel(
            HintName: HintName(plan, name),
            FileExterns: compilationUnit.Externs.Select(e => e.ToString()).ToEquatableArray(),
            FileUsings: NonGlobalUsings(compilationUnit.Usings),
            Namespaces: lambda.Ancestors()
                .OfType<BaseNamespaceDeclarationSyntax>()
                .Reverse()
                .Select(ns => new NamespaceScope(ns.Name.ToString(), ns.Externs.Select(e => e.ToString()).ToEquatableArray(), NonGlobalUsings(ns.Usings)))
                .ToEquatableArray(),
            ContainingTypes: plan.Host == GreenLambdaHost.ContainingType
                ? ContainingTypes(plan.ContainingType)
                : new[] { $"internal static partial class {NamespaceHostClass}" }.ToEquatableArray(),
            Signature: new TwinSignature(
                Modifiers: plan.UsesThis ? "internal async" : "internal static async",
                ReturnType: plan.Function.ReturnsVoid ? GreenTaskType : $"{GreenTaskType}<{TypeNames.Format(plan.Function.ReturnType)}>",
                Name: name,
                TypeParameters: string.Empty,
                Parameters: string.Join(", ", plan.Function.Parameters.Select((p, i) => $"{TypeNames.Format(p.Type)} {ParameterName(p, i)}")),
                Constraints: EquatableArray<string>.Empty),
            Body: BuildBody(lambda, semanticModel, cancellationToken),
            CallBody: EquatableArray<string>.Empty,
            StubMessage: null,
            Forwarder: null);
    }

    /// <summary>
    /// A discard parameter (<c>(_, _) =&gt;</c>) gets a name of its own, since a method's parameters must differ, and
    /// so does a parameter of an anonymous method without parameter list (<c>delegate { }</c>), whose names are the compiler's (<c>&lt;p0&gt;</c>).
    /// </summary>
    private static string ParameterName(IParameterSymbol parameter, int index) =>
        parameter.IsDiscard || parameter.Name == "_" || !SyntaxFacts.IsValidIdentifier(parameter.Name)
            ? "__p" + index.ToString(CultureInfo.InvariantCulture)
            : TypeNames.EscapeIdentifier(parameter.Name);

    /// <summary>
    /// The rewritten body from its first token: a block as it is, an expression body from the lambda's <c>=&gt;</c> on,
    /// with a <c>;</c> after it. Its lines are the lambda's lines.
    /// </summary>
    private static TwinBody BuildBody(AnonymousFunctionExpressionSyntax lambda, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var body = lambda.Body;
        var rewriter = new TwinBodyRewriter(semanticModel, RefStructLiveness.Analyze(body, semanticModel, cancellationToken), cancellationToken, root: lambda);
        var rewritten = rewriter.Visit(body);
        string text;
        SyntaxToken first;
        if (body is BlockSyntax)
        {
            first = body.GetFirstToken();
            text = rewritten.WithoutLeadingTrivia().WithoutTrailingTrivia().ToFullString();
        }
        else
        {
            first = ((LambdaExpressionSyntax)lambda).ArrowToken;
            text = first.Text + first.TrailingTrivia.ToFullString() + rewritten.WithoutTrailingTrivia().ToFullString() + ";";
        }
        var start = lambda.SyntaxTree.GetLineSpan(first.Span, cancellationToken).StartLinePosition;
        return new TwinBody(lambda.SyntaxTree.FilePath, start.Line + 1, start.Character, text);
    }

    /// <summary>The partial declarations of <paramref name="type"/> and the types around it, outermost first.</summary>
    private static EquatableArray<string> ContainingTypes(INamedTypeSymbol type)
    {
        var declarations = new List<string>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var builder = new StringBuilder();
            // Other parts may omit these; a static, readonly or ref type must (or may) repeat them.
            if (current.IsStatic)
                builder.Append("static ");
            if (current.IsValueType && current.IsReadOnly)
                builder.Append("readonly ");
            if (current.IsRefLikeType)
                builder.Append("ref ");
            builder.Append("partial ");
            builder.Append(current.IsRecord
                ? current.IsValueType ? "record struct" : "record"
                : current.IsValueType ? "struct" : "class");
            builder.Append(' ').Append(TypeNames.EscapeIdentifier(current.Name));
            declarations.Add(builder.ToString());
        }
        declarations.Reverse();
        return declarations.ToEquatableArray();
    }

    private static EquatableArray<string> NonGlobalUsings(SyntaxList<UsingDirectiveSyntax> usings) =>
        usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None)).Select(u => u.ToString()).ToEquatableArray();

    private static string HintName(GreenLambdaPlan plan, string name)
    {
        var builder = new StringBuilder();
        if (plan.ContainingType.ContainingNamespace is { IsGlobalNamespace: false } ns)
            builder.Append(ns.ToDisplayString()).Append('.');
        builder.Append(plan.Host == GreenLambdaHost.ContainingType ? plan.ContainingType.Name : NamespaceHostClass);
        builder.Append('.').Append(name).Append(".g.cs");
        return Sanitize(builder.ToString());
    }

    private static string Sanitize(string text)
    {
        var builder = new StringBuilder(text);
        for (int i = 0; i < builder.Length; i++)
        {
            if (!(char.IsLetterOrDigit(builder[i]) || builder[i] is '_' or '.'))
                builder[i] = '_';
        }
        return builder.ToString();
    }

    /// <summary>FNV-1a: a hash that is the same in every process (string.GetHashCode is randomised).</summary>
    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return hash;
    }
}
