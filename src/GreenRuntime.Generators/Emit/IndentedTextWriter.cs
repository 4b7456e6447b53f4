using System;
using System.Text;

namespace GreenRuntime.Generators.Emit;

/// <summary>
/// A small writer for generated C#: tracks the indentation of the line being written, and can
/// write lines verbatim (user code under <c>#line</c>, where columns should match the user's file).
/// </summary>
internal sealed class IndentedTextWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder _builder = new();
    private int _depth;
    private bool _atLineStart = true;

    /// <summary>Opens one level of indentation for the lines that follow.</summary>
    public void Indent() => _depth++;

    /// <summary>Closes one level of indentation.</summary>
    public void Unindent()
    {
        if (_depth == 0)
            throw new InvalidOperationException("Unbalanced indentation.");
        _depth--;
    }

    /// <summary>Writes <paramref name="text"/> (no line breaks), indenting if it starts a line.</summary>
    public IndentedTextWriter Write(string text)
    {
        if (text.Length == 0)
            return this;
        if (_atLineStart)
        {
            for (int i = 0; i < _depth; i++)
                _builder.Append(IndentUnit);
            _atLineStart = false;
        }
        _builder.Append(text);
        return this;
    }

    /// <summary>Writes <paramref name="text"/> and ends the line.</summary>
    public IndentedTextWriter WriteLine(string text = "")
    {
        Write(text);
        return EndLine();
    }

    /// <summary>Writes <c>{</c> on its own line and indents.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        Indent();
    }

    /// <summary>Unindents and writes <c>}</c> on its own line.</summary>
    public void CloseBlock()
    {
        Unindent();
        WriteLine("}");
    }

    /// <summary>Writes a preprocessor directive at column 0, on its own line.</summary>
    public void WriteDirective(string directive)
    {
        if (!_atLineStart)
            EndLine();
        _builder.Append(directive).Append('\n');
    }

    /// <summary>
    /// Writes <paramref name="text"/> exactly as given (no indentation, no line-break normalisation:
    /// a verbatim string literal in user code must keep its bytes), ending with a line break.
    /// </summary>
    public void WriteVerbatim(string text)
    {
        if (!_atLineStart)
            EndLine();
        _builder.Append(text);
        if (text.Length == 0 || text[text.Length - 1] is not ('\n' or '\r'))
            _builder.Append('\n');
        _atLineStart = true;
    }

    /// <inheritdoc />
    public override string ToString() => _builder.ToString();

    private IndentedTextWriter EndLine()
    {
        _builder.Append('\n');
        _atLineStart = true;
        return this;
    }
}
