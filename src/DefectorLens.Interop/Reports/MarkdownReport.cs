using System.Text;

namespace DefectorLens.Interop.Reports;

/// <summary>Writes a report as CommonMark with GitHub pipe tables: the same figures as <see cref="HtmlReport"/>.</summary>
/// <remarks>
/// Pure and deterministic like the HTML report. Data is escaped so that it can neither break a table nor
/// turn into markup: pipes, emphasis, links and raw HTML are backslash-escaped everywhere, and block
/// markers (headings, lists, quotes, rules) at the start of a line.
/// </remarks>
public static class MarkdownReport
{
    // ASCII punctuation that means something inline in CommonMark or GFM; CommonMark lets any of it be backslash-escaped.
    private const string InlineSpecials = "\\`*_[]<>|~#&!";

    /// <summary>Writes the report for <paramref name="model"/> to <paramref name="writer"/>.</summary>
    public static void Write(ReportModel model, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(model.Cases);

        // Blocks are collected and joined with exactly one blank line, the one separator every renderer agrees on.
        var blocks = new List<string>();
        Header(blocks, model);
        PrevalenceSection(blocks, model);
        foreach (var section in model.Findings)
        {
            Section(blocks, section, 2);
        }

        QuotesSection(blocks, model);
        foreach (var section in model.Recommendations)
        {
            Section(blocks, section, 2);
        }

        MethodSection(blocks, model);
        foreach (var section in model.Methods)
        {
            Section(blocks, section, 3);
        }

        // Lines end in "\n" whatever the writer's NewLine, so that the same model gives the same bytes everywhere.
        writer.Write(string.Join("\n\n", blocks));
        writer.Write('\n');
    }

    private static void Header(List<string> blocks, ReportModel model)
    {
        blocks.Add("# " + Inline(model.ProjectName));
        blocks.Add(Block(ReportText.Kind));
        blocks.Add(Lines(
            Fact("Generated", ReportFormat.Timestamp(model.GeneratedAt)),
            Fact("Codebook", Inline(model.CodebookId) + ", version " + Inline(model.CodebookVersion)),
            Fact("Cases", ReportFormat.Count(model.Cases)),
            Fact("Sources", ReportFormat.Count(model.Sources)),
            Fact("Coders", Inline(ReportText.CoderList(model.Coders))),
            Fact("Coder filter", Inline(model.CoderFilter ?? ReportText.AllCoders))));
    }

    private static void Section(List<string> blocks, ReportSection section, int level)
    {
        blocks.Add(Heading(level, section.Heading));
        blocks.AddRange(section.Paragraphs.Select(Block));
        if (section.Table is { } table)
        {
            blocks.Add(Block(table.Caption));
            blocks.Add(Lines(
                [TableRow([.. table.Headings.Select(Inline)]), TableRow([.. table.Headings.Select(_ => "---")]), .. table.Rows.Select(row => TableRow([.. row.Select(Inline)]))]));
        }
    }

    private static string Fact(string term, string markdown) => "- **" + term + ":** " + markdown;

    private static void PrevalenceSection(List<string> blocks, ReportModel model)
    {
        blocks.Add(Heading(2, ReportText.PrevalenceHeading));
        var categories = ReportLayout.Categories(model);
        if (model.Cases == 0)
        {
            blocks.Add(Block(ReportText.NoCases));
            return;
        }

        if (categories.Count == 0)
        {
            blocks.Add(Block(ReportText.NoCodes));
            return;
        }

        blocks.Add(Block(ReportText.PrevalenceLead(model.Cases)));
        foreach (var category in categories)
        {
            blocks.Add(Heading(3, category.Title));
            blocks.Add(Lines(
            [
                TableRow([.. ReportText.TableHeadings.Select(Inline)]),
                TableRow(["---", "---", "---:", "---:", "---:"]),
                .. category.Entries.Select(entry => TableRow(Cells(entry))),
            ]));
        }
    }

    private static string[] Cells(ReportEntry entry)
    {
        var code = Inline(entry.Id.Value);
        var name = Inline(entry.Name);
        return entry.Figures is { } row
            ? [code, name, ReportFormat.Count(row.Cases), ReportFormat.Percent(row.Share), ReportFormat.Interval(row.Ci95)]
            : [code, name, ReportText.NotComputed, ReportFormat.Missing, ReportFormat.Missing];
    }

    // Every row gets the same number of cells and every cell is escaped, so data cannot add or merge columns.
    private static string TableRow(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells) + " |";

    private static void QuotesSection(List<string> blocks, ReportModel model)
    {
        blocks.Add(Heading(2, ReportText.QuotesHeading));
        var groups = ReportLayout.QuoteGroups(model);
        if (groups.Count == 0)
        {
            blocks.Add(Block(ReportText.NoQuotes));
        }

        foreach (var group in groups)
        {
            blocks.Add("### " + Inline(group.Name) + " (" + Inline(group.Id.Value) + ")");
            if (ReportFormat.SingleLine(group.Definition) is { Length: > 0 } definition)
            {
                blocks.Add("_" + Inline(definition) + "_");
            }

            // Each quote is its own block: the blank line between them keeps them from merging into one quote.
            blocks.AddRange(group.Quotes.Select(Quote));
        }
    }

    private static string Quote(ReportQuote quote)
    {
        var lines = ReportFormat.Paragraphs(quote.Text).SelectMany(paragraph => new[] { "> " + Block(paragraph), ">" });
        return Lines([.. lines, "> — " + string.Join(", ", ReportFormat.Attribution(quote).Select(Inline))]);
    }

    private static void MethodSection(List<string> blocks, ReportModel model)
    {
        blocks.Add(Heading(2, ReportText.MethodHeading));
        blocks.Add(Block(ReportText.Method(model)));
        blocks.Add(Block(ReportText.Privacy));
    }

    private static string Heading(int level, string text) => new string('#', level) + " " + Inline(text);

    private static string Lines(params IEnumerable<string> lines) => string.Join("\n", lines);

    /// <summary>Text on one line with every inline special character escaped.</summary>
    private static string Inline(string? text)
    {
        var line = ReportFormat.SingleLine(text);
        var builder = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            if (InlineSpecials.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Text that starts a line, escaped inline and also so that it cannot open a heading, list, quote or rule.</summary>
    private static string Block(string? text)
    {
        var line = Inline(text);
        if (line.Length > 0 && line[0] is '-' or '+' or '=')
        {
            return "\\" + line;
        }

        // "12. " or "3) " would start an ordered list: escape the punctuation after the digits.
        var digits = 0;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        return digits > 0 && digits < line.Length && line[digits] is '.' or ')'
            ? line[..digits] + "\\" + line[digits..]
            : line;
    }
}
