using System.Globalization;
using System.Text;
using DefectorLens.Core.Model;
using DefectorLens.Statistics;

namespace DefectorLens.Interop.Reports;

/// <summary>How every report writes numbers, dates and data text, so that all formats show the same figures.</summary>
internal static class ReportFormat
{
    /// <summary>What stands in for a figure that is missing or not a number.</summary>
    public const string Missing = "—";

    /// <summary>A count in invariant digits, without separators.</summary>
    public static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage with one decimal (<c>41.4%</c>), rounded half away from zero.</summary>
    public static string Percent(double share)
    {
        if (!double.IsFinite(share))
        {
            return Missing;
        }

        var rounded = Math.Round(share * 100, 1, MidpointRounding.AwayFromZero);

        // A tiny negative rounding error would otherwise print as "-0.0%".
        if (rounded == 0)
        {
            rounded = 0;
        }

        return rounded.ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>An interval as two percentages (<c>25.5%–59.3%</c>).</summary>
    public static string Interval(Interval interval) => Percent(interval.Low) + "–" + Percent(interval.High);

    /// <summary>A count with its share (<c>12 (41.4%)</c>).</summary>
    public static string CasesAndShare(PrevalenceRow row) => Count(row.Cases) + " (" + Percent(row.Share) + ")";

    /// <summary>An instant in UTC, ISO 8601, to the second (<c>2025-06-01T09:30:00Z</c>).</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A coder with its kind and version (<c>analyst-a (person, version 1)</c>).</summary>
    public static string Coder(Coder coder) =>
        SingleLine(coder.Name) + " (" + Vocabulary.Name(coder.Kind) + ", version " + SingleLine(coder.Version) + ")";

    /// <summary>The parts a quote is attributed with: pseudonym, source title, then outlet and date when known.</summary>
    public static IReadOnlyList<string> Attribution(ReportQuote quote)
    {
        var parts = new List<string> { SingleLine(quote.Pseudonym), SingleLine(quote.SourceTitle) };
        if (!string.IsNullOrWhiteSpace(quote.Outlet))
        {
            parts.Add(SingleLine(quote.Outlet));
        }

        if (quote.Published is { } published)
        {
            parts.Add(published.ToString());
        }

        return parts;
    }

    /// <summary>Data text on one line: characters that are not text removed, runs of white space made one space.</summary>
    public static string SingleLine(string? text)
    {
        var builder = new StringBuilder();
        foreach (var c in Clean(text))
        {
            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>Data text as paragraphs: a blank line separates paragraphs, other line breaks become spaces.</summary>
    public static IReadOnlyList<string> Paragraphs(string? text)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        foreach (var line in Clean(text).Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                Flush();
            }
            else
            {
                current.Append(line).Append(' ');
            }
        }

        Flush();
        return paragraphs;

        void Flush()
        {
            var paragraph = SingleLine(current.ToString());
            if (paragraph.Length > 0)
            {
                paragraphs.Add(paragraph);
            }

            current.Clear();
        }
    }

    /// <summary>Data text with line breaks as <c>\n</c>, without control characters, non-characters or broken surrogates.</summary>
    /// <remarks>Such characters cannot be written in XML at all, so leaving them in would make the SVG and the page invalid.</remarks>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if ((!char.IsControl(c) || c is '\n' or '\t') && c is not ('\uFFFE' or '\uFFFF'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
