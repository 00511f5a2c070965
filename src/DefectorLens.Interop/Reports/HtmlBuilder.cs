using System.Globalization;
using System.Net;

namespace DefectorLens.Interop.Reports;

/// <summary>Writes HTML and inline SVG to a text writer, encoding every piece of data.</summary>
/// <remarks>
/// Tag and attribute names are constants of this assembly; data only ever reaches text and attribute values,
/// and both are encoded. Elements are closed in order and empty ones self-close, so that the output is
/// well-formed XML as well as HTML5 and the chart and tables can be checked with an XML parser.
/// Lines end in <c>\n</c> whatever the platform, so that the same model gives the same bytes everywhere.
/// </remarks>
internal sealed class HtmlBuilder
{
    private readonly TextWriter _writer;
    private readonly Stack<string> _open = new();

    /// <summary>Makes a builder that writes to <paramref name="writer"/>.</summary>
    public HtmlBuilder(TextWriter writer) => _writer = writer;

    /// <summary>Writes trusted markup as it is; never pass data here.</summary>
    public HtmlBuilder Markup(string markup)
    {
        _writer.Write(markup);
        return this;
    }

    /// <summary>Writes data as encoded text.</summary>
    public HtmlBuilder Text(string? text)
    {
        _writer.Write(Encode(text));
        return this;
    }

    /// <summary>Ends the line.</summary>
    public HtmlBuilder Line()
    {
        _writer.Write('\n');
        return this;
    }

    /// <summary>Opens an element; attributes with a null value are left out.</summary>
    public HtmlBuilder Open(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        StartTag(tag, attributes);
        _writer.Write('>');
        _open.Push(tag);
        return this;
    }

    /// <summary>Closes the innermost open element, which must be <paramref name="tag"/>.</summary>
    public HtmlBuilder Close(string tag)
    {
        if (!_open.TryPop(out var open) || !string.Equals(open, tag, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Closing <{tag}> but the innermost open element is <{open}>.");
        }

        _writer.Write("</");
        _writer.Write(tag);
        _writer.Write('>');
        return this;
    }

    /// <summary>Writes an element holding encoded text.</summary>
    public HtmlBuilder Element(string tag, string? text, params ReadOnlySpan<(string Name, string? Value)> attributes) =>
        Open(tag, attributes).Text(text).Close(tag);

    /// <summary>Writes an element with no content, self-closed.</summary>
    /// <remarks>Only for HTML void elements (<c>meta</c>) and SVG elements: HTML ignores the slash on any other element.</remarks>
    public HtmlBuilder Empty(string tag, params ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        StartTag(tag, attributes);
        _writer.Write(" />");
        return this;
    }

    /// <summary>Fails when an element was left open.</summary>
    public void Finish()
    {
        if (_open.TryPeek(out var open))
        {
            throw new InvalidOperationException($"<{open}> was never closed.");
        }
    }

    /// <summary>A coordinate or length for SVG, with at most two decimals.</summary>
    public static string Number(double value)
    {
        var rounded = Math.Round(value, 2);

        // Negative zero would print as "-0".
        return (rounded == 0 ? 0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
    }

    private static string Encode(string? text) => WebUtility.HtmlEncode(ReportFormat.Clean(text));

    private void StartTag(string tag, ReadOnlySpan<(string Name, string? Value)> attributes)
    {
        _writer.Write('<');
        _writer.Write(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is not null)
            {
                _writer.Write(' ');
                _writer.Write(name);
                _writer.Write("=\"");
                _writer.Write(Encode(value));
                _writer.Write('"');
            }
        }
    }
}
