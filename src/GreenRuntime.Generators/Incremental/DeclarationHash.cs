using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using GreenRuntime.Generators.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GreenRuntime.Generators.Incremental;

/// <summary>
/// A hash of what one file declares: its tokens without the bodies whose edits cannot change how any other code of
/// the compilation binds (method, accessor, operator and constructor bodies). Two versions of a file with the same
/// hash differ only inside such bodies.
/// </summary>
/// <remarks>
/// What a body tells other code is kept: that it is an iterator (a callee with a <c>yield</c> has no twin), every
/// directive in it (<c>#nullable</c>, <c>#define</c>, <c>#line</c> reach past the body), and — kept whole — the bodies of
/// struct members (a twin of a struct method depends on whether it writes <c>this</c>), of partial methods (the
/// attribute and the body may be in different files) and top-level statements.
/// </remarks>
internal static class DeclarationHash
{
    // An unchanged tree is the same object in the next compilation: each file is hashed once.
    private static readonly ConditionalWeakTable<SyntaxTree, byte[]> s_hashes = new();

    /// <summary>The hash of <paramref name="tree"/>'s declarations (32 bytes).</summary>
    public static byte[] Of(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (s_hashes.TryGetValue(tree, out var known))
            return known;
        var text = new StringBuilder();
        Append(tree.GetRoot(cancellationToken), text, cancellationToken);
        byte[] hash;
        using (var sha = SHA256.Create())
            hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        return s_hashes.GetValue(tree, _ => hash);
    }

    private static void Append(SyntaxNode root, StringBuilder text, CancellationToken cancellationToken)
    {
        // An explicit stack: generated files can nest deeper than recursion should go.
        var pending = new Stack<SyntaxNodeOrToken>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = pending.Pop();
            if (current.AsToken() is { RawKind: not 0 } token)
            {
                AppendDirectives(token.LeadingTrivia, text);
                if (!EndsStrippedExpressionBody(token))
                    text.Append(token.Text).Append(' ');
                AppendDirectives(token.TrailingTrivia, text);
                continue;
            }
            var node = current.AsNode()!;
            if (IsPrivateBody(node))
            {
                AppendBody(node, text);
                continue;
            }
            var children = node.ChildNodesAndTokens();
            for (int i = children.Count - 1; i >= 0; i--)
                pending.Push(children[i]);
        }
    }

    /// <summary>Whether <paramref name="node"/> is a body that only its own member binds.</summary>
    private static bool IsPrivateBody(SyntaxNode node)
    {
        if (node is not (BlockSyntax or ArrowExpressionClauseSyntax))
            return false;
        var member = node.Parent is AccessorDeclarationSyntax accessor ? accessor.Parent?.Parent : node.Parent;
        if (member is not (BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax))
            return false;
        if (member is MethodDeclarationSyntax method && method.Modifiers.Any(SyntaxKind.PartialKeyword))
            return false;
        return member.Parent is not (StructDeclarationSyntax or RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: (int)SyntaxKind.StructKeyword });
    }

    /// <summary>
    /// Whether <paramref name="token"/> is the <c>;</c> after a stripped <c>=&gt;</c> body: a body written either way
    /// hashes the same (turning <c>=&gt; x;</c> into <c>{ ... }</c> is an edit inside the body).
    /// </summary>
    private static bool EndsStrippedExpressionBody(SyntaxToken token) =>
        token.IsKind(SyntaxKind.SemicolonToken)
        && token.Parent switch
        {
            BaseMethodDeclarationSyntax { ExpressionBody: { } body } => IsPrivateBody(body),
            AccessorDeclarationSyntax { ExpressionBody: { } body } => IsPrivateBody(body),
            PropertyDeclarationSyntax { ExpressionBody: { } body } => IsPrivateBody(body),
            IndexerDeclarationSyntax { ExpressionBody: { } body } => IsPrivateBody(body),
            _ => false,
        };

    private static void AppendBody(SyntaxNode body, StringBuilder text)
    {
        text.Append("body ");
        if (GreenletSymbols.FindOwnYield(body) is not null)
            text.Append("yield ");
        if (body.ContainsDirectives)
        {
            foreach (var directive in body.DescendantTrivia(descendIntoTrivia: false))
            {
                if (directive.IsDirective)
                    text.Append(directive.ToFullString());
            }
        }
    }

    private static void AppendDirectives(SyntaxTriviaList trivia, StringBuilder text)
    {
        foreach (var item in trivia)
        {
            if (item.IsDirective)
                text.Append(item.ToFullString());
        }
    }
}
